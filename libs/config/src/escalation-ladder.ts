import { ConfigError } from './config-error';

/**
 * REMINDER_ESCALATION: the steps of the escalation ladder, `days:recipient[,recipient];…` or
 * `none`. What each step sends is the reminders' rule (libs/reminders/src/reminder-rules.ts).
 */
export const ESCALATION_RECIPIENTS = ['focal_point', 'department_head', 'committee_member', 'secretariat'] as const;
export type EscalationRecipient = (typeof ESCALATION_RECIPIENTS)[number];
export interface EscalationStep {
  overdueDays: number;
  to: EscalationRecipient[];
}
export const DEFAULT_ESCALATION = '1:focal_point;7:department_head;30:committee_member,secretariat';

/** Parses REMINDER_ESCALATION; a bad value is a ConfigError naming the variable. */
export function parseEscalation(text: string): EscalationStep[] {
  const value = text.trim();
  if (value === 'none') return [];
  const steps = new Map<number, Set<EscalationRecipient>>();
  for (const item of value.split(';').map((s) => s.trim()).filter(Boolean)) {
    const match = /^(\d+)\s*:\s*([a-z_,\s]+)$/.exec(item);
    const days = match ? Number(match[1]) : NaN;
    const to = match ? match[2].split(',').map((r) => r.trim()).filter(Boolean) : [];
    const unknown = to.filter((r) => !(ESCALATION_RECIPIENTS as readonly string[]).includes(r));
    if (!match || days < 1 || days > 3650 || !to.length || unknown.length) {
      throw new ConfigError(
        `REMINDER_ESCALATION must list steps "days:recipient[,recipient];…" with days ≥ 1 and recipients among ${ESCALATION_RECIPIENTS.join(', ')} (or be "none"), got "${item}"`,
      );
    }
    const set = steps.get(days) ?? new Set<EscalationRecipient>();
    for (const r of to) set.add(r as EscalationRecipient);
    steps.set(days, set);
  }
  return [...steps.entries()].sort(([a], [b]) => a - b).map(([overdueDays, to]) => ({ overdueDays, to: ESCALATION_RECIPIENTS.filter((r) => to.has(r)) }));
}
