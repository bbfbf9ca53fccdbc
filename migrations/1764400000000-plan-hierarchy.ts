import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plans that implement plans (issue 18, item 2). A plan names the plan it implements by hand
 * (`parent_plan_id`, optionally the task of that plan it answers, `parent_task_id`), or as
 * text when that plan is outside the tracker (`parent_text`). Without either, the link is read
 * from the output documents: a task whose output document carries the plan's number (spaces and
 * case aside) in the year the plan was issued is the task the plan implements. The view
 * `plan_parents` is the one definition of the edges; the recursive reads (cascade, cycle check)
 * walk it.
 */
export class PlanHierarchy1764400000000 implements MigrationInterface {
  name = 'PlanHierarchy1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plans
        ADD COLUMN parent_plan_id uuid REFERENCES plans(id) ON DELETE SET NULL,
        ADD COLUMN parent_task_id uuid REFERENCES tasks(id) ON DELETE SET NULL,
        ADD COLUMN parent_text text,
        ADD CONSTRAINT ck_plans_parent_not_self CHECK (parent_plan_id IS DISTINCT FROM id),
        ADD CONSTRAINT ck_plans_parent_one CHECK (parent_plan_id IS NULL OR parent_text IS NULL),
        ADD CONSTRAINT ck_plans_parent_task CHECK (parent_task_id IS NULL OR parent_plan_id IS NOT NULL)`);
    await q.query(`CREATE INDEX ix_plans_parent ON plans (parent_plan_id) WHERE parent_plan_id IS NOT NULL`);
    // the key a document number and a plan number are matched by
    await q.query(`
      CREATE FUNCTION document_number_key(number text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT lower(regexp_replace(number, '\\s+', '', 'g')) $$`);
    await q.query(`CREATE INDEX ix_output_documents_number_key ON output_documents (document_number_key(number))`);
    await q.query(`
      CREATE VIEW plan_parents AS
      SELECT p.id AS plan_id,
             COALESCE(p.parent_plan_id, m.plan_id) AS parent_plan_id,
             CASE WHEN p.parent_plan_id IS NOT NULL THEN p.parent_task_id ELSE m.task_id END AS parent_task_id,
             CASE WHEN p.parent_plan_id IS NOT NULL THEN 'manual' ELSE 'document' END AS link
        FROM plans p
        LEFT JOIN LATERAL (
          SELECT t.plan_id, t.id AS task_id
            FROM output_documents d JOIN tasks t ON t.id = d.task_id
           WHERE document_number_key(d.number) = document_number_key(p.number)
             AND date_part('year', d.issued_on) = date_part('year', p.issued_on)
             AND t.plan_id <> p.id
           ORDER BY d.issued_on, d.created_at, d.id
           LIMIT 1) m ON p.parent_plan_id IS NULL AND p.parent_text IS NULL
       WHERE p.parent_plan_id IS NOT NULL OR m.plan_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW plan_parents`);
    await q.query(`DROP INDEX ix_output_documents_number_key`);
    await q.query(`DROP FUNCTION document_number_key(text)`);
    await q.query(`DROP INDEX ix_plans_parent`);
    await q.query(`
      ALTER TABLE plans DROP CONSTRAINT ck_plans_parent_task, DROP CONSTRAINT ck_plans_parent_one,
        DROP CONSTRAINT ck_plans_parent_not_self,
        DROP COLUMN parent_text, DROP COLUMN parent_task_id, DROP COLUMN parent_plan_id`);
  }
}
