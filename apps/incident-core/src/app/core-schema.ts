/** incident-core's PostgreSQL schema; no other service reads it. */
export const CORE_SCHEMA = 'core';
