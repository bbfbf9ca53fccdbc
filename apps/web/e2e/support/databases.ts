/**
 * Databases and Redis keys of the browser tests. The same ideas as test/support/databases.ts
 * (a migrated template per run, one copy per spec file, an application role per run), but
 * with the API's BUILT libraries: Playwright's TypeScript transform emits no decorator
 * metadata, so nothing of the Nest sources is imported into this process.
 * Only names carrying steering_test_ (databases, roles) and steering-test- (Redis) are touched.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  databaseUrl, dropDatabase, dropTestAppRoleWith, onServer, TEST_APP_ROLE_PREFIX, TEST_DB_PREFIX, TEST_REDIS_URL, uniqueName,
} from '../../../../test/support/test-server';

export const ROOT = resolve(__dirname, '../../../..');
export { deleteRedisKeys, dropDatabase, TEST_QUEUE_PREFIX, uniqueName } from '../../../../test/support/test-server';
export const REDIS_URL = TEST_REDIS_URL;
/** The built API under test; STEERING_API_MAIN points at another build (a branch's, to try the pages against it). */
export const API_MAIN = process.env.STEERING_API_MAIN ?? join(ROOT, 'dist/apps/api/apps/api/src/main.js');
/** The timeouts of the run's application role (the product's defaults) and room for the API's pool. */
const APP_ROLE_SETTINGS = { statementTimeoutMs: 15_000, idleInTransactionTimeoutMs: 60_000, connectionLimit: 50 };

/** A library of the API's build (dist), e.g. distLib('database'): compiled with its decorator metadata. */
export function distLib(name: string): any {
  const entry = join(API_MAIN, '../../../../libs', name, 'src');
  if (!existsSync(`${entry}/index.js`)) throw new Error(`${entry} is not built: run npm run build`);
  require('reflect-metadata');
  return require(entry);
}

/** The template of this run: migrated with the built data source, the run's application role granted on it. */
export async function createTemplate(): Promise<{ template: string; role: string; password: string }> {
  const { dataSourceOptions } = distLib('data-source');
  const { ensureAppRole } = distLib('database');
  const { DataSource } = require('typeorm');
  const template = uniqueName(`${TEST_DB_PREFIX}tpl_`);
  await onServer((c) => c.query(`CREATE DATABASE "${template}"`));
  const dataSource = new DataSource(dataSourceOptions(databaseUrl(template)));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
  const role = uniqueName(TEST_APP_ROLE_PREFIX);
  const password = randomBytes(24).toString('hex');
  await ensureAppRole(databaseUrl(template), { role, password, ...APP_ROLE_SETTINGS });
  return { template, role, password };
}

/** The run's template and role, as globalSetup left them in the environment of the workers. */
function runTemplate(): { template: string; role: string; password: string } {
  const template = process.env.STEERING_WEB_TEST_TEMPLATE_DB;
  const role = process.env.STEERING_WEB_TEST_APP_ROLE;
  const password = process.env.STEERING_WEB_TEST_APP_PASSWORD;
  if (!template || !role || !password) throw new Error('the template database is not set: run the browser tests through playwright.config.ts (globalSetup)');
  return { template, role, password };
}

/** A database of one spec file, copied from the template: the owner's URL and the application role's. */
export async function createTestDatabase(): Promise<{ name: string; url: string; appUrl: string; drop: () => Promise<void> }> {
  const { ensureAppRoleOnCopy, appDatabaseUrl } = distLib('database');
  const { template, role, password } = runTemplate();
  const name = uniqueName(`${TEST_DB_PREFIX}web_`);
  await onServer((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  await ensureAppRoleOnCopy(databaseUrl(name), { role, ...APP_ROLE_SETTINGS });
  return { name, url: databaseUrl(name), appUrl: appDatabaseUrl(databaseUrl(name), role, password), drop: () => dropDatabase(name) };
}

/** Drops the run's role: first its grants in any database of this kind a crashed spec left behind. */
export function dropTestAppRole(role: string): Promise<void> {
  return dropTestAppRoleWith(role, distLib('database').dropAppRole);
}
