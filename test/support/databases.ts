import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';

/** Tests never touch a database or Redis keys they did not create: names carry this mark. */
export const TEST_DB_PREFIX = 'steering_test_';
const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

/** A fresh database for one test file, copied from the migrated template made by global-setup. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const template = process.env.STEERING_TEST_TEMPLATE_DB;
  if (!template) throw new Error('STEERING_TEST_TEMPLATE_DB is not set: run the tests through jest (global-setup makes it)');
  const name = uniqueName(TEST_DB_PREFIX);
  await onServer((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

/** An empty database (no migration run) with the app's DataSource on it, for migration tests. */
export async function createEmptyDatabase(label: string): Promise<{ db: DataSource; drop: () => Promise<void> }> {
  const name = uniqueName(`${TEST_DB_PREFIX}${label}_`);
  await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
  const db = await new DataSource(dataSourceOptions(databaseUrl(name))).initialize();
  return {
    db,
    drop: async () => {
      await db.destroy();
      await dropDatabase(name);
    },
  };
}

export async function dropDatabase(name: string): Promise<void> {
  if (!name.startsWith(TEST_DB_PREFIX)) throw new Error(`refusing to drop ${name}: not a test database`);
  await onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Deletes every Redis key under a test's own queue prefix. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  if (!prefix.startsWith('steering-test-')) throw new Error(`refusing to delete keys of ${prefix}`);
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
