import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conclusion notices (issue 18, item 1): a plan of kind `conclusion_notice` names the meeting it
 * concludes, and holds, beside its own new tasks, tasks carried over from earlier plans. A carried
 * task keeps its row, its plan and its history; `carried_tasks` records that it also belongs to
 * the notice (who carried it, when).
 */
export class ConclusionNotices1764400300000 implements MigrationInterface {
  name = 'ConclusionNotices1764400300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plans
        ADD COLUMN meeting_id uuid REFERENCES meetings(id) ON DELETE SET NULL,
        ADD CONSTRAINT ck_plans_meeting_conclusion CHECK (meeting_id IS NULL OR kind = 'conclusion_notice')`);
    await q.query(`CREATE INDEX ix_plans_meeting ON plans (meeting_id) WHERE meeting_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE carried_tasks (
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        carried_by uuid REFERENCES users(id) ON DELETE SET NULL,
        carried_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (plan_id, task_id)
      )`);
    await q.query(`CREATE INDEX ix_carried_tasks_task ON carried_tasks (task_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE carried_tasks`);
    await q.query(`DROP INDEX ix_plans_meeting`);
    await q.query(`ALTER TABLE plans DROP CONSTRAINT ck_plans_meeting_conclusion, DROP COLUMN meeting_id`);
  }
}
