// Integration tests wait on real PostgreSQL and NATS round trips.
jest.setTimeout(60_000);
