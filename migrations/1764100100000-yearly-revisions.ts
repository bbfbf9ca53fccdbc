import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A roll-up reads `yearly` too (a yearly duty is due every 31 December, and each year's part
 * counts in its year: libs/tasks/src/timeliness.ts taskStatesOnDaySql), so a change of it alone
 * ("Năm 2024" made "Hàng năm", the same due date) bumps the plan's data revision as well.
 */
export class YearlyRevisions1764100100000 implements MigrationInterface {
  name = 'YearlyRevisions1764100100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_tasks_revisions_delivery ON tasks`);
    await q.query(`CREATE TRIGGER tr_tasks_revisions_delivery AFTER UPDATE ON tasks FOR EACH ROW
                     WHEN (OLD.delivered_on IS DISTINCT FROM NEW.delivered_on OR OLD.assigned_on IS DISTINCT FROM NEW.assigned_on
                           OR OLD.yearly IS DISTINCT FROM NEW.yearly)
                     EXECUTE FUNCTION tasks_bump_revisions_row()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_tasks_revisions_delivery ON tasks`);
    await q.query(`CREATE TRIGGER tr_tasks_revisions_delivery AFTER UPDATE ON tasks FOR EACH ROW
                     WHEN (OLD.delivered_on IS DISTINCT FROM NEW.delivered_on OR OLD.assigned_on IS DISTINCT FROM NEW.assigned_on)
                     EXECUTE FUNCTION tasks_bump_revisions_row()`);
  }
}
