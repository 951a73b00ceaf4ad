/**
 * What of an error may go into a log. A TypeORM QueryFailedError carries the query's parameters
 * (subscriber emails, phone numbers, token hashes) and PostgreSQL's `detail` repeats the values of a
 * violated key; the SQL text, the error code, the constraint and the stack are what an operator needs.
 */
export function loggableError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const e = error as Error & { query?: unknown; code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; routine?: unknown; driverError?: { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; routine?: unknown } };
  const isQueryError = 'parameters' in e || 'driverError' in e || e.name === 'QueryFailedError';
  if (!isQueryError) return error;
  const driver = e.driverError ?? {};
  const safe = new Error(e.message);
  safe.name = e.name;
  safe.stack = e.stack;
  return Object.assign(safe, {
    query: typeof e.query === 'string' ? e.query : undefined,
    code: e.code ?? driver.code,
    constraint: e.constraint ?? driver.constraint,
    table: e.table ?? driver.table,
    column: e.column ?? driver.column,
    routine: e.routine ?? driver.routine,
  });
}
