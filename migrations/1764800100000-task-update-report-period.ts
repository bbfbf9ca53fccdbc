import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A recurring ("Thường xuyên") task is reported per report period: the history row of a progress
 * note names its period ("2024-6M", "2024-Y", "2024-Q2", "2024-M5"; libs/tasks task-rules.ts),
 * so an appendix as of a cut-off shows the note of the cut-off's period, never an older one.
 */
export class TaskUpdateReportPeriod1764800100000 implements MigrationInterface {
  name = 'TaskUpdateReportPeriod1764800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_updates ADD COLUMN report_period text
      CONSTRAINT ck_task_updates_report_period CHECK (report_period ~ '^[0-9]{4}-(M([1-9]|1[0-2])|Q[1-4]|6M|9M|Y)$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_updates DROP COLUMN report_period`);
  }
}
