import { timelinessCondition } from '@app/tasks';

// the task states the roll-ups count come from libs/tasks (taskStatesOnDaySql for today and for a past day as done)
import { CountKey } from './rollup.types';

/**
 * The SQL of the roll-ups, built from the timeliness conditions of libs/tasks so the rule of
 * on time / late / overdue stays in one place. Written once here and used by the roll-up and
 * by the meeting summary's lists.
 */

/**
 * Each count as a condition on a row `x` of task states, judged as of `day` (a SQL date). Only
 * columns of taskStatesSql, which the revision trigger of the roll-up cache watches.
 */
export function countConditions(x: string, day: string): Record<Exclude<CountKey, 'total'>, string> {
  return {
    completed: `${x}.status = 'completed'`,
    completedOnTime: timelinessCondition('on_time', x, day),
    completedLate: timelinessCondition('late', x, day),
    confirmed: `(${x}.status = 'completed' AND ${x}.completion_confirmed)`,
    recurring: `${x}.status = 'recurring'`,
    inProgress: `${x}.status = 'in_progress'`,
    notStarted: `${x}.status = 'not_started'`,
    blocked: `${x}.status = 'blocked'`,
    cancelled: `${x}.status = 'cancelled'`,
    // the roll-up has no "due soon": a task due within the week is still within its deadline
    withinDeadline: `(${timelinessCondition('due_soon', x, day)} OR ${timelinessCondition('within_deadline', x, day)})`,
    overdue: timelinessCondition('overdue', x, day),
  };
}

/**
 * The tasks of a plan scope (`plans`, a SQL uuid[] expression): the plans' own and those carried
 * into them (a conclusion notice's, issue 18). The one test of "in these plans" for every count,
 * list and ranking of a scope, so they all agree with the roll-up.
 */
export function inPlansSql(plans: string, task = 't'): string {
  return `(${task}.plan_id = ANY(${plans}) OR ${task}.id IN (SELECT c.task_id FROM carried_tasks c WHERE c.plan_id = ANY(${plans})))`;
}

/**
 * The whole roll-up in one statement and one pass over the task states: three grouping sets
 * over the same rows. Plan figures and the scope total count "plan units": top-level tasks (a
 * collective task once, by its derived status), or every row of a department's scope
 * (`allRowsPerPlan`, where each row is that department's own). Department figures count the
 * tasks each department leads, children included (collective parents lead none).
 * A task carried over into conclusion notices (table carried_tasks, issue 18) belongs to its own
 * plan and to each notice: `states` gives each task once (counted in its own plan when that is
 * in `planScope`, a SQL uuid[] expression, or every plan when null; in its department; in the
 * total), and `carriedStates`, the states of the carried tasks only, adds a row per notice of the
 * scope it is carried into, counted in that notice's figures alone. So a carried task counts
 * once in each plan and once overall, and a roll-up without carried tasks reads no more rows.
 * Result rows: `axis` = 'plan' | 'department' | 'total', `key` = plan or department id; the
 * groups of rows outside an axis (key null, or not a plan unit) are left out by HAVING.
 */
export function rollupSql(options: { states: string; day: string; allRowsPerPlan: boolean; planScope?: string | null; carriedStates?: string }): string {
  const conditions = countConditions('x', options.day);
  const counts = Object.entries(conditions).map(([key, condition]) => `count(*) FILTER (WHERE ${condition})::int AS "${key}"`);
  const unit = options.allRowsPerPlan ? 'true' : 's.parent_id IS NULL';
  const scope = options.planScope ?? null;
  const columns = 's.status, s.due_date, s.completed_on, s.completion_confirmed, s.delivered_on, s.yearly';
  const carried = options.carriedStates
    ? `
            UNION ALL
            SELECT CASE WHEN ${unit} THEN c.plan_id END, NULL::uuid, false, ${columns}
              FROM (${options.carriedStates}) s
              JOIN carried_tasks c ON c.task_id = s.id${scope ? ` AND c.plan_id = ANY(${scope})` : ''}`
    : '';
  return `
    SELECT CASE WHEN GROUPING(x.plan_key) = 0 THEN 'plan' WHEN GROUPING(x.department_key) = 0 THEN 'department' ELSE 'total' END AS axis,
           COALESCE(x.plan_key, x.department_key) AS key,
           count(*)::int AS total, ${counts.join(',\n           ')}
      FROM (SELECT CASE WHEN ${unit}${scope ? ` AND s.plan_id = ANY(${scope})` : ''} THEN s.plan_id END AS plan_key,
                   s.lead_department_id AS department_key, ${unit} AS plan_unit, ${columns}
              FROM (${options.states}) s${carried}) x
     GROUP BY GROUPING SETS ((x.plan_key), (x.department_key), (x.plan_unit))
    HAVING COALESCE(x.plan_key, x.department_key) IS NOT NULL OR (GROUPING(x.plan_unit) = 0 AND x.plan_unit)`;
}
