import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What Redis keeps for the API when there is none (REDIS_URL=embedded, issue 20), in PostgreSQL:
 * - login_attempts: the sign-in throttle's counts, in the layout of rate-limiter-flexible's
 *   RateLimiterPostgres (key, points, expire in ms since the epoch); made here because the
 *   application role may not create tables;
 * - session_marks: a signed-out token's mark (`session-ended:<jti>`, until the token would have
 *   expired) and a user's revision counter (`user-revision:<id>`, no expiry), what TokenService
 *   keeps in Redis otherwise. Logged (not UNLOGGED): a sign-out survives a crash of the server.
 *   Expired marks are deleted as new ones are written.
 * Both tables stay empty when the API runs on Redis.
 */
export class EmbeddedRedisTables1763871600000 implements MigrationInterface {
  name = 'EmbeddedRedisTables1763871600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE login_attempts (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`);
    await q.query(`CREATE INDEX login_attempts_expire ON login_attempts (expire)`);
    await q.query(`CREATE TABLE session_marks (key text PRIMARY KEY, value bigint NOT NULL, expires_at timestamptz)`);
    await q.query(`CREATE INDEX session_marks_expires_at ON session_marks (expires_at) WHERE expires_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE session_marks`);
    await q.query(`DROP TABLE login_attempts`);
  }
}
