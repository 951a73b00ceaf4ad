import { InitialCommsSchema1764160000001 } from './1764160000001-initial-comms-schema';

export const commsMigrations = [InitialCommsSchema1764160000001];
