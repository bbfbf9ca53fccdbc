import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the read caches (libs/database/src/read-caches.ts) could not see before:
 * - a TRUNCATE, which fires no row or insert/delete trigger: every table a cached read depends
 *   on now bumps the `truncated` data revision, part of the data generation that keys all
 *   three caches. The value is at least the time in milliseconds, so it never comes back,
 *   even after data_revisions itself was truncated (which bumps it too).
 * - a change of a task's `lead_group_id` (collective or not), which the lists' count reads;
 *   the API never changes it, but SQL could: it bumps the plan's revision like the columns of
 *   tr_tasks_revisions_updated (no cost on other updates: the WHEN is false).
 */
const TRUNCATE_WATCHED = ['tasks', 'plans', 'departments', 'carried_tasks', 'task_updates', 'data_revisions'];

export class ReadCacheGuards1764950000000 implements MigrationInterface {
  name = 'ReadCacheGuards1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION bump_truncated_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO data_revisions (key, revision) VALUES ('truncated', (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
        ON CONFLICT (key) DO UPDATE SET revision = GREATEST(data_revisions.revision + 1, EXCLUDED.revision);
        RETURN NULL;
      END $$`);
    for (const table of TRUNCATE_WATCHED) {
      await q.query(`CREATE TRIGGER tr_${table}_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_truncated_revision()`);
    }
    await q.query(`CREATE TRIGGER tr_tasks_revisions_lead_group AFTER UPDATE ON tasks FOR EACH ROW
                     WHEN (OLD.lead_group_id IS DISTINCT FROM NEW.lead_group_id)
                     EXECUTE FUNCTION tasks_bump_revisions_row()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_tasks_revisions_lead_group ON tasks`);
    for (const table of TRUNCATE_WATCHED) await q.query(`DROP TRIGGER tr_${table}_truncated ON ${table}`);
    await q.query(`DROP FUNCTION bump_truncated_revision()`);
    await q.query(`DELETE FROM data_revisions WHERE key = 'truncated'`);
  }
}
