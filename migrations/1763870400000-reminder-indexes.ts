import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the morning reminder run and the delivery sweep read, so that their work grows
 * with the tasks due and the deliveries waiting, not with the size of the tables.
 */
export class ReminderIndexes1763870400000 implements MigrationInterface {
  name = 'ReminderIndexes1763870400000';

  async up(q: QueryRunner): Promise<void> {
    // open tasks of one department (collective parents have no lead department): probed
    // once per rule date, and its first entry is the oldest open deadline
    await q.query(`
      CREATE INDEX ix_tasks_open_due ON tasks (due_date)
       WHERE status IN ('not_started','in_progress','blocked') AND lead_department_id IS NOT NULL AND due_date IS NOT NULL`);
    // deliveries still to make, for the sweep that queues any whose job was lost
    await q.query(`CREATE INDEX ix_deliveries_pending ON deliveries (created_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_deliveries_pending`);
    await q.query(`DROP INDEX IF EXISTS ix_tasks_open_due`);
  }
}
