import 'tsconfig-paths/register'; // globalSetup runs outside jest's moduleNameMapper
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { databaseUrl, onServer, TEST_DB_PREFIX, uniqueName } from './support/databases';

/** Migrates one template database; each test file copies it (CREATE DATABASE … TEMPLATE), which is fast. */
export default async function globalSetup(): Promise<void> {
  const name = uniqueName(`${TEST_DB_PREFIX}tpl_`);
  await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
  const dataSource = new DataSource(dataSourceOptions(databaseUrl(name)));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  process.env.STEERING_TEST_TEMPLATE_DB = name;
}
