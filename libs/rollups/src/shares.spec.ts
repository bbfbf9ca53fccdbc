import { countsOf, withShares } from './rollups.service';
import { formatPercentVi, formatShare, reportSentence, share, sharesOf } from './shares';

describe('shares as the reports print them', () => {
  /**
   * Seed 003 (Đắk Lắk, June 2024), plan 30/KH-BCĐCĐS: "18/66 nhiệm vụ, đạt 27,27%",
   * "13/66 nhiệm vụ, chiếm 19,69%", "35/66 nhiệm vụ, chiếm 53,03%". The report truncates
   * 13/66 = 19,6969…% to 19,69 but rounds the others; DOMAIN.md's one rule (half-up, two
   * decimals) gives 19,70 there, and the three shares then add up to 100,00.
   */
  it('reproduces every share of seed 003 on plan 30/KH-BCĐCĐS from its counts', () => {
    const counts = withShares({ asOf: '2024-06-30', total: countsOf({ total: 66, completed: 18, completedOnTime: 18, recurring: 13, inProgress: 35, withinDeadline: 35 }), byPlan: [], byDepartment: [] }).total as Required<ReturnType<typeof countsOf>>;
    expect(counts.completionRate).toBe(27.27);
    expect(counts.shares.completed).toEqual({ share: 27.27, text: '18/66 (27,27%)' });
    expect(counts.shares.recurring).toEqual({ share: 19.7, text: '13/66 (19,70%)' }); // the seed prints 19,69 (truncated)
    expect(counts.shares.inProgress).toEqual({ share: 53.03, text: '35/66 (53,03%)' });
    expect(counts.shares.withinDeadline.text).toBe('35/66 (53,03%)');
    expect(counts.shares.overdue.text).toBe('0/66 (0,00%)');
    expect(counts.shares.completed.share + counts.shares.recurring.share + counts.shares.inProgress.share).toBeCloseTo(100, 10);
    // every count but the total has its share, in the contract's order
    expect(Object.keys(counts.shares)).toEqual([
      'completed', 'completedOnTime', 'completedLate', 'confirmed', 'recurring',
      'inProgress', 'notStarted', 'blocked', 'cancelled', 'withinDeadline', 'overdue',
    ]);
  });

  it('reproduces seed 003 on plan 203/KH-UBND (63 tasks), where the seed truncates 9/63 to 14,28', () => {
    expect(formatShare(10, 63)).toBe('10/63 (15,87%)');
    expect(formatShare(9, 63)).toBe('9/63 (14,29%)'); // 14,2857…: the seed prints 14,28
    expect(formatShare(44, 63)).toBe('44/63 (69,84%)');
  });

  it('seed 004 appendix 3 and the dashboard demo: 82/95 and 5/55', () => {
    expect(formatShare(82, 95)).toBe('82/95 (86,32%)');
    expect(formatShare(5, 55)).toBe('5/55 (9,09%)');
    expect(formatShare(5, 11)).toBe('5/11 (45,45%)');
  });

  it('rounds half-up exactly, writes the decimal comma, both decimals and the thousands dot', () => {
    expect(share(1, 32)).toBe(3.13); // 3.125 → up
    expect(share(201, 20_000)).toBe(1.01); // 1.005 → up, where a binary fraction would go down
    expect(formatPercentVi(19.7)).toBe('19,70');
    expect(formatPercentVi(100)).toBe('100,00');
    expect(formatPercentVi(0)).toBe('0,00');
    expect(formatShare(1234, 100_000)).toBe('1.234/100.000 (1,23%)');
    expect(formatShare(0, 0)).toBe('0/0 (0,00%)');
    expect(() => share(3, 2)).toThrow(RangeError);
  });

  it('rounds to one decimal once, from the counts (seed 003: "08/53 … chiếm 15,1%")', () => {
    expect(share(8, 53, 1)).toBe(15.1);
    expect(share(29, 200, 1)).toBe(14.5); // 14.5 exactly
    expect(share(2889, 20_000, 1)).toBe(14.4); // 14.445 → 14.4, not 14.45 then 14.5
    expect(share(1, 3, 1)).toBe(33.3);
  });

  it('puts the shares last in every counts object of a roll-up, and only there (withShares)', () => {
    const plan = { planId: 'p', number: '30/KH-BCĐCĐS', ...countsOf({ total: 3, completed: 1 }) };
    const rollup = { asOf: '2024-06-30', total: countsOf({ total: 3, completed: 1 }), byPlan: [plan], byDepartment: [] };
    const shared = withShares(rollup);
    expect(Object.keys(shared.byPlan[0]).slice(0, 2)).toEqual(['planId', 'number']);
    expect(Object.keys(shared.byPlan[0]).pop()).toBe('shares');
    expect(shared.byPlan[0].shares!.completed.text).toBe('1/3 (33,33%)');
    expect(shared.total.shares!.notStarted.text).toBe('0/3 (0,00%)');
    expect('shares' in rollup.total).toBe(false); // the roll-up itself is left as the contract has it
  });

  it('gives the same shares whatever the counts object (sharesOf)', () => {
    const shares = sharesOf({ total: 8, completed: 1, completedOnTime: 1, completedLate: 0, confirmed: 0, recurring: 0, inProgress: 7, notStarted: 0, blocked: 0, cancelled: 0, withinDeadline: 7, overdue: 0 });
    expect(shares.completed).toEqual({ share: 12.5, text: '1/8 (12,50%)' });
    expect(shares.inProgress).toEqual({ share: 87.5, text: '7/8 (87,50%)' });
  });

  it('writes a scope\'s figures in the reports\' sentence', () => {
    const counts = countsOf({ total: 66, completed: 18, completedOnTime: 18, recurring: 13, inProgress: 35, withinDeadline: 35 });
    expect(reportSentence(counts)).toBe(
      '66 nhiệm vụ: hoàn thành 18/66 (27,27%), trong đó đúng hạn 18/66 (27,27%), quá hạn 0/66 (0,00%); ' +
        'thực hiện thường xuyên 13/66 (19,70%); chưa hoàn thành trong hạn 35/66 (53,03%), quá hạn 0/66 (0,00%)',
    );
    expect(reportSentence(countsOf({ total: 4, cancelled: 1, notStarted: 3, withinDeadline: 3 }))).toMatch(/; không thực hiện 1\/4 \(25,00%\)$/);
  });
});
