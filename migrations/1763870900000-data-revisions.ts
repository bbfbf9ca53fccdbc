import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A revision number per plan, bumped in the same transaction as any change to the plan or to
 * one of its tasks, and one for the departments (their names appear in roll-ups). A roll-up
 * is cached under the sum of the revisions it depends on (RollupsService.rollupJson):
 * a change makes a new sum, so a cached roll-up is never served after a change has committed.
 * Triggers, so every writer (the API, an import, a script) bumps them: per statement for
 * inserts and deletes (an import adds thousands of tasks in one), per row for updates of
 * tasks and only when a column a roll-up reads changes (a progress note alone bumps nothing,
 * and same-plan writers need not queue on the plan's revision row). One statement takes its
 * rows in key order, so two bulk writes over the same plans cannot deadlock on them.
 * A load that skips triggers (session_replication_role = replica, as the benchmark's seeding
 * does) must bump the revisions itself or restart the API, as it must fill the task copies.
 */
export class DataRevisions1763870900000 implements MigrationInterface {
  name = 'DataRevisions1763870900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE data_revisions (key text PRIMARY KEY, revision bigint NOT NULL)`);
    await q.query(`
      CREATE FUNCTION bump_data_revisions(keys text[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO data_revisions (key, revision)
        SELECT DISTINCT k, 1 FROM unnest(keys) k WHERE k IS NOT NULL ORDER BY k
        ON CONFLICT (key) DO UPDATE SET revision = data_revisions.revision + 1
      $$`);
    // the key of a changed row: its plan for tasks and plans, one key for all departments
    const keyOf: Record<string, string> = { tasks: 'plan_id::text', plans: 'id::text', departments: `'departments'` };
    for (const [table, key] of Object.entries(keyOf)) {
      await q.query(`
        CREATE FUNCTION ${table}_bump_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            PERFORM bump_data_revisions(ARRAY(SELECT ${key} FROM new_rows));
          ELSIF TG_OP = 'DELETE' THEN
            PERFORM bump_data_revisions(ARRAY(SELECT ${key} FROM old_rows));
          ELSE
            PERFORM bump_data_revisions(ARRAY(SELECT ${key} FROM new_rows UNION SELECT ${key} FROM old_rows));
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(`CREATE TRIGGER tr_${table}_revisions_inserted AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
                       FOR EACH STATEMENT EXECUTE FUNCTION ${table}_bump_revisions()`);
      await q.query(`CREATE TRIGGER tr_${table}_revisions_deleted AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
                       FOR EACH STATEMENT EXECUTE FUNCTION ${table}_bump_revisions()`);
      if (table !== 'tasks') {
        await q.query(`CREATE TRIGGER tr_${table}_revisions_updated AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
                         FOR EACH STATEMENT EXECUTE FUNCTION ${table}_bump_revisions()`);
      }
    }
    // what a roll-up reads of a task (libs/rollups/src/rollup-sql.ts, libs/tasks/src/task-history.ts taskStatesSql)
    const counted = ['plan_id', 'parent_id', 'lead_department_id', 'status', 'due_date', 'completed_on', 'completion_confirmed'];
    await q.query(`
      CREATE FUNCTION tasks_bump_revisions_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM bump_data_revisions(ARRAY[OLD.plan_id::text, NEW.plan_id::text]);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER tr_tasks_revisions_updated AFTER UPDATE ON tasks FOR EACH ROW
                     WHEN (${counted.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')})
                     EXECUTE FUNCTION tasks_bump_revisions_row()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['tasks', 'plans', 'departments']) {
      for (const event of ['inserted', 'deleted', 'updated']) await q.query(`DROP TRIGGER tr_${table}_revisions_${event} ON ${table}`);
      await q.query(`DROP FUNCTION ${table}_bump_revisions()`);
    }
    await q.query(`DROP FUNCTION tasks_bump_revisions_row()`);
    await q.query(`DROP FUNCTION bump_data_revisions(text[])`);
    await q.query(`DROP TABLE data_revisions`);
  }
}
