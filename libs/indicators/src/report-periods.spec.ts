import { periodsDue } from './report-periods';

describe('the periods of a recurring report request', () => {
  it('makes a monthly request on each month\'s first day, due on day N (the month\'s last day when shorter)', () => {
    const monthly = { recurrence: 'monthly' as const, dueDay: 31, startsOn: '2024-01-15', endsOn: null };
    expect(periodsDue(monthly, '2024-01-14')).toEqual([]);
    expect(periodsDue(monthly, '2024-03-01').map((p) => [p.period, p.startsOn, p.dueDate])).toEqual([
      ['M1', '2024-01-01', '2024-01-31'], ['M2', '2024-02-01', '2024-02-29'], ['M3', '2024-03-01', '2024-03-31'],
    ]);
  });

  it('covers quarters, halves and years, and stops at the end', () => {
    expect(periodsDue({ recurrence: 'quarterly', dueDay: 20, startsOn: '2024-04-01', endsOn: '2024-09-30' }, '2025-01-05').map((p) => `${p.period}:${p.dueDate}`))
      .toEqual(['Q2:2024-06-20', 'Q3:2024-09-20']);
    expect(periodsDue({ recurrence: 'half_yearly', dueDay: 15, startsOn: '2024-01-01', endsOn: null }, '2024-07-01').map((p) => `${p.period}:${p.dueDate}`))
      .toEqual(['6M:2024-06-15', 'Y:2024-12-15']);
    expect(periodsDue({ recurrence: 'yearly', dueDay: 10, startsOn: '2023-06-01', endsOn: null }, '2024-01-01').map((p) => `${p.year}${p.period}:${p.dueDate}`))
      .toEqual(['2023Y:2023-12-10', '2024Y:2024-12-10']);
  });
});
