import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { AppConfig, CONFIG } from '@app/config';

export const REDIS = Symbol('REDIS');

/** redis://user:pass@host:port/db → ioredis options (BullMQ takes options, not a URL). */
export function redisOptionsFromUrl(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * How long a connection attempt, and a producer's command, may take before it counts as Redis being
 * down. A stopped Redis fails at once (closed socket); the command timeout is only for a Redis that
 * hangs, and is loose because it also fires when this process's own event loop was held up (a busy
 * machine, a long GC) while Redis had answered: a tight one turned load into spurious 503s.
 */
export const REDIS_CONNECT_TIMEOUT_MS = 1_500;
export const REDIS_COMMAND_TIMEOUT_MS = 5_000;
/** Reconnects every 0.2 s, 0.4 s… at most every 2 s: service is back within 2 s of Redis. */
const reconnectSoon = (times: number) => Math.min(times * 200, 2_000);

/**
 * The options of a connection that answers requests (the API's queues, sign-in throttling,
 * health): while Redis is down every command fails at once instead of waiting in ioredis'
 * offline queue, and a command cut off by the outage is rejected, never sent again on
 * reconnect — a request that was answered 503 never happens later.
 */
export function failFastRedisOptions(redisUrl: string): RedisOptions {
  return {
    ...redisOptionsFromUrl(redisUrl),
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: reconnectSoon,
  };
}

/**
 * The options of the worker's connections: a job's bookkeeping (completion, lock renewal) waits
 * for Redis to come back rather than fail, as BullMQ requires of workers.
 */
export function patientRedisOptions(redisUrl: string): RedisOptions {
  return { ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: null, connectTimeout: REDIS_CONNECT_TIMEOUT_MS, retryStrategy: reconnectSoon };
}

// what ioredis and BullMQ say when the server cannot be reached or stopped answering
const REDIS_DOWN_MESSAGES = [
  "Stream isn't writeable and enableOfflineQueue options is false",
  'Connection is closed',
  'Command timed out',
  'Reached the max retries per request limit',
  'Command aborted due to connection close',
  'connect ETIMEDOUT',
];
const REDIS_DOWN_NAMES = new Set(['MaxRetriesPerRequestError', 'AbortError', 'ConnectionClosedError']);

/** Whether an error means Redis cannot be reached right now (then the request answers 503). */
export function isRedisUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: string; message?: string };
  if (name && REDIS_DOWN_NAMES.has(name)) return true;
  return typeof message === 'string' && REDIS_DOWN_MESSAGES.some((m) => message.includes(m));
}

/**
 * A Redis connection for the app's own keys (health, sign-in throttling, session marks), apart
 * from BullMQ's; fails fast. None (null) with REDIS_URL=embedded: those live in PostgreSQL then.
 */
export function createRedis(config: AppConfig): Redis | null {
  if (config.queueBackend === 'postgres') return null;
  return new Redis({ ...failFastRedisOptions(config.redisUrl), keyPrefix: `${config.queuePrefix}:` });
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}
  async onApplicationShutdown(): Promise<void> {
    const redis = this.redis;
    if (redis) await redis.quit().catch(() => redis.disconnect());
  }
}

@Global()
@Module({
  providers: [{ provide: REDIS, inject: [CONFIG], useFactory: createRedis }, RedisCloser],
  exports: [REDIS],
})
export class RedisModule {}
