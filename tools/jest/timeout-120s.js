// System tests start real processes.
jest.setTimeout(120_000);
