import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A conclusion notice's roll-up counts the tasks carried into it (libs/rollups, rollup-sql.ts):
 * carrying a task, or taking it back, bumps the notice's revision (migration
 * 1763870900000-data-revisions) so a cached roll-up of the notice is not served after it.
 * Per statement, like the other revision triggers: carrying many tasks bumps once.
 */
export class CarriedTaskRevisions1764800000000 implements MigrationInterface {
  name = 'CarriedTaskRevisions1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION carried_tasks_bump_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM bump_data_revisions(ARRAY(SELECT plan_id::text FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM bump_data_revisions(ARRAY(SELECT plan_id::text FROM old_rows));
        ELSE
          PERFORM bump_data_revisions(ARRAY(SELECT plan_id::text FROM new_rows UNION SELECT plan_id::text FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER tr_carried_tasks_revisions_inserted AFTER INSERT ON carried_tasks REFERENCING NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION carried_tasks_bump_revisions()`);
    await q.query(`CREATE TRIGGER tr_carried_tasks_revisions_deleted AFTER DELETE ON carried_tasks REFERENCING OLD TABLE AS old_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION carried_tasks_bump_revisions()`);
    await q.query(`CREATE TRIGGER tr_carried_tasks_revisions_updated AFTER UPDATE ON carried_tasks REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION carried_tasks_bump_revisions()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['inserted', 'deleted', 'updated']) await q.query(`DROP TRIGGER tr_carried_tasks_revisions_${event} ON carried_tasks`);
    await q.query(`DROP FUNCTION carried_tasks_bump_revisions()`);
  }
}
