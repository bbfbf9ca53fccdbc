import { MigrationInterface, QueryRunner } from 'typeorm';

// What a roll-up reads of a task (as in 1763870900000-data-revisions), and now the coordinators'
// copy too: the task lists filter on it (coordinatingDepartmentId, involvedDepartmentId), and a
// list's count is kept only while no change that could alter it has committed.
const COUNTED = ['plan_id', 'parent_id', 'lead_department_id', 'status', 'due_date', 'completed_on', 'completion_confirmed'];

function revisionsTrigger(columns: string[]): string {
  return `CREATE TRIGGER tr_tasks_revisions_updated AFTER UPDATE ON tasks FOR EACH ROW
            WHEN (${columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')})
            EXECUTE FUNCTION tasks_bump_revisions_row()`;
}

/** A department's tasks as lead or coordinator (a focal point's "mine") by index, and their count kept. */
export class CoordinatorFilter1763871500000 implements MigrationInterface {
  name = 'CoordinatorFilter1763871500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_tasks_coordinating_departments ON tasks USING gin (coordinating_department_ids)`);
    await q.query(`DROP TRIGGER tr_tasks_revisions_updated ON tasks`);
    await q.query(revisionsTrigger([...COUNTED, 'coordinating_department_ids']));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_tasks_revisions_updated ON tasks`);
    await q.query(revisionsTrigger(COUNTED));
    await q.query(`DROP INDEX ix_tasks_coordinating_departments`);
  }
}
