import { ConfigError } from '@app/config';
import { DEFAULT_ESCALATION, escalationTargets, parseEscalation, reminderRules, reminderTargets, ruleFor } from './reminder-rules';

describe('the escalation ladder (REMINDER_ESCALATION)', () => {
  it('reads the default: 1 day the focal point, 7 the head, 30 the committee member and the secretariat', () => {
    expect(parseEscalation(DEFAULT_ESCALATION)).toEqual([
      { overdueDays: 1, to: ['focal_point'] },
      { overdueDays: 7, to: ['department_head'] },
      { overdueDays: 30, to: ['committee_member', 'secretariat'] },
    ]);
  });

  it('merges steps of the same day, sorts them, and is switched off by "none"', () => {
    expect(parseEscalation('14:secretariat; 3:department_head ;14:committee_member')).toEqual([
      { overdueDays: 3, to: ['department_head'] },
      { overdueDays: 14, to: ['committee_member', 'secretariat'] },
    ]);
    expect(parseEscalation('none')).toEqual([]);
  });

  it('refuses a bad value with one line naming the variable', () => {
    for (const bad of ['7:boss', '0:focal_point', 'seven:department_head', '7:', '7']) {
      expect(() => parseEscalation(bad)).toThrow(ConfigError);
      expect(() => parseEscalation(bad)).toThrow(/^REMINDER_ESCALATION /);
    }
  });

  it('fires each step on the morning the task is that many days overdue; a focal point step adds a reminder day', () => {
    const ladder = parseEscalation('5:focal_point;7:department_head;30:committee_member,secretariat');
    expect(escalationTargets('2024-07-31', ladder)).toEqual([
      { dueDate: '2024-07-24', rule: 'overdue_7', daysLeft: -7, to: ['department_head'] },
      { dueDate: '2024-07-01', rule: 'overdue_30', daysLeft: -30, to: ['committee_member', 'secretariat'] },
    ]);
    const rules = reminderRules({ reminderDaysBefore: [7, 3, 1], reminderOverdueRepeatDays: 7 }, ladder);
    // overdue 5 is not a weekly repeat (1, 8, 15…) but the ladder's focal point step
    expect(ruleFor('2024-07-26', '2024-07-31', rules)?.rule).toBe('overdue_5');
    expect(ruleFor('2024-07-27', '2024-07-31', rules)).toBeNull();
    expect(reminderTargets('2024-07-31', rules, '2024-07-20').filter((t) => t.daysLeft < 0).map((t) => t.rule)).toEqual(['overdue_1', 'overdue_5', 'overdue_8']);
  });
});
