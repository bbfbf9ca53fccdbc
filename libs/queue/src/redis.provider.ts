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

/** A Redis connection for the app's own keys (health, sign-in throttling), apart from BullMQ's. */
export function createRedis(config: AppConfig): Redis {
  return new Redis({
    ...redisOptionsFromUrl(config.redisUrl),
    keyPrefix: `${config.queuePrefix}:`,
    maxRetriesPerRequest: 2,
  });
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [{ provide: REDIS, inject: [CONFIG], useFactory: createRedis }, RedisCloser],
  exports: [REDIS],
})
export class RedisModule {}
