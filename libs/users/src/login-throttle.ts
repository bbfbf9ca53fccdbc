import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { AppConfig, CONFIG } from '@app/config';
import { DomainError } from '@app/common';
import { REDIS } from '@app/queue';

const PAIR_WINDOW_SECONDS = 15 * 60;
const HOUR = 60 * 60;

export const storeUnavailable = (what: string, store: 'Redis' | 'PostgreSQL' = 'Redis') =>
  new DomainError('unavailable', `${what} is unavailable for a moment (${store} cannot be reached); try again shortly`);

/** rate-limiter-flexible's table with REDIS_URL=embedded (migration 1763871600000: the app role creates nothing). */
const POSTGRES_TABLE = 'login_attempts';

/**
 * Sign-in attempts are counted in Redis (shared by every API process) BEFORE the password is
 * checked, each count one atomic script of rate-limiter-flexible, so a burst of parallel guesses
 * cannot all reach the check. Three counts, as OWASP advises:
 * - per account and client address together (a success resets it): the one a guesser meets;
 *   it never locks the account for its user at another address;
 * - per account from every address, slower (per hour) and high enough that one address, held to
 *   the first count, can never reach it: only guesses spread over many addresses do;
 * - per client address over every account, against one address trying many accounts.
 * A success gives back its points, so the per-account and per-address counts are failures only.
 * Keys live under QUEUE_PREFIX (the Redis client's prefix); e-mails enter them hashed.
 * With REDIS_URL=embedded the same counts, by the same library's RateLimiterPostgres (one atomic
 * INSERT … ON CONFLICT a count), in the table login_attempts of the application's database.
 */
@Injectable()
export class LoginThrottle {
  private readonly byAddress: RateLimiterStoreAbstract;
  private readonly byPair: RateLimiterStoreAbstract;
  private readonly byAccount: RateLimiterStoreAbstract;
  private readonly store: 'Redis' | 'PostgreSQL';
  private readonly pool?: Pool;

  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(CONFIG) config: AppConfig,
    dataSource: DataSource,
  ) {
    const limits = config.loginLimits;
    let make: (opts: { keyPrefix: string; points: number; duration: number; blockDuration?: number }) => RateLimiterStoreAbstract;
    if (config.queueBackend === 'postgres' || !redis) {
      this.store = 'PostgreSQL';
      // TypeORM's pool (the application role): the library needs a pg Pool, and owns nothing here
      this.pool = (dataSource.driver as unknown as { master: Pool }).master;
      make = (opts) => new RateLimiterPostgres({ ...opts, storeClient: this.pool, storeType: 'pool', tableName: POSTGRES_TABLE, tableCreated: true });
    } else {
      this.store = 'Redis';
      make = (opts) => new RateLimiterRedis({ ...opts, storeClient: redis });
    }
    this.byAddress = make({ keyPrefix: 'login:address', points: limits.perAddress, duration: HOUR });
    this.byPair = make({ keyPrefix: 'login:pair', points: limits.perAccountAndAddress, duration: PAIR_WINDOW_SECONDS, blockDuration: PAIR_WINDOW_SECONDS });
    this.byAccount = make({ keyPrefix: 'login:account', points: limits.perAccount, duration: HOUR });
  }

  /** Counts one attempt on every limit, or throws 429 LOGIN_THROTTLED (503 if Redis is down). */
  async attempt(email: string, address: string): Promise<void> {
    const account = accountKey(email);
    try {
      // in this order: a guesser held by its own pair spends nothing of the account's global count
      await this.byAddress.consume(address);
      await this.byPair.consume(`${account}:${address}`);
      await this.byAccount.consume(account);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw storeUnavailable('sign-in', this.store);
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new DomainError(
        'too_many_requests',
        `too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} minutes`,
        { retryAfterSeconds: seconds },
        'LOGIN_THROTTLED',
      );
    }
  }

  /** The right password: the pair starts afresh, and this attempt is not counted as a failure. */
  async succeeded(email: string, address: string): Promise<void> {
    const account = accountKey(email);
    try {
      await Promise.all([this.byPair.delete(`${account}:${address}`), this.byAccount.reward(account, 1), this.byAddress.reward(address, 1)]);
    } catch {
      throw storeUnavailable('sign-in', this.store);
    }
  }

  /** An admin's unlock: the account's own counts, from every address, start afresh. */
  async unlock(email: string): Promise<void> {
    const account = accountKey(email);
    if (!this.redis || this.pool) {
      try {
        await this.byAccount.delete(account);
        await this.pool!.query(`DELETE FROM ${POSTGRES_TABLE} WHERE key LIKE $1`, [`login:pair:${account}:%`]);
      } catch {
        throw storeUnavailable('unlocking', this.store);
      }
      return;
    }
    const redis = this.redis;
    const prefix = redis.options.keyPrefix ?? '';
    try {
      await this.byAccount.delete(account);
      let cursor = '0';
      do {
        // SCAN's pattern is not prefixed by ioredis, DEL's keys are
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}login:pair:${account}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys.map((key) => key.slice(prefix.length)));
      } while (cursor !== '0');
    } catch {
      throw storeUnavailable('unlocking', this.store);
    }
  }
}

/** E-mails enter Redis keys hashed: no glob characters in the unlock's SCAN, no addresses in the keys. */
const accountKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
