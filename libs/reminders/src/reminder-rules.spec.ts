import { parseEscalation, reminderRules, reminderTargets, ruleFor, yearlyEscalationTargets, yearlyReminderTargets } from './reminder-rules';

describe('reminder rules', () => {
  const rules = reminderRules({ reminderDaysBefore: [7, 3, 1], reminderOverdueRepeatDays: 7 });
  const asOf = '2024-06-15';
  const due = (days: number) => {
    const d = new Date(Date.UTC(2024, 5, 15 + days));
    return d.toISOString().slice(0, 10);
  };

  it('fires 7, 3 and 1 days ahead, on the day, on the first overdue day and then weekly', () => {
    const fired = [8, 7, 6, 4, 3, 2, 1, 0, -1, -2, -7, -8, -9, -14, -15, -22, -29, -30].map((d) => [d, ruleFor(due(d), asOf, rules)?.rule ?? null]);
    expect(fired).toEqual([
      [8, null], [7, 'due_in_7'], [6, null], [4, null], [3, 'due_in_3'], [2, null], [1, 'due_in_1'], [0, 'due_today'],
      [-1, 'overdue_1'], [-2, null], [-7, null], [-8, 'overdue_8'], [-9, null], [-14, null], [-15, 'overdue_15'],
      [-22, 'overdue_22'], [-29, 'overdue_29'], [-30, null],
    ]);
    expect(ruleFor(due(-8), asOf, rules)).toEqual({ dueDate: '2024-06-07', rule: 'overdue_8', daysLeft: -8 });
  });

  it('counts calendar days across months and leap years', () => {
    expect(ruleFor('2024-03-01', '2024-02-28', rules)?.rule).toBeUndefined(); // 2 days: 29 Feb 2024 exists
    expect(ruleFor('2024-03-02', '2024-02-28', rules)?.rule).toBe('due_in_3');
    expect(ruleFor('2024-12-31', '2025-01-01', rules)?.rule).toBe('overdue_1');
  });

  it('lists the dates to look up: ahead, today, and overdue back to the oldest open deadline', () => {
    expect(reminderTargets(asOf, rules, '2024-05-20')).toEqual([
      { dueDate: '2024-06-22', rule: 'due_in_7', daysLeft: 7 },
      { dueDate: '2024-06-18', rule: 'due_in_3', daysLeft: 3 },
      { dueDate: '2024-06-16', rule: 'due_in_1', daysLeft: 1 },
      { dueDate: '2024-06-15', rule: 'due_today', daysLeft: 0 },
      { dueDate: '2024-06-14', rule: 'overdue_1', daysLeft: -1 },
      { dueDate: '2024-06-07', rule: 'overdue_8', daysLeft: -8 },
      { dueDate: '2024-05-31', rule: 'overdue_15', daysLeft: -15 },
      { dueDate: '2024-05-24', rule: 'overdue_22', daysLeft: -22 },
    ]);
    expect(reminderTargets(asOf, rules, null).map((t) => t.rule)).toEqual(['due_in_7', 'due_in_3', 'due_in_1', 'due_today']);
    expect(reminderTargets(asOf, rules, '2024-06-20').map((t) => t.rule)).toEqual(['due_in_7', 'due_in_3', 'due_in_1', 'due_today']);
    expect(reminderTargets(asOf, rules, '2024-06-14').map((t) => t.rule)).toContain('overdue_1');
  });

  it('agrees with ruleFor on every day of a year back', () => {
    const targets = new Map(reminderTargets(asOf, rules, '2023-06-15').map((t) => [t.dueDate, t.rule]));
    for (let d = -366; d <= 30; d++) expect([d, targets.get(due(d)) ?? null]).toEqual([d, ruleFor(due(d), asOf, rules)?.rule ?? null]);
  });

  it('follows the configuration: other offsets, another repeat, 0 and repeats in the list ignored', () => {
    const custom = reminderRules({ reminderDaysBefore: [14, 2, 0, 2], reminderOverdueRepeatDays: 3 });
    expect(custom).toEqual({ daysBefore: [14, 2], overdueRepeatDays: 3 });
    const fired = [14, 7, 2, 0, -1, -3, -4, -7].map((d) => ruleFor(due(d), asOf, custom)?.rule ?? null);
    expect(fired).toEqual(['due_in_14', null, 'due_in_2', 'due_today', 'overdue_1', null, 'overdue_4', 'overdue_7']);
  });

  it('yearly duties: the days ahead of any 31 December, and last 31 December when its part was missed', () => {
    expect(yearlyReminderTargets('2024-12-24', rules).map((t) => `${t.rule} ${t.dueDate}`)).toEqual([
      'due_in_7 2024-12-31', 'due_in_3 2024-12-27', 'due_in_1 2024-12-25', 'due_today 2024-12-24',
    ]);
    expect(yearlyReminderTargets('2025-01-01', rules).map((t) => `${t.rule} ${t.dueDate}`)).toContain('overdue_1 2024-12-31');
    expect(yearlyReminderTargets('2025-01-02', rules).filter((t) => t.daysLeft < 0)).toEqual([]);
    expect(yearlyReminderTargets('2025-01-08', rules).filter((t) => t.daysLeft < 0)).toEqual([{ dueDate: '2024-12-31', rule: 'overdue_8', daysLeft: -8 }]);
    // 31 December itself: this year's part is due today; last year's, a year overdue, on its weekly day
    expect(yearlyReminderTargets('2025-12-31', rules).filter((t) => t.daysLeft <= 0).map((t) => t.rule)).toEqual(['due_today', 'overdue_365']);
    // the ladder reaches only last year's part: the steps of 7 and 30 days in January, none later
    const ladder = parseEscalation('1:focal_point;7:department_head;30:committee_member,secretariat;400:secretariat');
    expect(yearlyEscalationTargets('2025-01-07', ladder).map((t) => `${t.rule} ${t.dueDate} ${t.to.join(',')}`)).toEqual(['overdue_7 2024-12-31 department_head']);
    expect(yearlyEscalationTargets('2025-01-30', ladder).map((t) => t.rule)).toEqual(['overdue_30']);
    expect(yearlyEscalationTargets('2026-02-04', ladder)).toEqual([]);
  });
});
