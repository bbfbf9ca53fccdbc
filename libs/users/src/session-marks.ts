import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { preparedQuery } from '@app/database';

/**
 * What every API process shares about sessions, apart from the users' rows: a signed-out token's
 * mark (until the token would have expired) and each user's revision counter (moved by every
 * change of the user). In Redis (keys under QUEUE_PREFIX), or with REDIS_URL=embedded in the
 * table session_marks of the application's database; TokenService does not know which.
 */
export interface SessionMarks {
  /** Where the marks are, for the 503's message when they cannot be reached. */
  readonly store: 'Redis' | 'PostgreSQL';
  /** The token's mark and the user's revision (null: never changed), in one round trip. */
  read(jti: string, userId: string): Promise<{ ended: boolean; revision: string | null }>;
  /** Marks the token ended for `seconds`. */
  end(jti: string, seconds: number): Promise<void>;
  /** Moves the user's revision. */
  bump(userId: string): Promise<void>;
}

export const SESSION_MARKS = Symbol('SESSION_MARKS');

const endedKey = (jti: string) => `session-ended:${jti}`;
const revisionKey = (userId: string) => `user-revision:${userId}`;

export class RedisSessionMarks implements SessionMarks {
  readonly store = 'Redis' as const;
  constructor(private readonly redis: Redis) {}

  async read(jti: string, userId: string) {
    const [ended, revision] = await this.redis.mget(endedKey(jti), revisionKey(userId));
    return { ended: !!ended, revision };
  }

  async end(jti: string, seconds: number): Promise<void> {
    await this.redis.set(endedKey(jti), '1', 'EX', seconds);
  }

  async bump(userId: string): Promise<void> {
    await this.redis.incr(revisionKey(userId));
  }
}

/**
 * session_marks (migration 1763871600000): key, value, expires_at (null: kept). One indexed read
 * a request, as the MGET; a sign-out also deletes a few marks past their expiry, so the table
 * holds about the tokens signed out within JWT_EXPIRES_IN.
 */
export class PostgresSessionMarks implements SessionMarks {
  readonly store = 'PostgreSQL' as const;
  constructor(private readonly dataSource: DataSource) {}

  async read(jti: string, userId: string) {
    const rows = await preparedQuery<{ key: string; value: string }>(
      this.dataSource,
      `SELECT key, value::text AS value FROM session_marks WHERE key IN ($1, $2) AND (expires_at IS NULL OR expires_at > now())`,
      [endedKey(jti), revisionKey(userId)],
    );
    return { ended: rows.some((r) => r.key === endedKey(jti)), revision: rows.find((r) => r.key === revisionKey(userId))?.value ?? null };
  }

  async end(jti: string, seconds: number): Promise<void> {
    await preparedQuery(
      this.dataSource,
      `WITH expired AS (DELETE FROM session_marks WHERE key IN (
         SELECT key FROM session_marks WHERE expires_at < now() LIMIT 100 FOR UPDATE SKIP LOCKED))
       INSERT INTO session_marks (key, value, expires_at) VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET value = 1, expires_at = EXCLUDED.expires_at`,
      [endedKey(jti), seconds],
    );
  }

  async bump(userId: string): Promise<void> {
    await preparedQuery(
      this.dataSource,
      `INSERT INTO session_marks (key, value) VALUES ($1, 1) ON CONFLICT (key) DO UPDATE SET value = session_marks.value + 1`,
      [revisionKey(userId)],
    );
  }
}

/** The marks of this configuration: Redis, or PostgreSQL when REDIS_URL=embedded. */
export function createSessionMarks(config: AppConfig, redis: Redis | null, dataSource: DataSource): SessionMarks {
  if (config.queueBackend === 'postgres' || !redis) return new PostgresSessionMarks(dataSource);
  return new RedisSessionMarks(redis);
}
