import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two dates a task's state on a past day follows (DOMAIN.md "Roll-ups", the day "as done"; issue 16):
 * - `delivered_on`, when the lead department delivered: the date of its earliest submitted
 *   document (văn bản trình), else of its earliest issued document; null without documents
 *   (then the completion date given is the delivery). Kept by the same triggers that keep the
 *   documents' copy on the row (migration 1763870800000-task-read-columns), so no writer can
 *   forget it. On time / late is judged on it (libs/tasks/src/timeliness.ts).
 * - `assigned_on`, the day the task was assigned when it is not its plan's issue date (null: the plan's).
 * Both are read by the roll-ups, so a change of either bumps the plan's data revision (a trigger
 * of its own beside tr_tasks_revisions_updated, which other migrations rewrite).
 */
export class DeliveryAndAssignment1764100000000 implements MigrationInterface {
  name = 'DeliveryAndAssignment1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN delivered_on date, ADD COLUMN assigned_on date`);
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_task_read_columns(task_ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE tasks t
           SET coordinating_department_ids = COALESCE(
                 (SELECT array_agg(c.department_id ORDER BY c.department_id) FROM task_coordinators c WHERE c.task_id = t.id), '{}'),
               output_documents_json = COALESCE(
                 (SELECT json_agg(json_build_object('id', d.id, 'number', d.number, 'issuedOn', d.issued_on, 'kind', d.kind, 'title', d.title)
                                  ORDER BY d.issued_on, d.created_at, d.number)
                    FROM output_documents d WHERE d.task_id = t.id), '[]'),
               delivered_on = COALESCE(
                 (SELECT min(d.issued_on) FROM output_documents d WHERE d.task_id = t.id AND d.kind = 'submitted'),
                 (SELECT min(d.issued_on) FROM output_documents d WHERE d.task_id = t.id AND d.kind = 'issued'))
         WHERE t.id = ANY(task_ids)
      $$`);
    await q.query(`SELECT refresh_task_read_columns(ARRAY(SELECT DISTINCT task_id FROM output_documents))`);
    await q.query(`CREATE TRIGGER tr_tasks_revisions_delivery AFTER UPDATE ON tasks FOR EACH ROW
                     WHEN (OLD.delivered_on IS DISTINCT FROM NEW.delivered_on OR OLD.assigned_on IS DISTINCT FROM NEW.assigned_on)
                     EXECUTE FUNCTION tasks_bump_revisions_row()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_tasks_revisions_delivery ON tasks`);
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_task_read_columns(task_ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE tasks t
           SET coordinating_department_ids = COALESCE(
                 (SELECT array_agg(c.department_id ORDER BY c.department_id) FROM task_coordinators c WHERE c.task_id = t.id), '{}'),
               output_documents_json = COALESCE(
                 (SELECT json_agg(json_build_object('id', d.id, 'number', d.number, 'issuedOn', d.issued_on, 'kind', d.kind, 'title', d.title)
                                  ORDER BY d.issued_on, d.created_at, d.number)
                    FROM output_documents d WHERE d.task_id = t.id), '[]')
         WHERE t.id = ANY(task_ids)
      $$`);
    await q.query(`ALTER TABLE tasks DROP COLUMN delivered_on, DROP COLUMN assigned_on`);
  }
}
