import { rankDepartments } from './department-ranking';

const row = (name: string, counts: Partial<Record<'led' | 'completed' | 'completedOnTime' | 'completedLate' | 'withinDeadline' | 'overdue' | 'coordinating', number>>) => ({
  departmentId: name, name, led: 0, completed: 0, completedOnTime: 0, completedLate: 0, withinDeadline: 0, overdue: 0,
  coordinating: 0, coordinatingCompleted: 0, coordinatingOverdue: 0, ...counts,
});

describe('rankDepartments', () => {
  it('ranks by the exact on-time rate, then fewer overdue; ties share a place (1, 1, 3)', () => {
    const ranked = rankDepartments([
      // 2/3 and 4/6 are the same rate: the one with fewer overdue first
      row('Sở A', { led: 6, completed: 4, completedOnTime: 4, overdue: 2 }),
      row('Sở B', { led: 3, completed: 2, completedOnTime: 2, overdue: 1 }),
      row('Sở C', { led: 3, completed: 3, completedOnTime: 3 }),
      row('Sở D', { led: 3, completed: 3, completedOnTime: 3, withinDeadline: 0 }),
    ]);
    expect(ranked.map((r) => [r.name, r.rank, r.onTimeRate])).toEqual([
      ['Sở C', 1, 100], ['Sở D', 1, 100], ['Sở B', 3, 66.67], ['Sở A', 4, 66.67],
    ]);
  });

  it('does not round before comparing: 2/3 (66.67) before 6667/10000 (66.67) is decided by the exact fractions', () => {
    const ranked = rankDepartments([
      row('Sở X', { led: 10_000, completed: 10_000, completedOnTime: 6_667, completedLate: 3_333 }),
      row('Sở Y', { led: 3, completed: 3, completedOnTime: 2, completedLate: 1 }),
    ]);
    // 6667/10000 = 0.6667 > 2/3 = 0.66666…
    expect(ranked.map((r) => [r.name, r.rank, r.onTimeRate])).toEqual([['Sở X', 1, 66.67], ['Sở Y', 2, 66.67]]);
  });

  it('puts a department with nothing due after every rate, and one that only coordinates unranked at the end', () => {
    const ranked = rankDepartments([
      row('Sở Mới', { led: 2, withinDeadline: 2 }),
      row('Sở Phối hợp', { coordinating: 4 }),
      row('Sở Chậm', { led: 2, overdue: 2 }),
    ]);
    expect(ranked.map((r) => [r.name, r.rank, r.onTimeRate, r.other])).toEqual([
      ['Sở Chậm', 1, 0, 0], ['Sở Mới', 2, null, 0], ['Sở Phối hợp', null, null, 0],
    ]);
  });
});
