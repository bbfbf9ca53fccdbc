import { completionRate } from './completion-rate';

describe('completionRate', () => {
  it('gives the figures of the reports (seed 003: 18/66 = 27.27%)', () => {
    expect(completionRate(18, 66)).toBe(27.27);
    expect(completionRate(10, 63)).toBe(15.87);
    expect(completionRate(82, 95)).toBe(86.32);
  });

  it('rounds half-up, exactly, where floating point would not', () => {
    expect(completionRate(13, 66)).toBe(19.7); // 19.6969…, the report truncated it to 19,69
    expect(completionRate(35, 66)).toBe(53.03);
    expect(completionRate(1, 8)).toBe(12.5); // 12.5 exactly, no rounding needed
    expect(completionRate(1, 16)).toBe(6.25);
    expect(completionRate(1, 32)).toBe(3.13); // 3.125 → up
    expect(completionRate(1, 4000)).toBe(0.03); // 0.025 → up
    expect(completionRate(1, 3)).toBe(33.33);
    expect(completionRate(2, 3)).toBe(66.67);
    // 1.005 * 100 is 100.49999… in binary: naive Math.round(x * 100) / 100 rounds it down
    expect(completionRate(201, 20_000)).toBe(1.01);
  });

  it('is 0 for an empty scope and 100 when all are done', () => {
    expect(completionRate(0, 0)).toBe(0);
    expect(completionRate(0, 7)).toBe(0);
    expect(completionRate(7, 7)).toBe(100);
  });

  it('refuses impossible counts', () => {
    expect(() => completionRate(3, 2)).toThrow(RangeError);
    expect(() => completionRate(-1, 2)).toThrow(RangeError);
    expect(() => completionRate(1.5, 2)).toThrow(RangeError);
  });
});
