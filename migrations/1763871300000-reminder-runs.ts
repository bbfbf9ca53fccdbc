import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The morning run's record, one row per day, and its parts (one per department with tasks
 * due, and the secretariat's digest). The queue only carries the work; whether a morning
 * is done is known here, in PostgreSQL, so a crash, a stalled job or a Redis that lost its
 * data can be found and made good by the hourly check.
 */
export class ReminderRuns1763871300000 implements MigrationInterface {
  name = 'ReminderRuns1763871300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reminder_runs (
        day date PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('running', 'done')),
        -- the BullMQ job that runs it now (its id, and when it was added: a re-triggered day
        -- reuses the id); the check finds a run whose job is gone
        job_id text,
        job_added_at timestamptz,
        -- how many times the morning was started: 1, then once per restart or resume
        starts int NOT NULL DEFAULT 1,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE reminder_run_parts (
        day date NOT NULL REFERENCES reminder_runs(day) ON DELETE CASCADE,
        -- 'department:<uuid>' or 'secretariat'
        part text NOT NULL,
        done_at timestamptz,
        -- what the part calls for (all in the ledger once it is done), not what its last try added
        tasks_due int NOT NULL DEFAULT 0,
        notifications int NOT NULL DEFAULT 0,
        emails int NOT NULL DEFAULT 0,
        PRIMARY KEY (day, part)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reminder_run_parts`);
    await q.query(`DROP TABLE reminder_runs`);
  }
}
