import { isDatabaseUnavailable } from '@app/database';
import { isRedisUnavailable } from '@app/queue';

/**
 * The message of a 503 when an error means PostgreSQL or Redis cannot be reached (the
 * request is refused at once and nothing of it runs later); null for any other error.
 */
export function describeOutage(error: unknown): string | null {
  if (isRedisUnavailable(error)) return 'Redis (queues, sign-in throttling) cannot be reached; nothing was done, try again shortly';
  if (isDatabaseUnavailable(error)) return 'PostgreSQL cannot be reached; nothing was done, try again shortly';
  return null;
}
