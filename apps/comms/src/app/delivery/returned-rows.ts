/**
 * The rows of an UPDATE or DELETE ... RETURNING run through TypeORM's query(): for those two commands the
 * postgres driver answers [rows, affectedCount] instead of rows (INSERT and SELECT answer rows).
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
