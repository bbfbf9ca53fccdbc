/**
 * The PostgreSQL server and Redis of the tests, and the marks on what tests create: shared by the
 * Jest e2e tests (test/support/databases.ts) and the browser tests (apps/web/e2e/support), so it
 * imports nothing of the app (Playwright's TypeScript transform emits no decorator metadata).
 * Tests never touch a database, role or Redis key they did not create: names carry these marks.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';

export const TEST_DB_PREFIX = 'steering_test_';
/** The application role of a test run (its setup makes it, its teardown drops it). */
export const TEST_APP_ROLE_PREFIX = 'steering_test_app_';
export const TEST_QUEUE_PREFIX = 'steering-test-';
export const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `work` on a connection as the server's owner (to the `postgres` database, or to `database`). */
export async function onServer<T>(work: (client: Client) => Promise<T>, database?: string): Promise<T> {
  const client = new Client({ connectionString: database ? databaseUrl(database) : SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  if (!name.startsWith(TEST_DB_PREFIX)) throw new Error(`refusing to drop ${name}: not a test database`);
  await onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Drops a run's application role with the app's `dropAppRole` (from the sources or the build);
 * first its grants in any test database a crashed test file left behind (those only).
 */
export async function dropTestAppRoleWith(role: string, dropAppRole: (serverUrl: string, role: string) => Promise<void>): Promise<void> {
  if (!role.startsWith(TEST_APP_ROLE_PREFIX)) throw new Error(`refusing to drop role ${role}: not a test role`);
  const leftovers: string[] = await onServer(async (c) =>
    (await c.query(
      `SELECT DISTINCT d.datname FROM pg_shdepend s JOIN pg_database d ON d.oid = s.dbid
        WHERE s.refclassid = 'pg_authid'::regclass AND s.refobjid = (SELECT oid FROM pg_roles WHERE rolname = $1)`,
      [role],
    )).rows.map((r: { datname: string }) => r.datname),
  );
  for (const name of leftovers.filter((n) => n.startsWith(TEST_DB_PREFIX))) {
    await onServer((c) => c.query(`DROP OWNED BY "${role}"`).then(() => undefined), name);
  }
  await dropAppRole(SERVER_URL, role);
}

/** Deletes every Redis key under a test's own queue prefix (sign-in counters included). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  if (!prefix.startsWith(TEST_QUEUE_PREFIX)) throw new Error(`refusing to delete keys of ${prefix}`);
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
