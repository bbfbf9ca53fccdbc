import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'csv-parse/sync';
import { DeadlineTextError, ParsedDeadline, parseDeadline } from './parse-deadline';
import * as barrel from './index';

const date = (dueDate: string, yearly = false): ParsedDeadline => ({ kind: 'date', dueDate, yearly });
const PLAN_YEAR = 2024;

/** Runs a table of [text, planYear, expected] rows. */
function table(rows: Array<[string, number, ParsedDeadline]>) {
  it.each(rows)('%j (plan year %i)', (text, planYear, expected) => {
    expect(parseDeadline(text, planYear)).toEqual(expected);
  });
}

describe('parseDeadline', () => {
  describe('DOMAIN.md table, row by row', () => {
    table([
      ['30/6/2024', 2024, date('2024-06-30')],
      ['Trước ngày 30/6/2024', 2024, date('2024-06-30')],
      ['Tháng 01/2024', 2024, date('2024-01-31')],
      ['tháng 1 năm 2024', 2024, date('2024-01-31')],
      ['Quý I/2024', 2024, date('2024-03-31')],
      ['Quý II/2024', 2024, date('2024-06-30')],
      ['Quý III/2024', 2024, date('2024-09-30')],
      ['Quý IV/2024', 2024, date('2024-12-31')],
      ['Quý 3/2024', 2024, date('2024-09-30')],
      ['6 tháng đầu năm 2024', 2024, date('2024-06-30')],
      ['6 tháng cuối năm 2024', 2024, date('2024-12-31')],
      ['Năm 2024', 2024, date('2024-12-31')],
      ['Hàng năm', 2024, date('2024-12-31', true)],
      ['Hằng năm', 2024, date('2024-12-31', true)],
      ['Thường xuyên', 2024, { kind: 'recurring' }],
      ['', 2024, { kind: 'none' }],
    ]);
  });

  describe('exact days', () => {
    table([
      ['Trước 30/6/2024', 2024, date('2024-06-30')],
      ['ngày 30/6/2024', 2024, date('2024-06-30')],
      ['Ngày 1/7/2024', 2024, date('2024-07-01')],
      ['30/06/2024', 2024, date('2024-06-30')],
      ['01/01/2025', 2024, date('2025-01-01')],
      ['30-6-2024', 2024, date('2024-06-30')],
      ['trước ngày 15-01-2025', 2024, date('2025-01-15')],
      ['31/12/2100', 2024, date('2100-12-31')],
      ['1/1/2000', 2024, date('2000-01-01')],
      ['31/1/2024', 2024, date('2024-01-31')],
      ['30/4/2024', 2024, date('2024-04-30')],
    ]);
  });

  describe('months', () => {
    table([
      ['Tháng 1/2024', 2024, date('2024-01-31')],
      ['Tháng 02/2024', 2024, date('2024-02-29')],
      ['Tháng 4/2024', 2024, date('2024-04-30')],
      ['Tháng 06/2025', 2024, date('2025-06-30')],
      ['Tháng 12/2024', 2024, date('2024-12-31')],
      ['tháng 12 năm 2025', 2024, date('2025-12-31')],
      ['Tháng 9-2024', 2024, date('2024-09-30')],
    ]);
  });

  describe('quarters, Roman and Arabic', () => {
    table([
      ['Quý 1/2024', 2024, date('2024-03-31')],
      ['Quý 2/2024', 2024, date('2024-06-30')],
      ['Quý 4/2024', 2024, date('2024-12-31')],
      ['Quý III năm 2024', 2024, date('2024-09-30')],
      ['Quý 2 năm 2025', 2024, date('2025-06-30')],
      ['quý iv/2023', 2024, date('2023-12-31')],
    ]);
  });

  describe('leap years', () => {
    table([
      ['Tháng 2/2024', 2024, date('2024-02-29')],
      ['Tháng 2/2023', 2023, date('2023-02-28')],
      ['Tháng 2/2000', 2024, date('2000-02-29')], // divisible by 400: leap
      ['Tháng 2/2100', 2024, date('2100-02-28')], // divisible by 100 only: not leap
      ['29/2/2024', 2024, date('2024-02-29')],
      ['Tháng 2', 2028, date('2028-02-29')],
    ]);
    it('refuses 29/2 in a common year', () => {
      expect(() => parseDeadline('29/2/2023', 2023)).toThrow(DeadlineTextError);
      expect(() => parseDeadline('29/2', 2023)).toThrow(DeadlineTextError);
    });
  });

  describe('missing year takes the plan year', () => {
    table([
      ['Quý II', 2025, date('2025-06-30')],
      ['Quý 4', 2023, date('2023-12-31')],
      ['Tháng 6', 2025, date('2025-06-30')],
      ['Tháng 01', 2025, date('2025-01-31')],
      ['30/6', 2025, date('2025-06-30')],
      ['Trước ngày 15/3', 2022, date('2022-03-15')],
      ['6 tháng đầu năm', 2025, date('2025-06-30')],
      ['6 tháng cuối năm', 2022, date('2022-12-31')],
      ['Hàng năm', 2025, date('2025-12-31', true)],
      ['Hằng năm', 2022, date('2022-12-31', true)],
    ]);
    it('a written year wins over the plan year', () => {
      expect(parseDeadline('Quý II/2025', 2024)).toEqual(date('2025-06-30'));
      expect(parseDeadline('Năm 2023', 2024)).toEqual(date('2023-12-31'));
    });
  });

  describe('case, spaces, NBSP, trailing period, no diacritics', () => {
    table([
      ['QUÝ II/2024', 2024, date('2024-06-30')],
      ['quý ii/2024', 2024, date('2024-06-30')],
      ['  Quý   II / 2024  ', 2024, date('2024-06-30')],
      ['Quý\u00a0II/2024', 2024, date('2024-06-30')],
      ['\u00a0Năm\u00a02024\u00a0', 2024, date('2024-12-31')],
      ['Tháng 01 / 2024', 2024, date('2024-01-31')],
      ['tháng  1  năm  2024', 2024, date('2024-01-31')],
      ['Trước  ngày  30 / 6 / 2024', 2024, date('2024-06-30')],
      ['Năm 2024.', 2024, date('2024-12-31')],
      ['Quý II/2024 .', 2024, date('2024-06-30')],
      ['30/6/2024.', 2024, date('2024-06-30')],
      ['Thường xuyên.', 2024, { kind: 'recurring' }],
      ['THƯỜNG XUYÊN', 2024, { kind: 'recurring' }],
      ['Quy II/2024', 2024, date('2024-06-30')],
      ['Thang 01/2024', 2024, date('2024-01-31')],
      ['thang 1 nam 2024', 2024, date('2024-01-31')],
      ['Truoc ngay 30/6/2024', 2024, date('2024-06-30')],
      ['6 thang dau nam 2024', 2024, date('2024-06-30')],
      ['6 thang cuoi nam 2024', 2024, date('2024-12-31')],
      ['Nam 2024', 2024, date('2024-12-31')],
      ['Thuong xuyen', 2024, { kind: 'recurring' }],
      ['Hang nam', 2024, date('2024-12-31', true)],
      ['Quý II/2024'.normalize('NFD'), 2024, date('2024-06-30')], // decomposed (NFD) input
      ['Quý\u200bII/2024', 2024, date('2024-06-30')], // zero-width space from copy-paste
    ]);
  });

  describe('empty', () => {
    it.each([[''], ['   '], ['\u00a0'], ['\t\n'], [null], [undefined]])('%j → none', (text) => {
      expect(parseDeadline(text, PLAN_YEAR)).toEqual({ kind: 'none' });
    });
  });

  describe('refuses anything else, naming the text', () => {
    const wrong = [
      '31/4/2024', // April has 30 days
      '29/2/2023', // not a leap year
      '32/1/2024',
      '0/6/2024',
      '30/0/2024',
      '30/13/2024',
      'Tháng 0/2024',
      'Tháng 13/2024',
      'Tháng 00/2024',
      'Quý 0/2024',
      'Quý V/2024',
      'Quý 5/2024',
      'Quý IIII/2024',
      'Quý VI/2024',
      'Quý II/24', // two-digit year
      '30/6/24',
      'Tháng 1/24',
      'Năm 24',
      'Năm 1999', // out of 2000–2100
      'Năm 2101',
      '30/6/1999',
      'Quý II/20245',
      'Sớm',
      'Quý II/2024 và Quý III/2024',
      '2024',
      '01/6/2024 - 30/6/2024', // a range
      'Từ 01/6/2024 đến 30/6/2024',
      'Tháng 6-7/2024',
      'Quý II-III/2024',
      '30/6-2024', // mixed separators
      '30.6.2024',
      '6/2024', // month/year without "Tháng": could be read two ways
      'Trước tháng 6/2024',
      'Theo tiến độ',
      'Hàng năm 2024',
      'Thường xuyên, hàng năm',
      '3 tháng đầu năm 2024',
      '6 tháng đầu năm 24',
      'Năm',
      'Quý',
      'Tháng',
      '.',
      '-',
      'Quý II/2024 (dự kiến)',
    ];
    it.each(wrong)('%j', (text) => {
      let caught: unknown;
      try {
        parseDeadline(text, PLAN_YEAR);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(DeadlineTextError);
      expect(caught).toBeInstanceOf(Error);
      const err = caught as DeadlineTextError;
      expect(err.text).toBe(text);
      expect(err.message).toContain(`"${text}"`);
      expect(err.name).toBe('DeadlineTextError');
    });

    it('says what went wrong and what was expected, in English', () => {
      expect(() => parseDeadline('Quý V/2024', PLAN_YEAR)).toThrow(
        'deadline "Quý V/2024" is not a recognised deadline (quarter must be I–IV or 1–4, got v) ' +
          '(expected e.g. 30/6/2024, Tháng 01/2024, Quý II/2024, Năm 2024, Thường xuyên)',
      );
      expect(() => parseDeadline('Sớm', PLAN_YEAR)).toThrow(
        'deadline "Sớm" is not a recognised deadline (expected e.g. 30/6/2024, Tháng 01/2024, Quý II/2024, Năm 2024, Thường xuyên)',
      );
      expect(() => parseDeadline('31/4/2024', PLAN_YEAR)).toThrow('4/2024 has no day 31');
      expect(() => parseDeadline('Tháng 13/2024', PLAN_YEAR)).toThrow('month must be 1–12, got 13');
      expect(() => parseDeadline('Năm 24', PLAN_YEAR)).toThrow('year must be 2000–2100, got 24');
    });
  });

  describe('plan year', () => {
    it.each([NaN, 1999, 2101, 2024.5])('refuses plan year %p as a caller bug (RangeError)', (y) => {
      expect(() => parseDeadline('Quý II', y)).toThrow(RangeError);
      expect(() => parseDeadline('', y)).toThrow(RangeError);
    });
  });

  describe('real task tables (libs/imports/demo-data, copies of the shared fixtures)', () => {
    const dir = join(__dirname, '../../imports/demo-data');
    const planYear = new Map<string, number>(
      (parse(readFileSync(join(dir, 'plans.csv')), { columns: true }) as Array<Record<string, string>>).map((p) => [
        p.file,
        Number(p.year),
      ]),
    );
    const rows = readdirSync(dir)
      // the task tables plans.csv names (the folder also holds indicator tables)
      .filter((f) => planYear.has(f))
      .flatMap((file) =>
        (parse(readFileSync(join(dir, file)), { columns: true }) as Array<Record<string, string>>).map(
          (r, i) => [file, i + 2, r['Thời hạn']] as [string, number, string],
        ),
      );

    it('has task tables with a "Thời hạn" column', () => {
      expect(rows.length).toBeGreaterThanOrEqual(55);
      expect(rows.every(([, , text]) => typeof text === 'string')).toBe(true);
    });

    it.each(rows)('%s line %i: %j', (file, _line, text) => {
      const parsed = parseDeadline(text, planYear.get(file) ?? PLAN_YEAR);
      if (text.trim() === '') expect(parsed).toEqual({ kind: 'none' });
      else expect(parsed.kind).not.toBe('none');
    });

    it('reads the fixtures the way the plans mean them', () => {
      const count = (pred: (p: ParsedDeadline) => boolean) =>
        rows.filter(([file, , text]) => pred(parseDeadline(text, planYear.get(file) ?? PLAN_YEAR))).length;
      expect(count((p) => p.kind === 'none')).toBe(1); // "one deadline is empty, as in the original"
      expect(count((p) => p.kind === 'date' && p.yearly)).toBe(6); // the "Hàng năm" rows
      expect(count((p) => p.kind === 'date' && p.dueDate === '2024-12-31' && !p.yearly)).toBe(32); // Năm 2024 + Quý IV
    });
  });

  it('is re-exported from the library index', () => {
    expect(barrel.parseDeadline).toBe(parseDeadline);
    expect(barrel.DeadlineTextError).toBe(DeadlineTextError);
  });
});
