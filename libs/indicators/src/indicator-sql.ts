/**
 * The SQL of an indicator's standing in a period, one statement for any number of indicators:
 * the value that counts (the final one over the estimate, a returned one never, as a returned
 * completion does not count), the year's target, and the status: reached when the value is at
 * least the target (a compound target part by part), not reached, no value, or not assessed
 * (a value given only as words that hold no comparable figures).
 */

/** $1 year, $2 period, $3 kind (null: final over estimate). Columns of `c` (value) and `t` (target). */
export const CURRENT_VALUES_SQL = `
  SELECT DISTINCT ON (v.indicator_id) v.*
    FROM indicator_values v
   WHERE v.year = $1 AND v.period = $2 AND v.review_status <> 'returned' AND ($3::text IS NULL OR v.kind = $3)
   ORDER BY v.indicator_id, (v.kind = 'final') DESC`;

export const STATUS_SQL = `
  CASE
    WHEN c.id IS NULL THEN 'no_value'
    WHEN c.value IS NOT NULL AND t.value IS NOT NULL THEN CASE WHEN c.value >= t.value THEN 'reached' ELSE 'not_reached' END
    WHEN cardinality(c.parts) > 0 AND cardinality(c.parts) = cardinality(t.parts)
      THEN CASE WHEN EXISTS (SELECT 1 FROM unnest(c.parts, t.parts) AS p(got, wanted) WHERE got < wanted) THEN 'not_reached' ELSE 'reached' END
    ELSE 'not_assessed'
  END`;

/** Every indicator with its target of year $1 and its value of ($1, $2, $3), and the status; filters from $4 on. */
export function standingSql(where: string): string {
  return `
    WITH c AS (${CURRENT_VALUES_SQL})
    SELECT i.id, i.parent_id, i.code, i.name, i.unit, i.department_id, d.name AS department_name, i.plan_id, p.number AS plan_number,
           i.decision_number, i.decision_date, i.decision_key, i.baseline_year, i.baseline_value::text AS baseline_value, i.baseline_text,
           i.position, i.version,
           t.year AS target_year, t.value::text AS target_value, t.text AS target_text, t.parts::text[] AS target_parts,
           c.id AS value_id, c.kind AS value_kind, c.value::text AS value_value, c.text AS value_text, c.parts::text[] AS value_parts,
           c.note AS value_note, c.review_status AS value_review_status, c.reported_at AS value_reported_at, c.version AS value_version,
           ${STATUS_SQL} AS status
      FROM indicators i
      JOIN departments d ON d.id = i.department_id
      LEFT JOIN plans p ON p.id = i.plan_id
      LEFT JOIN indicator_targets t ON t.indicator_id = i.id AND t.year = $1
      LEFT JOIN c ON c.indicator_id = i.id
     WHERE ${where || 'true'}`;
}

/** Counts per department, per assigning decision and in all, by grouping sets over the standing. */
export function rollupSql(where: string): string {
  return `
    WITH s AS (${standingSql(where)})
    SELECT GROUPING(s.department_id) AS by_decision_or_all, GROUPING(s.decision_key) AS by_department_or_all,
           s.department_id, min(s.department_name) AS department_name,
           s.decision_key, min(s.plan_id::text) AS plan_id, min(s.plan_number) AS plan_number,
           min(s.decision_number) AS decision_number, min(s.decision_date::text) AS decision_date,
           count(*)::int AS total,
           count(*) FILTER (WHERE s.status = 'reached')::int AS reached,
           count(*) FILTER (WHERE s.status = 'not_reached')::int AS not_reached,
           count(*) FILTER (WHERE s.status = 'no_value')::int AS no_value,
           count(*) FILTER (WHERE s.status = 'not_assessed')::int AS not_assessed,
           count(*) FILTER (WHERE s.value_review_status = 'confirmed')::int AS confirmed
      FROM s
     GROUP BY GROUPING SETS ((s.department_id), (s.decision_key), ())`;
}
