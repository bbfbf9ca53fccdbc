import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task's coordinating departments and output documents, kept ready on the task row for
 * reading. `task_coordinators` and `output_documents` stay the record (keys, uniqueness, the
 * search); these two columns are copies that triggers rewrite in the same transaction as any
 * change to those tables, so no code path can forget them and no reader sees them stale.
 * Why: a page of 50 tasks read them with two sub-selects per task, which was half of
 * PostgreSQL's time for the page (BENCHMARKS.md, issue 7).
 *
 * The triggers are per statement, with transition tables, so a bulk insert (an import, the
 * benchmark's seeding) rewrites each task touched once, not once per row.
 */
export class TaskReadColumns1763870800000 implements MigrationInterface {
  name = 'TaskReadColumns1763870800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tasks
        ADD COLUMN coordinating_department_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN output_documents_json json NOT NULL DEFAULT '[]'`);

    // the one definition of each copy: the ids in order, the documents in the order they were issued
    await q.query(`
      CREATE FUNCTION refresh_task_read_columns(task_ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE tasks t
           SET coordinating_department_ids = COALESCE(
                 (SELECT array_agg(c.department_id ORDER BY c.department_id) FROM task_coordinators c WHERE c.task_id = t.id), '{}'),
               output_documents_json = COALESCE(
                 (SELECT json_agg(json_build_object('id', d.id, 'number', d.number, 'issuedOn', d.issued_on, 'kind', d.kind, 'title', d.title)
                                  ORDER BY d.issued_on, d.created_at, d.number)
                    FROM output_documents d WHERE d.task_id = t.id), '[]')
         WHERE t.id = ANY(task_ids)
      $$`);
    // a transition table is named per trigger, and a trigger with one has one event: three triggers per table
    await q.query(`
      CREATE FUNCTION task_read_columns_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM refresh_task_read_columns(ARRAY(SELECT DISTINCT task_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM refresh_task_read_columns(ARRAY(SELECT DISTINCT task_id FROM old_rows));
        ELSE
          PERFORM refresh_task_read_columns(ARRAY(SELECT task_id FROM new_rows UNION SELECT task_id FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['task_coordinators', 'output_documents']) {
      await q.query(`CREATE TRIGGER tr_${table}_inserted AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
                       FOR EACH STATEMENT EXECUTE FUNCTION task_read_columns_changed()`);
      await q.query(`CREATE TRIGGER tr_${table}_deleted AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
                       FOR EACH STATEMENT EXECUTE FUNCTION task_read_columns_changed()`);
      await q.query(`CREATE TRIGGER tr_${table}_updated AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
                       FOR EACH STATEMENT EXECUTE FUNCTION task_read_columns_changed()`);
    }
    await q.query(`
      SELECT refresh_task_read_columns(ARRAY(SELECT task_id FROM task_coordinators UNION SELECT task_id FROM output_documents))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['task_coordinators', 'output_documents']) {
      for (const event of ['inserted', 'deleted', 'updated']) await q.query(`DROP TRIGGER tr_${table}_${event} ON ${table}`);
    }
    await q.query(`DROP FUNCTION task_read_columns_changed()`);
    await q.query(`DROP FUNCTION refresh_task_read_columns(uuid[])`);
    await q.query(`ALTER TABLE tasks DROP COLUMN coordinating_department_ids, DROP COLUMN output_documents_json`);
  }
}
