import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '@app/database';
import { databaseUrl, dropDatabase, onServer, TEST_DB_PREFIX, uniqueName } from './support/databases';

/** The schema comes from migrations only: every one runs, reverts, and runs again. */
describe('migrations', () => {
  const name = uniqueName(`${TEST_DB_PREFIX}mig_`);
  let db: DataSource;

  beforeAll(async () => {
    await onServer((c) => c.query(`CREATE DATABASE "${name}"`));
    db = await new DataSource(dataSourceOptions(databaseUrl(name))).initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await dropDatabase(name);
  });

  const tables = async () =>
    (await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map((r: any) => r.table_name);

  it('runs every migration, reverts them one by one to nothing, and runs them again', async () => {
    const applied = await db.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    const full = await tables();
    expect(full).toEqual(expect.arrayContaining(['tasks', 'task_updates', 'plans', 'departments', 'users', 'notifications', 'deliveries', 'meetings']));
    for (let i = 0; i < MIGRATIONS.length; i++) await db.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['migrations']);
    await db.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(full);
    expect(await db.runMigrations()).toEqual([]);
  });
});
