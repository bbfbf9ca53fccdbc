import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rights that match the domain (issue 12, point 8).
 *
 * - A coordinating department's note is its own entry: `tasks.coordinator_notes` keeps the
 *   latest note of each coordinating department beside the lead's `progress_note` (written in
 *   the same UPDATE as the task's version, so the list's cache, keyed by the row version, sees
 *   it), and `task_updates.department_id` names the department a history row speaks for.
 * - A focal point asks for `cancelled` or `recurring` and the secretariat decides:
 *   `status_change_requests`, shaped like `extension_requests`, one pending per task.
 */
export class DomainRights1763871100000 implements MigrationInterface {
  name = 'DomainRights1763871100000';

  async up(q: QueryRunner): Promise<void> {
    // [{ departmentId, note, at, actorId }], one per department, by department id
    await q.query(`ALTER TABLE tasks ADD COLUMN coordinator_notes jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE task_updates ADD COLUMN department_id uuid REFERENCES departments(id)`);

    await q.query(`
      CREATE TABLE status_change_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        requested_by uuid NOT NULL REFERENCES users(id),
        current_status text NOT NULL,
        requested_status text NOT NULL CHECK (requested_status IN ('cancelled','recurring')),
        reason text NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','approved','rejected')),
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        decision_note text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_status_change_requests_pending ON status_change_requests (task_id) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX ix_status_change_requests_state ON status_change_requests (state, created_at DESC)`);
    await q.query(`CREATE INDEX ix_status_change_requests_task ON status_change_requests (task_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE status_change_requests`);
    await q.query(`ALTER TABLE task_updates DROP COLUMN department_id`);
    await q.query(`ALTER TABLE tasks DROP COLUMN coordinator_notes`);
  }
}
