import { OPEN_STATUSES_SQL } from './task.entity';

/**
 * Timeliness (DOMAIN.md "Status and timeliness"), as of a day D in Vietnam — the one place
 * this rule lives. It is SQL because lists filter on it and roll-ups count it; the CASE for
 * reading and the conditions for filtering are written side by side so they cannot drift.
 *
 *   completed               → on_time when completedOn ≤ due date (or no due date), else late
 *   not_started/in_progress/blocked → overdue when due date < D; due_soon when D ≤ due ≤ D+7;
 *                             else within_deadline (no due date counts as within deadline)
 *   recurring, cancelled    → no timeliness (null)
 */
export const TIMELINESS = ['on_time', 'late', 'overdue', 'due_soon', 'within_deadline'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

/** Days ahead that count as "due soon". */
export const DUE_SOON_DAYS = 7;

const OPEN = OPEN_STATUSES_SQL;

/**
 * Condition for one timeliness value. `t` is the table alias holding status, due_date,
 * completed_on; `day` a SQL expression of type date (usually a parameter like `$3::date`).
 */
export function timelinessCondition(value: Timeliness, t: string, day: string): string {
  switch (value) {
    case 'on_time':
      return `(${t}.status = 'completed' AND (${t}.due_date IS NULL OR ${t}.completed_on <= ${t}.due_date))`;
    case 'late':
      return `(${t}.status = 'completed' AND ${t}.completed_on > ${t}.due_date)`;
    case 'overdue':
      return `(${t}.status IN ${OPEN} AND ${t}.due_date < ${day})`;
    case 'due_soon':
      return `(${t}.status IN ${OPEN} AND ${t}.due_date BETWEEN ${day} AND ${day} + ${DUE_SOON_DAYS})`;
    case 'within_deadline':
      return `(${t}.status IN ${OPEN} AND (${t}.due_date IS NULL OR ${t}.due_date > ${day} + ${DUE_SOON_DAYS}))`;
  }
}

/** The timeliness of each row as a value (null for recurring and cancelled). */
export function timelinessCase(t: string, day: string): string {
  return `CASE ${TIMELINESS.map((v) => `WHEN ${timelinessCondition(v, t, day)} THEN '${v}'`).join(' ')} ELSE NULL END`;
}
