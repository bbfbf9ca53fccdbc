/**
 * PostgreSQL cancelled the statement (SQLSTATE 57014, query_canceled): the statement timeout
 * of the application role (DB_STATEMENT_TIMEOUT_MS) or an operator's pg_cancel_backend. The
 * request did nothing wrong: the API answers 503 with Retry-After and logs it.
 */
export function isStatementCancelled(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === '57014' || e?.driverError?.code === '57014';
}

/** Seconds a client is asked to wait after a cancelled statement before trying again. */
export const STATEMENT_CANCELLED_RETRY_AFTER_SECONDS = 5;
