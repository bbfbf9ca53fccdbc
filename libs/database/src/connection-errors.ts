// sockets that cannot reach the server, or were cut while talking to it
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);
// SQLSTATEs of a server that is going away, starting, full or refusing this database
const SERVER_GONE_STATES = new Set([
  '57P01', // admin_shutdown: terminated by an administrator or a shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
  '55000', // this database is not accepting connections (ALLOW_CONNECTIONS false)
]);
// what node-postgres says when a connection ends under it or cannot be made in time
const PG_DOWN_MESSAGES = ['Connection terminated', 'timeout exceeded when trying to connect', 'Client has encountered a connection error'];

/**
 * Whether an error means PostgreSQL cannot be reached right now, as opposed to a statement
 * that failed: the request then answers 503 (try again shortly), not 500. Looks through
 * TypeORM's QueryFailedError to the driver's error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || SERVER_GONE_STATES.has(e.code) || e.code.startsWith('08'))) return true;
  if (typeof e.message === 'string' && PG_DOWN_MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  // a refused connection to a host with several addresses
  if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
  return e.driverError !== undefined && e.driverError !== error && isDatabaseUnavailable(e.driverError);
}
