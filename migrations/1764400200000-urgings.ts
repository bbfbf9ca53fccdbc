import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Urging letters on record (issue 18, item 4): the secretariat's numbered letter (đôn đốc, e.g.
 * "Công văn 168/STTTT-CNTT ngày 10/02/2025") against one or many tasks, and the departments it
 * is sent to. Each task's history gets an `urged` row; the meeting summary counts them.
 */
export class Urgings1764400200000 implements MigrationInterface {
  name = 'Urgings1764400200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE urgings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL,
        issued_on date NOT NULL,
        note text,
        department_ids uuid[] NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_urgings_number UNIQUE (number, issued_on)
      )`);
    await q.query(`
      CREATE TABLE urging_tasks (
        urging_id uuid NOT NULL REFERENCES urgings(id) ON DELETE CASCADE,
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        PRIMARY KEY (urging_id, task_id)
      )`);
    await q.query(`CREATE INDEX ix_urging_tasks_task ON urging_tasks (task_id)`);
    await q.query(`CREATE INDEX ix_urgings_issued ON urgings (issued_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE urging_tasks`);
    await q.query(`DROP TABLE urgings`);
  }
}
