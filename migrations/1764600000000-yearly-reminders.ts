import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The morning reminder run finds yearly duties (`Hàng năm`) by their year's part, not by the
 * first due date they carry (libs/reminders/src/reminders.service.ts, yearlyFiresSql): a branch of
 * its statements of its own, read through this small index of the yearly duties with a lead
 * department, so that the other tasks' branch keeps ix_tasks_open_due and the run's work still
 * follows the tasks due, not the size of the table.
 */
export class YearlyReminders1764600000000 implements MigrationInterface {
  name = 'YearlyReminders1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_tasks_yearly_due ON tasks (due_date) WHERE yearly AND lead_department_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_tasks_yearly_due`);
  }
}
