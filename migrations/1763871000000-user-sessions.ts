import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can be ended: every token carries the user's token_version (`tv`), and a token
 * whose version is not the user's current one is refused; bumping it ends every earlier token.
 * must_change_password: a password someone else chose (ADMIN_PASSWORD, an admin's reset, in
 * production) must be changed by its user before anything else.
 */
export class UserSessions1763871000000 implements MigrationInterface {
  name = 'UserSessions1763871000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0, ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN must_change_password, DROP COLUMN token_version`);
  }
}
