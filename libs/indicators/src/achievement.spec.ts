import { completionRate } from '@app/rollups';
import { achievementRatio, formatFigure, formatRatio, parseFigure, percentParts, readFigure } from './achievement';

describe('achievement ratio', () => {
  it('gives the ratios of seed 004 Phụ lục 1, half-up to two decimals', () => {
    const rows: [string, string, string][] = [
      ['16.7', '17', '98,24'], ['98.9', '99.4', '99,50'], ['81', '84', '96,43'], ['117', '115', '101,74'], ['100', '100', '100'],
      ['10314', '20659', '49,92'], ['3420', '6750', '50,67'], ['26', '52', '50'], ['60225', '120450', '50'], ['20805', '41610', '50'], ['0.6', '0.6', '100'],
    ];
    for (const [value, target, printed] of rows) expect(formatRatio(achievementRatio(value, target))).toBe(printed);
  });

  it('is the completion-rate rule wherever that one applies', () => {
    for (const [c, t] of [[13, 66], [18, 66], [1, 8], [1, 3], [2, 3], [5, 55], [35, 66], [1, 200000]]) {
      expect(achievementRatio(c, t)).toBe(completionRate(c, t));
    }
    // exact halves go up: 1/8 = 12.5 %, 1/16 = 6.25 %, 1/32 = 3.125 % → 3.13
    expect(achievementRatio('1', '32')).toBe(3.13);
    expect(achievementRatio('2.675', '1')).toBe(267.5);
  });

  it('has no ratio without a value, a numeric target or with a target of zero', () => {
    expect(achievementRatio(null, '12')).toBeNull();
    expect(achievementRatio('3', null)).toBeNull();
    expect(achievementRatio('3', '0')).toBeNull();
    // a target with more digits than doubles hold exactly still gives the rule's answer
    expect(achievementRatio('3.14159265358979', '3.14159265358979')).toBe(100);
    expect(achievementRatio('1', '3.00000000000000')).toBe(33.33);
    expect(achievementRatio(1e-7, 3e-7)).toBe(33.33);
  });

  it('reads and writes figures as the reports do', () => {
    expect(parseFigure('20.659')).toBe('20659');
    expect(parseFigure('9,56')).toBe('9.56');
    expect(parseFigure('74,65%')).toBe('74.65');
    expect(parseFigure('0,6')).toBe('0.6');
    expect(parseFigure('100 %')).toBe('100');
    expect(parseFigure('> 90%')).toBeNull();
    expect(parseFigure('Chưa tính được')).toBeNull();
    expect(formatFigure('20659')).toBe('20.659');
    expect(formatFigure('16.70')).toBe('16,7');
    expect(formatFigure('120450')).toBe('120.450');
    expect(percentParts('100% cấp tỉnh, 80% cấp huyện, 40% cấp xã')).toEqual(['100', '80', '40']);
    expect(readFigure('-')).toBeNull();
    expect(readFigure('> 90% hộ gia đình, 100% xã')).toEqual({ value: null, text: '> 90% hộ gia đình, 100% xã', parts: ['90', '100'] });
  });
});
