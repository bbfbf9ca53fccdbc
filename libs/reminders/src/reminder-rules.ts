import { addDays, daysBetween } from '@app/common';
import { AppConfig, EscalationRecipient, EscalationStep } from '@app/config';
import { OPEN_STATUSES_SQL, dueDateOnSql, earlierYearDoneSql } from '@app/tasks';

/**
 * The reminder rules of DOMAIN.md ("Reminders"), the one place they live: a task is
 * reminded N days before its due date for each N of `daysBefore`, on the day itself, on
 * its first overdue day and then every `overdueRepeatDays` days while it stays open.
 * REMINDER_DAYS_BEFORE and REMINDER_OVERDUE_REPEAT_DAYS set them.
 */
export interface ReminderRules {
  daysBefore: number[];
  overdueRepeatDays: number;
  /** Overdue days on which the ladder sends the focal point a reminder too (its steps naming focal_point). */
  focalPointSteps?: number[];
}

/** What fires for one due date as of day D. `daysLeft` < 0 is days overdue. */
export interface ReminderTarget {
  dueDate: string;
  /** Part of the dedup key: `due_in_3`, `due_today`, `overdue_8`. */
  rule: string;
  daysLeft: number;
}

export function reminderRules(
  config: Pick<AppConfig, 'reminderDaysBefore' | 'reminderOverdueRepeatDays'>,
  ladder: EscalationStep[] = [],
): ReminderRules {
  // the day itself is its own rule; 0 in the list would only repeat it
  const daysBefore = [...new Set(config.reminderDaysBefore.filter((d) => d > 0))].sort((a, b) => b - a);
  const focalPointSteps = ladder.filter((s) => s.to.includes('focal_point')).map((s) => s.overdueDays);
  return { daysBefore, overdueRepeatDays: Math.max(1, config.reminderOverdueRepeatDays), ...(focalPointSteps.length ? { focalPointSteps } : {}) };
}

/** Whether the overdue rule (first day, then every repeat) or a focal point's step of the ladder fires `overdue` days after the due date. */
function overdueFires(overdue: number, rules: ReminderRules): boolean {
  return (overdue - 1) % rules.overdueRepeatDays === 0 || (rules.focalPointSteps ?? []).includes(overdue);
}

export function ruleName(daysLeft: number): string {
  if (daysLeft > 0) return `due_in_${daysLeft}`;
  if (daysLeft === 0) return 'due_today';
  return `overdue_${-daysLeft}`;
}

/** Whether a reminder fires, as of `asOf`, for a task due on `dueDate`; null when none does. */
export function ruleFor(dueDate: string, asOf: string, rules: ReminderRules): ReminderTarget | null {
  const daysLeft = daysBetween(asOf, dueDate);
  const fires = daysLeft > 0 ? rules.daysBefore.includes(daysLeft) : daysLeft === 0 || overdueFires(-daysLeft, rules);
  return fires ? { dueDate, rule: ruleName(daysLeft), daysLeft } : null;
}

/**
 * Every due date some rule fires for as of `asOf`: the few ahead, today, and the overdue
 * ones (yesterday, then every repeat before it) back to `oldestOpenDue`, the oldest
 * deadline of an open task. The run looks these dates up in the index, so its work
 * follows the tasks due, not the size of the table.
 */
export function reminderTargets(asOf: string, rules: ReminderRules, oldestOpenDue: string | null): ReminderTarget[] {
  const targets: ReminderTarget[] = rules.daysBefore.map((n) => ({ dueDate: addDays(asOf, n), rule: ruleName(n), daysLeft: n }));
  targets.push({ dueDate: asOf, rule: ruleName(0), daysLeft: 0 });
  if (oldestOpenDue) {
    const days = new Set<number>();
    for (let overdue = 1; addDays(asOf, -overdue) >= oldestOpenDue; overdue += rules.overdueRepeatDays) days.add(overdue);
    for (const step of rules.focalPointSteps ?? []) if (addDays(asOf, -step) >= oldestOpenDue) days.add(step);
    for (const overdue of [...days].sort((a, b) => a - b)) {
      targets.push({ dueDate: addDays(asOf, -overdue), rule: ruleName(-overdue), daysLeft: -overdue });
    }
  }
  return targets;
}

