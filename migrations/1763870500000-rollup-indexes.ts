import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The as-of roll-up rebuilds each task's state from the last history row up to a day: one
 * backward probe per task into task_updates. Covering the state columns makes each probe an
 * index-only read; on 100,000 tasks with 300,000 history rows (bench/rollups.ts) this took
 * the state rebuild from about 460 ms to about 190 ms (EXPLAIN ANALYZE: heap fetches gone).
 * It has the keys of ix_task_updates_task_at, which it replaces (the history list and
 * TaskHistory.stateAt read it the same way).
 */
export class RollupIndexes1763870500000 implements MigrationInterface {
  name = 'RollupIndexes1763870500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX ix_task_updates_task_state ON task_updates (task_id, at, id)
        INCLUDE (status, due_date, completed_on, completion_confirmed)`);
    await q.query(`DROP INDEX IF EXISTS ix_task_updates_task_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS ix_task_updates_task_at ON task_updates (task_id, at, id)`);
    await q.query(`DROP INDEX IF EXISTS ix_task_updates_task_state`);
  }
}
