import { OPEN_STATUSES_SQL } from './task-rules';

/**
 * Timeliness (DOMAIN.md "Status and timeliness"), as of a day D in Vietnam — the one place
 * this rule lives. It is SQL because lists filter on it and roll-ups count it; the CASE for
 * reading and the conditions for filtering are written side by side so they cannot drift.
 *
 *   completed               → on_time when the lead department delivered by the due date (or no due
 *                             date), else late. Delivery (deliveryDateSql): its earliest submitted
 *                             document (văn bản trình), else its earliest issued one (the row's
 *                             delivered_on, kept by triggers), else completedOn (seed 004: "05/11
 *                             nhiệm vụ đúng thời hạn", where the province issued days after).
 *   not_started/in_progress/blocked → overdue when due date < D; due_soon when D ≤ due ≤ D+7;
 *                             else within_deadline (no due date counts as within deadline)
 *   yearly duty ("Hàng năm") → due every 31 December: judged on D's year's part (dueDateOnSql)
 *   recurring, cancelled    → no timeliness (null)
 */
export const TIMELINESS = ['on_time', 'late', 'overdue', 'due_soon', 'within_deadline'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

/** Days ahead that count as "due soon". */
export const DUE_SOON_DAYS = 7;

const OPEN = OPEN_STATUSES_SQL;

/** 1 January and 31 December of the year of `day` (a SQL date). */
const yearStartSql = (day: string) => `date_trunc('year', (${day})::timestamp)::date`;
const yearEndSql = (day: string) => `(date_trunc('year', (${day})::timestamp) + interval '1 year - 1 day')::date`;

/**
 * The due date on day D: a yearly duty ("Hàng năm", `yearly`) is due every 31 December from its
 * first due date on, so on D its part of D's year is due on 31 December of that year.
 */
export function dueDateOnSql(t: string, day: string): string {
  return `CASE WHEN ${t}.yearly THEN GREATEST(${t}.due_date, ${yearEndSql(day)}) ELSE ${t}.due_date END`;
}

/**
 * A yearly duty completed for an earlier year than D's: D's year's part is still open (in
 * progress on D, as taskStatesOnDaySql reads it). The task list's status filter and the morning
 * reminders read it too.
 */
export function earlierYearDoneSql(t: string, day: string): string {
  return `COALESCE(${earlierYearDoneOrSql(t, day)}, false)`;
}

/**
 * The same rule for one side of an OR in a WHERE, where an unknown (no completion date) reads as
 * false anyway: without the COALESCE, the planner sees `status = 'completed'` and can serve this
 * side from an index (ix_tasks_lead_status) beside the other, instead of reading every task of
 * the department (the task list's `in_progress`: 12 ms → 0.9 ms on 100,000 tasks, BENCHMARKS.md).
 */
export function earlierYearDoneOrSql(t: string, day: string): string {
  return `(${t}.yearly AND ${t}.status = 'completed' AND ${t}.completed_on < ${yearStartSql(day)})`;
}

/**
 * The day the lead department delivered a task: its earliest submitted document, else its
 * earliest issued document (both as `delivered_on`, migration 1764100000000), else the
 * completion date given. A yearly duty's part is judged by its completion date (its documents
 * may be another year's). `t` must carry yearly, delivered_on and completed_on.
 */
export function deliveryDateSql(t: string): string {
  return `CASE WHEN ${t}.yearly THEN ${t}.completed_on ELSE COALESCE(${t}.delivered_on, ${t}.completed_on) END`;
}

/**
 * Condition for one timeliness value. `t` is the table alias holding status, due_date, yearly,
 * completed_on, delivered_on; `day` a SQL expression of type date (usually a parameter like `$3::date`).
 * A yearly duty is never overdue: on D its part is due at the end of D's year; one completed for
 * an earlier year is open again for D's year. The conditions on other tasks keep their plain
 * form (status, due date), which the indexes of the task lists serve.
 */
export function timelinessCondition(value: Timeliness, t: string, day: string): string {
  const due = dueDateOnSql(t, day);
  const yearlyOpen = `${t}.yearly AND (${t}.status IN ${OPEN} OR ${earlierYearDoneSql(t, day)})`;
  switch (value) {
    case 'on_time':
      return `(${t}.status = 'completed' AND NOT ${earlierYearDoneSql(t, day)} AND (${t}.due_date IS NULL OR ${deliveryDateSql(t)} <= ${due}))`;
    case 'late':
      return `(${t}.status = 'completed' AND NOT ${earlierYearDoneSql(t, day)} AND ${deliveryDateSql(t)} > ${due})`;
    case 'overdue':
      return `(${t}.status IN ${OPEN} AND ${t}.due_date < ${day} AND NOT ${t}.yearly)`;
    case 'due_soon':
      return `((${t}.status IN ${OPEN} AND ${t}.due_date BETWEEN ${day} AND ${day} + ${DUE_SOON_DAYS} AND NOT ${t}.yearly)
               OR (${yearlyOpen} AND ${due} BETWEEN ${day} AND ${day} + ${DUE_SOON_DAYS}))`;
    case 'within_deadline':
      return `((${t}.status IN ${OPEN} AND (${t}.due_date IS NULL OR ${t}.due_date > ${day} + ${DUE_SOON_DAYS}) AND NOT ${t}.yearly)
               OR (${yearlyOpen} AND (${due} IS NULL OR ${due} > ${day} + ${DUE_SOON_DAYS})))`;
  }
}

/** The timeliness of each row as a value (null for recurring and cancelled). */
export function timelinessCase(t: string, day: string): string {
  return `CASE ${TIMELINESS.map((v) => `WHEN ${timelinessCondition(v, t, day)} THEN '${v}'`).join(' ')} ELSE NULL END`;
}

export interface DayStatesOptions {
  /** SQL date of the day D (e.g. `$1::date`). */
  day: string;
  /** SQL timestamptz of the end of D in the business time zone, for a past day (what was recorded by then); null for today. */
  until: string | null;
  /** Extra conditions on `t` (tasks), ANDed. */
  where?: string[];
  /** Also seq, code and title, for lists. */
  labels?: boolean;
}

/**
 * One row per task with its state on a day D, the rows a roll-up counts (the same columns as
 * taskStatesSql: id, plan_id, parent_id, lead_department_id, [seq, code, title,] status,
 * due_date (D's year's for a yearly duty), yearly, completed_on, completion_confirmed, delivered_on).
 *
 * A past day is read *as done* (DOMAIN.md "Roll-ups", issue 16): by the dates the work
 * happened, as known now — not by when it was typed in:
 * - a task exists from the day it was assigned: `assigned_on`, else its plan's issue date;
 * - it is completed on D when it is completed now and its completion date is D or before (a
 *   completion entered in June and dated 20 May counts as of 28 May; one returned since does not);
 * - otherwise its status is the one recorded by the end of D when there is one (blocked on 12
 *   June stays blocked as of 12 June), else the one known now, and a task completed after D was
 *   in progress on D;
 * - due date (the approved one) and delivery are as known now.
 * Today is the tasks as they are (`until` null), but for yearly duties.
 *
 * A yearly duty (`Hàng năm`, `yearly`) is due every 31 December from its first due date on:
 * on D its part of D's year is due on 31 December of that year, and it is completed on D when
 * a completion dated from 1 January of that year to D is known — the task's own completion, or,
 * once a later year's part is completed, the completion its history recorded for that year.
 * A yearly part is judged by its completion date (its documents may be another year's).
 * What a meeting summary froze is the other reading: as known when it was made.
 */
export function taskStatesOnDaySql({ day, until, where = [], labels = false }: DayStatesOptions): string {
  const yearStart = yearStartSql(day);
  const yearEnd = yearEndSql(day);
  // a later year's part completed: this year's completion from the history (a past day only)
  const earlierPart = until
    ? `(t.completed_on > ${yearEnd} AND EXISTS (SELECT 1 FROM task_updates y WHERE y.task_id = t.id AND y.status = 'completed' AND y.completed_on BETWEEN ${yearStart} AND ${day}))`
    : 'false';
  const done = `(t.status = 'completed' AND CASE WHEN t.yearly
                   THEN t.completed_on BETWEEN ${yearStart} AND ${day} OR ${earlierPart}
                   ELSE t.completed_on <= ${day} END)`;
  const completedOn = until
    ? `CASE WHEN t.yearly AND t.completed_on > ${day}
            THEN (SELECT max(y.completed_on) FROM task_updates y WHERE y.task_id = t.id AND y.status = 'completed' AND y.completed_on BETWEEN ${yearStart} AND ${day})
            ELSE t.completed_on END`
    : 't.completed_on';
  const recorded = until ? `WHEN h.status IS NOT NULL AND h.status <> 'completed' THEN h.status` : '';
  const conditions = [...(until ? [`COALESCE(t.assigned_on, p.issued_on) <= ${day}`] : []), ...where];
  const history = until
    ? `JOIN plans p ON p.id = t.plan_id
       LEFT JOIN LATERAL (
         SELECT u.status FROM task_updates u
          WHERE u.task_id = t.id AND u.at <= ${until}
          ORDER BY u.at DESC, u.id DESC
          LIMIT 1) h ON true`
    : '';
  return `SELECT t.id, t.plan_id, t.parent_id, t.lead_department_id${labels ? ', t.seq, t.code, t.title' : ''},
                 CASE WHEN ${done} THEN 'completed' ${recorded}
                      WHEN t.status <> 'completed' THEN t.status
                      ELSE 'in_progress' END AS status,
                 ${dueDateOnSql('t', day)} AS due_date, t.yearly,
                 CASE WHEN ${done} THEN ${completedOn} END AS completed_on,
                 (${done} AND t.completion_confirmed) AS completion_confirmed,
                 CASE WHEN t.yearly THEN NULL ELSE t.delivered_on END AS delivered_on
            FROM tasks t
            ${history}
           ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}`;
}

