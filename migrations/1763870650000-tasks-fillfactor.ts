import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room on each page of `tasks` for the row's next version. A progress report rewrites its
 * task row (note, version, updated_at) without touching an indexed column, so PostgreSQL can
 * keep the new version on the same page and skip every index (a HOT update) — but only when
 * the page has room. Packed full (the default fillfactor 100), most reports had to write a new
 * entry into each of the table's ten indexes, the trigram index included. In `npm run
 * bench:api` (BENCHMARKS.md) 40 % of the updates were HOT at 100 and over 99 % at 90.
 * Applies to pages written from now on; an existing table gets it as rows move or on a rewrite.
 */
export class TasksFillfactor1763870650000 implements MigrationInterface {
  name = 'TasksFillfactor1763870650000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks SET (fillfactor = 90)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks RESET (fillfactor)`);
  }
}
