/** comms' PostgreSQL schema; no other service reads it. */
export const COMMS_SCHEMA = 'comms';
