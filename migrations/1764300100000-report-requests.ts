import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Periodic reports (báo cáo định kỳ, DOMAIN.md "Beyond tasks"): a recurring request (report_series)
 * makes one request per period, at most once (the unique key on series and period); each request
 * fixes the departments that must answer (report_answers, one row each, empty until answered with
 * the report's number and date).
 */
export class ReportRequests1764300100000 implements MigrationInterface {
  name = 'ReportRequests1764300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL CHECK (btrim(number) <> ''),
        issuer text NOT NULL CHECK (btrim(issuer) <> ''),
        title text NOT NULL CHECK (btrim(title) <> ''),
        recurrence text NOT NULL CHECK (recurrence IN ('monthly', 'quarterly', 'half_yearly', 'yearly')),
        due_day integer NOT NULL CHECK (due_day BETWEEN 1 AND 31),
        group_id uuid REFERENCES department_groups(id),
        department_ids uuid[] NOT NULL DEFAULT '{}',
        starts_on date NOT NULL,
        ends_on date,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_report_series_who CHECK (group_id IS NOT NULL OR cardinality(department_ids) > 0)
      )`);
    await q.query(`
      CREATE TABLE report_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        series_id uuid REFERENCES report_series(id),
        number text NOT NULL,
        issuer text NOT NULL,
        title text NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 1900 AND 2200),
        period text NOT NULL CHECK (period ~ '^(M([1-9]|1[0-2])|Q[1-4]|6M|9M|Y)$'),
        due_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ux_report_requests_period UNIQUE (series_id, year, period)
      )`);
    await q.query(`CREATE INDEX ix_report_requests_due ON report_requests (due_date)`);
    await q.query(`
      CREATE TABLE report_answers (
        request_id uuid NOT NULL REFERENCES report_requests(id),
        department_id uuid NOT NULL REFERENCES departments(id),
        number text,
        issued_on date,
        file_name text,
        answered_by uuid REFERENCES users(id),
        answered_at timestamptz,
        PRIMARY KEY (request_id, department_id),
        CONSTRAINT ck_report_answers_whole CHECK ((number IS NULL) = (issued_on IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_report_answers_missing ON report_answers (request_id) WHERE issued_on IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_answers`);
    await q.query(`DROP TABLE report_requests`);
    await q.query(`DROP TABLE report_series`);
  }
}
