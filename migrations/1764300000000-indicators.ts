import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indicators (chỉ tiêu, DOMAIN.md "Beyond tasks"): assigned by a decision (a plan of the tracker,
 * or a document number and date), with a responsible department, a baseline, a target per year and
 * sub-indicators ("Trong đó: …"); their values per period, estimate and final kept apart, each
 * reported by the department and reviewed by the secretariat; every change in an append-only history.
 */
export class Indicators1764300000000 implements MigrationInterface {
  name = 'Indicators1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        parent_id uuid REFERENCES indicators(id),
        code text NOT NULL CHECK (btrim(code) <> ''),
        name text NOT NULL CHECK (btrim(name) <> ''),
        unit text,
        department_id uuid NOT NULL REFERENCES departments(id),
        plan_id uuid REFERENCES plans(id),
        decision_number text,
        decision_date date,
        decision_key text GENERATED ALWAYS AS (COALESCE(plan_id::text, decision_number)) STORED,
        baseline_year integer,
        baseline_value numeric,
        baseline_text text,
        position integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_indicators_decision CHECK (plan_id IS NOT NULL OR decision_number IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_indicators_decision_code ON indicators (decision_key, code)`);
    await q.query(`CREATE INDEX ix_indicators_department ON indicators (department_id)`);
    await q.query(`CREATE INDEX ix_indicators_parent ON indicators (parent_id) WHERE parent_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE indicator_targets (
        indicator_id uuid NOT NULL REFERENCES indicators(id),
        year integer NOT NULL CHECK (year BETWEEN 1900 AND 2200),
        value numeric,
        text text,
        parts numeric[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (indicator_id, year),
        CONSTRAINT ck_indicator_targets_given CHECK (value IS NOT NULL OR text IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE indicator_values (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        indicator_id uuid NOT NULL REFERENCES indicators(id),
        year integer NOT NULL CHECK (year BETWEEN 1900 AND 2200),
        period text NOT NULL CHECK (period ~ '^(M([1-9]|1[0-2])|Q[1-4]|6M|9M|Y)$'),
        kind text NOT NULL CHECK (kind IN ('estimate', 'final')),
        value numeric,
        text text,
        parts numeric[] NOT NULL DEFAULT '{}',
        note text,
        review_status text NOT NULL CHECK (review_status IN ('reported', 'confirmed', 'returned')),
        reported_by uuid REFERENCES users(id),
        reported_at timestamptz NOT NULL DEFAULT now(),
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz,
        review_note text,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ux_indicator_values_period UNIQUE (indicator_id, year, period, kind),
        CONSTRAINT ck_indicator_values_given CHECK (value IS NOT NULL OR text IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_indicator_values_awaiting ON indicator_values (reported_at) WHERE review_status = 'reported'`);
    await q.query(`
      CREATE TABLE indicator_value_history (
        id bigserial PRIMARY KEY,
        indicator_id uuid NOT NULL REFERENCES indicators(id),
        value_id uuid NOT NULL REFERENCES indicator_values(id),
        action text NOT NULL CHECK (action IN ('reported', 'imported', 'confirmed', 'returned')),
        year integer NOT NULL,
        period text NOT NULL,
        kind text NOT NULL,
        value numeric,
        text text,
        review_status text NOT NULL,
        note text,
        actor_id uuid REFERENCES users(id),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_indicator_value_history_indicator ON indicator_value_history (indicator_id, id)`);
    await q.query(`
      CREATE FUNCTION indicator_value_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'indicator_value_history is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER tr_indicator_value_history_append_only BEFORE UPDATE OR DELETE ON indicator_value_history
      FOR EACH ROW EXECUTE FUNCTION indicator_value_history_append_only()`);
    await q.query(`
      CREATE TRIGGER tr_indicator_value_history_no_truncate BEFORE TRUNCATE ON indicator_value_history
      FOR EACH STATEMENT EXECUTE FUNCTION indicator_value_history_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE indicator_value_history`);
    await q.query(`DROP FUNCTION indicator_value_history_append_only()`);
    await q.query(`DROP TABLE indicator_values`);
    await q.query(`DROP TABLE indicator_targets`);
    await q.query(`DROP TABLE indicators`);
  }
}