/** 31 December of the year before `asOf`'s: the due date of a yearly duty's part that may have been missed. */
export function lastYearEnd(asOf: string): string {
  return `${Number(asOf.slice(0, 4)) - 1}-12-31`;
}

/**
 * The dates that fire for yearly duties (\`Hàng năm\`, issue 16): each year's part is due on
 * 31 December of its year (timeliness.ts \`dueDateOnSql\`), so a yearly duty is reminded 7, 3 and 1
 * days before each 31 December and on the day, like any task, by this year's due date; and it is
 * overdue only when last year's part was missed (nothing completed since 1 January of that year):
 * its overdue rule then fires for last 31 December (first day, then every repeat). A part older
 * than last year's is never chased: this year's part has taken over. Independent of the oldest
 * open deadline, since a yearly duty completed for an earlier year is open again for this one.
 */
export function yearlyReminderTargets(asOf: string, rules: ReminderRules): ReminderTarget[] {
  const targets = reminderTargets(asOf, rules, null);
  const missed = ruleFor(lastYearEnd(asOf), asOf, rules);
  return missed ? [...targets, missed] : targets;
}

/**
 * A yearly duty (`tasks.yearly`, alias `t`) that a rule fires for on the target date `r.due_date`:
 * that date is the due date of its year's part — dueDateOnSql of timeliness.ts, the one home of
 * the rule (31 December of each year from the first due date on) — and that part is still open
 * (open, or completed for an earlier year than the date's: earlierYearDoneSql). The task's own
 * due_date is its first part's, so the other tasks' statements, which read it raw, leave yearly
 * duties out and these come through a branch of their own (ix_tasks_yearly_due, migration
 * 1764600000000-yearly-reminders, for those with a lead department).
 */
export function yearlyPartFiresSql(t: string, r: string): string {
  return `${t}.yearly AND ${t}.due_date <= ${r}.due_date AND ${dueDateOnSql(t, `${r}.due_date`)} = ${r}.due_date
          AND (${t}.status IN ${OPEN_STATUSES_SQL} OR ${earlierYearDoneSql(t, `${r}.due_date`)})`;
}

/*
 * The escalation ladder (issue 18): an overdue task climbs, on the morning it is so many days
 * overdue, to more senior people. REMINDER_ESCALATION lists the steps as
 * `days:recipient[,recipient];…`; the default is the committee's practice:
 * `1:focal_point;7:department_head;30:committee_member,secretariat`. `none` switches it off.
 * A focal point's step is a reminder of the ordinary kind (its key `reminder:…:overdue_N:…`, so
 * it is never sent twice when the weekly repeat falls on the same day); the others are
 * escalation notices keyed `escalation:<task>:overdue_N:<due date>:<user>`: each step reaches each
 * person once per task and due date, and a moved deadline is a new due date, which re-arms it.
 */
// the ladder's syntax and recipients are read and checked with the rest of the configuration (libs/config)
export { DEFAULT_ESCALATION, ESCALATION_RECIPIENTS, parseEscalation } from '@app/config';
export type { EscalationRecipient, EscalationStep } from '@app/config';

/** What the ladder sends beyond the focal points as of `asOf`: per step, the due date it fires for. */
export interface EscalationTarget extends ReminderTarget {
  to: Exclude<EscalationRecipient, 'focal_point'>[];
}

export function escalationTargets(asOf: string, ladder: EscalationStep[]): EscalationTarget[] {
  return ladder
    .map((step) => ({ step, to: step.to.filter((r): r is Exclude<EscalationRecipient, 'focal_point'> => r !== 'focal_point') }))
    .filter(({ to }) => to.length)
    .map(({ step, to }) => ({ dueDate: addDays(asOf, -step.overdueDays), rule: ruleName(-step.overdueDays), daysLeft: -step.overdueDays, to }));
}

/** The ladder's steps for yearly duties: only last year's part can be overdue (yearlyReminderTargets). */
export function yearlyEscalationTargets(asOf: string, ladder: EscalationStep[]): EscalationTarget[] {
  return escalationTargets(asOf, ladder).filter((t) => t.dueDate === lastYearEnd(asOf));
}
