import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@app/data-source';
import { createEmptyDatabase } from './support/databases';

/** The schema comes from migrations only: every one runs, reverts, and runs again. */
describe('migrations', () => {
  let db: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await createEmptyDatabase('mig'));
  });
  afterAll(() => drop());

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
