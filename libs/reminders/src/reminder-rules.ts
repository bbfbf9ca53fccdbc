import { addDays, daysBetween } from '@app/common';
import { AppConfig } from '@app/config';

/**
 * The reminder rules of DOMAIN.md ("Reminders"), the one place they live: a task is
 * reminded N days before its due date for each N of `daysBefore`, on the day itself, on
 * its first overdue day and then every `overdueRepeatDays` days while it stays open.
 * REMINDER_DAYS_BEFORE and REMINDER_OVERDUE_REPEAT_DAYS set them.
 */
export interface ReminderRules {
  daysBefore: number[];
  overdueRepeatDays: number;
}

/** What fires for one due date as of day D. `daysLeft` < 0 is days overdue. */
export interface ReminderTarget {
  dueDate: string;
  /** Part of the dedup key: `due_in_3`, `due_today`, `overdue_8`. */
  rule: string;
  daysLeft: number;
}

export function reminderRules(config: Pick<AppConfig, 'reminderDaysBefore' | 'reminderOverdueRepeatDays'>): ReminderRules {
  // the day itself is its own rule; 0 in the list would only repeat it
  const daysBefore = [...new Set(config.reminderDaysBefore.filter((d) => d > 0))].sort((a, b) => b - a);
  return { daysBefore, overdueRepeatDays: Math.max(1, config.reminderOverdueRepeatDays) };
}

export function ruleName(daysLeft: number): string {
  if (daysLeft > 0) return `due_in_${daysLeft}`;
  if (daysLeft === 0) return 'due_today';
  return `overdue_${-daysLeft}`;
}

/** Whether a reminder fires, as of `asOf`, for a task due on `dueDate`; null when none does. */
export function ruleFor(dueDate: string, asOf: string, rules: ReminderRules): ReminderTarget | null {
  const daysLeft = daysBetween(asOf, dueDate);
  const fires =
    daysLeft > 0 ? rules.daysBefore.includes(daysLeft) : daysLeft === 0 || (-daysLeft - 1) % rules.overdueRepeatDays === 0;
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
    for (let overdue = 1; addDays(asOf, -overdue) >= oldestOpenDue; overdue += rules.overdueRepeatDays) {
      targets.push({ dueDate: addDays(asOf, -overdue), rule: ruleName(-overdue), daysLeft: -overdue });
    }
  }
  return targets;
}
