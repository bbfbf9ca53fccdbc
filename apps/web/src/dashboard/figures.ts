import type { Schemas } from '../api/client';
import { WITHIN_DEADLINE_FILTER } from '../labels';

export type Rollup = Schemas['RollupDto'];
export type RollupCounts = Schemas['RollupCountsDto'];
export type PlanRollup = Schemas['PlanRollupDto'];
export type DepartmentRollup = Schemas['DepartmentRollupDto'];

/** The counts of a roll-up a figure can show (everything but the rate and the confirmations). */
export type CountKey =
  | 'total'
  | 'completed'
  | 'completedOnTime'
  | 'completedLate'
  | 'recurring'
  | 'inProgress'
  | 'notStarted'
  | 'blocked'
  | 'cancelled'
  | 'withinDeadline'
  | 'overdue';

/** The words of the reports (DOMAIN.md, the meeting summary) for each count. */
export const COUNT_LABELS: Record<CountKey, string> = {
  total: 'Tổng số nhiệm vụ',
  completed: 'Hoàn thành',
  completedOnTime: 'Hoàn thành đúng hạn',
  completedLate: 'Hoàn thành trễ hạn',
  recurring: 'Thực hiện thường xuyên',
  inProgress: 'Đang thực hiện',
  notStarted: 'Chưa thực hiện',
  blocked: 'Vướng mắc',
  cancelled: 'Không thực hiện',
  withinDeadline: 'Trong hạn',
  overdue: 'Quá hạn',
};

/** Short column headers of the tables (the full words are their titles). */
export const COUNT_SHORT: Record<CountKey, string> = {
  ...COUNT_LABELS,
  total: 'Tổng số',
  completedOnTime: 'Đúng hạn',
  completedLate: 'Trễ hạn',
  recurring: 'Thường xuyên',
};

/**
 * The task list's filter that lists exactly the tasks a count counts, as of today
 * (libs/rollups/src/rollup-sql.ts countConditions against libs/tasks/src/timeliness.ts):
 * on time / late are the completed tasks' timeliness; "within deadline" of the roll-up is the
 * open tasks not overdue, which the list splits into due soon and within deadline.
 */
const COUNT_FILTERS: Record<CountKey, Record<string, string>> = {
  total: {},
  completed: { status: 'completed' },
  completedOnTime: { timeliness: 'on_time' },
  completedLate: { timeliness: 'late' },
  recurring: { status: 'recurring' },
  inProgress: { status: 'in_progress' },
  notStarted: { status: 'not_started' },
  blocked: { status: 'blocked' },
  cancelled: { status: 'cancelled' },
  withinDeadline: { timeliness: WITHIN_DEADLINE_FILTER },
  overdue: { timeliness: 'overdue' },
};

/**
 * What a roll-up counts: the whole scope and each plan count top-level tasks (a collective task
 * once: parentId=null); a department counts the tasks it leads, children of collective tasks
 * included (a collective parent is led by a group, so departmentId alone is exact).
 */
export type Scope = { kind: 'all' } | { kind: 'plan'; planId: string } | { kind: 'department'; departmentId: string };

/** The task list (/tasks) showing exactly the tasks of `scope` that `key` counts today. */
export function taskListUrl(scope: Scope, key: CountKey): string {
  const params = new URLSearchParams();
  if (scope.kind === 'plan') params.set('planId', scope.planId);
  if (scope.kind === 'department') params.set('departmentId', scope.departmentId);
  if (scope.kind !== 'department') params.set('parentId', 'null');
  for (const [name, value] of Object.entries(COUNT_FILTERS[key])) params.set(name, value);
  // the list reads "a,b" for several values: keep the comma readable in the address
  return `/tasks?${params.toString().replace(/%2C/g, ',')}`;
}

const count = new Intl.NumberFormat('vi-VN');
const percent = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A count with the Vietnamese thousands separator (100.000). */
export const formatCount = (n: number) => count.format(n);
/** A rate in percent with the decimal comma: 27,27%. */
export const formatRate = (rate: number) => `${percent.format(rate)}%`;

/**
 * part ÷ whole × 100 rounded half-up to two decimals, in integer hundredths as the roll-up's
 * completion rate is (libs/rollups/src/completion-rate.ts): 13/66 is 19,70%.
 */
export function share(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.floor((2 * part * 10_000 + whole) / (2 * whole)) / 100;
}

/** A count and its share, as the reports print it: 18/66 (27,27%). */
export const formatShare = (part: number, whole: number) => `${formatCount(part)}/${formatCount(whole)} (${formatRate(share(part, whole))})`;

/** Worst first: most overdue, then the lowest completion rate, then by name. */
const vietnamese = new Intl.Collator('vi');
export function worstFirst(a: DepartmentRollup, b: DepartmentRollup): number {
  return b.overdue - a.overdue || a.completionRate - b.completionRate || vietnamese.compare(a.name, b.name);
}

/** Today in Vietnam (YYYY-MM-DD): deadlines and roll-ups are judged there. */
export const todayInVietnam = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
