import { MigrationInterface, QueryRunner } from 'typeorm';

/** "Ghi chú" of a plan's table: kept with the task so an import loses nothing. */
export class TaskNote1763870100000 implements MigrationInterface {
  name = 'TaskNote1763870100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN note text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP COLUMN note`);
  }
}
