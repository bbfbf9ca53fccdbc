import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The escalation ladder (issue 18, item 3): each department's head (lãnh đạo đơn vị) and the
 * committee member it belongs to (thành viên Ban Chỉ đạo phụ trách), both users who read
 * (role viewer). An overdue task climbs to them on the morning run's steps (reminder-rules.ts).
 */
export class EscalationLadder1764400100000 implements MigrationInterface {
  name = 'EscalationLadder1764400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE departments
        ADD COLUMN head_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        ADD COLUMN committee_member_id uuid REFERENCES users(id) ON DELETE SET NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE departments DROP COLUMN committee_member_id, DROP COLUMN head_user_id`);
  }
}
