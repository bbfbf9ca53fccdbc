import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A failed delivery is tried again by the worker's sweep until its horizon: `first_failed_at`
 * (when its first try failed; the horizon counts from there) and `next_retry_at` (when the
 * sweep tries it next; NULL once it is given up for good, or while it is not failed).
 */
export class DeliveryRetries1763871400000 implements MigrationInterface {
  name = 'DeliveryRetries1763871400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries ADD COLUMN first_failed_at timestamptz, ADD COLUMN next_retry_at timestamptz`);
    await q.query(`CREATE INDEX ix_deliveries_retry_due ON deliveries (next_retry_at) WHERE status = 'failed' AND next_retry_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_deliveries_retry_due`);
    await q.query(`ALTER TABLE deliveries DROP COLUMN next_retry_at, DROP COLUMN first_failed_at`);
  }
}
