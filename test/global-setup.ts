import 'tsconfig-paths/register'; // globalSetup runs outside jest's moduleNameMapper
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/data-source';
import { ensureAppRole } from '@app/database';
import { databaseUrl, onServer, TEST_APP_ROLE_PREFIX, TEST_APP_ROLE_SETTINGS, TEST_DB_PREFIX, uniqueName } from './support/databases';

/**
 * Migrates one template database; each test file copies it (CREATE DATABASE … TEMPLATE), which
 * is fast. Makes this run's application role and grants it on the template, so every copy
 * carries the grants and the apps under test connect as production's do.
 */
export default async function globalSetup(): Promise<void> {
  const name = uniqueName(`${TEST_DB_PREFIX}tpl_`);
  await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
  const dataSource = new DataSource(dataSourceOptions(databaseUrl(name)));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  process.env.STEERING_TEST_TEMPLATE_DB = name;

  const role = uniqueName(TEST_APP_ROLE_PREFIX);
  const password = randomBytes(24).toString('hex');
  process.env.STEERING_TEST_APP_ROLE = role;
  process.env.STEERING_TEST_APP_PASSWORD = password;
  await ensureAppRole(databaseUrl(name), { role, password, ...TEST_APP_ROLE_SETTINGS });
}
