import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/data-source';
import { appDatabaseUrl, dropAppRole, ensureAppRoleOnCopy } from '@app/database';
import { databaseUrl, dropDatabase, dropTestAppRoleWith, onServer, TEST_DB_PREFIX, uniqueName } from './test-server';

export * from './test-server';

/** The application role's name and password for this run, from global-setup. */
export function testAppRole(): { role: string; password: string } {
  const role = process.env.STEERING_TEST_APP_ROLE;
  const password = process.env.STEERING_TEST_APP_PASSWORD;
  if (!role || !password) throw new Error('STEERING_TEST_APP_ROLE is not set: run the tests through jest (global-setup makes it)');
  return { role, password };
}

/**
 * A fresh database for one test file, copied from the migrated template made by global-setup.
 * `url` is the owner's (migrations, changes behind the app's back), `appUrl` the application
 * role's, as the API and the worker connect in production. The copy inherits the role's grants
 * from the template; only its right to connect and its timeouts are set on the copy.
 */
export async function createTestDatabase(): Promise<{ name: string; url: string; appUrl: string; drop: () => Promise<void> }> {
  const template = process.env.STEERING_TEST_TEMPLATE_DB;
  if (!template) throw new Error('STEERING_TEST_TEMPLATE_DB is not set: run the tests through jest (global-setup makes it)');
  const name = uniqueName(TEST_DB_PREFIX);
  await onServer((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const { role, password } = testAppRole();
  await ensureAppRoleOnCopy(databaseUrl(name), { role, ...TEST_APP_ROLE_SETTINGS });
  return { name, url: databaseUrl(name), appUrl: appDatabaseUrl(databaseUrl(name), role, password), drop: () => dropDatabase(name) };
}

/** The timeouts of the test run's application role (the product's defaults) and room for parallel test files. */
export const TEST_APP_ROLE_SETTINGS = { statementTimeoutMs: 15_000, idleInTransactionTimeoutMs: 60_000, connectionLimit: 200 };

/**
 * Drops this run's application role; first its grants in any test database a crashed test
 * file left behind (those only: other databases and roles are never touched).
 */
export function dropTestAppRole(role: string): Promise<void> {
  return dropTestAppRoleWith(role, dropAppRole);
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
