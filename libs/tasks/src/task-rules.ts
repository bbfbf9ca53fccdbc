import { PERIOD_PATTERN } from '@app/common/plain';
import type { TaskStatus } from './task.entity';

/**
 * The status rules of DOMAIN.md "Status and timeliness" that both ways in use: the API (tasks.service,
 * task-progress.service) and the import of a plan's table (libs/imports, map-task-rows.ts, for its
 * dry run as for its write). Pure functions, no I/O: the import calls them before anything is written.
 */

/** Not finished and not a standing duty: these can be overdue and get reminders. */
export const OPEN_STATUSES: TaskStatus[] = ['not_started', 'in_progress', 'blocked'];
/** The same, as a SQL list for `status IN …`. */
export const OPEN_STATUSES_SQL = `(${OPEN_STATUSES.map((s) => `'${s}'`).join(',')})`;

export const isOpenStatus = (status: TaskStatus): boolean => OPEN_STATUSES.includes(status);

/**
 * The recurring rule: "Thường xuyên" as a deadline makes a standing duty (`recurring`) of a task
 * still open; a task completed or cancelled keeps its status.
 */
export function statusUnderDeadline(status: TaskStatus, recurringDeadline: boolean): TaskStatus {
  return recurringDeadline && isOpenStatus(status) ? 'recurring' : status;
}

/** A dated output document, as far as the rules look at it. */
export interface DatedDocument {
  issuedOn: string; // YYYY-MM-DD
  kind: 'submitted' | 'issued';
}

/**
 * The day the lead department delivered (DOMAIN.md "Status and timeliness"): its earliest
 * submitted document (văn bản trình), else its earliest issued one; null without documents.
 * In SQL for lists and roll-ups: deliveryDateSql of timeliness.ts.
 */
export function deliveryDate(documents: DatedDocument[]): string | null {
  const earliest = (kind: DatedDocument['kind']) => documents.filter((d) => d.kind === kind).map((d) => d.issuedOn).sort()[0] ?? null;
  return earliest('submitted') ?? earliest('issued');
}

/** What the completion rules look at. */
export interface CompletionFacts {
  /** The completion date given (YYYY-MM-DD), null when none. */
  completedOn: string | null;
  today: string;
  planIssuedOn: string;
  requiresOutputDocument: boolean;
  /** The task's output documents: those it has and those given with the completion. */
  documents: DatedDocument[];
}

export type CompletionRule = 'completion_date_required' | 'completion_after_today' | 'completion_before_plan' | 'completion_needs_document';

export interface CompletionProblem {
  rule: CompletionRule;
  /** The refusal's words, the same from the API (400 VALIDATION_FAILED) and in an import's row errors. */
  message: string;
}

/**
 * The completion rules: a completed task has a completion date, not after today, not before its
 * plan was issued unless its own documents show it was delivered then, and at least one output
 * document when the task requires one. The first rule broken, or null.
 * The exception is the province's own record: Decision 36's task 2 was submitted on 10/01/2024
 * (86/STTTT-TTBCXB), two days before the decision, and the import dates its completion so; a
 * date stated with nothing to show for it stays refused, whichever way it comes.
 */
export function completionProblem(facts: CompletionFacts): CompletionProblem | null {
  const { completedOn, today, planIssuedOn } = facts;
  if (!completedOn) return { rule: 'completion_date_required', message: 'completedOn is required to report a task completed' };
  if (completedOn > today) return { rule: 'completion_after_today', message: `completedOn ${completedOn} is after today (${today})` };
  if (completedOn < planIssuedOn && completedOn !== deliveryDate(facts.documents)) {
    return { rule: 'completion_before_plan', message: `completedOn ${completedOn} is before the plan was issued (${planIssuedOn})` };
  }
  if (facts.requiresOutputDocument && facts.documents.length === 0) {
    return { rule: 'completion_needs_document', message: 'outputDocuments: completing this task needs at least one output document (number and date)' };
  }
  return null;
}

/**
 * A recurring task is reported per report period, named "<year>-<period>" with the indicators'
 * period codes (M1…M12, Q1…Q4, 6M, 9M, Y): "2024-6M", "2024-Q2", "2024-M5".
 */
export const REPORT_PERIOD_PATTERN = new RegExp(`^\\d{4}-${PERIOD_PATTERN.source.slice(1)}`);

/**
 * The period a note without one is for, and the period an appendix as of `day` shows: the
 * cumulative half-year the day falls in (6M to June, Y from July), as the reports are made.
 */
export function halfYearPeriod(day: string): string {
  return `${day.slice(0, 4)}-${Number(day.slice(5, 7)) <= 6 ? '6M' : 'Y'}`;
}

/** SQL: the half-year ('6M' or 'Y') a stored report period (column `column`) counts toward. */
export function reportHalfSql(column: string): string {
  return `CASE WHEN split_part(${column}, '-', 2) IN ('6M','Q1','Q2','M1','M2','M3','M4','M5','M6') THEN '6M' ELSE 'Y' END`;
}
