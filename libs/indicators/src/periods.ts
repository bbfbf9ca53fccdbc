import { foldVietnamese, Period } from '@app/common';

// the period codes live in libs/common (a recurring task's note names them too)
export { PERIOD_PATTERN, PERIODS } from '@app/common';
export type { Period } from '@app/common';
export const VALUE_KINDS = ['estimate', 'final'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

const ROMAN = ['I', 'II', 'III', 'IV'];

/** "6 tháng đầu năm", "quý III", "tháng 5", "9 tháng", "năm": as the reports name a period. */
export function periodWords(period: Period): string {
  if (period === 'Y') return 'năm';
  if (period === '6M') return '6 tháng đầu năm';
  if (period === '9M') return '9 tháng';
  if (period.startsWith('Q')) return `quý ${ROMAN[Number(period.slice(1)) - 1]}`;
  return `tháng ${period.slice(1)}`;
}

/** "ước thực hiện" for an estimate, "thực hiện" for a final value. */
export const KIND_WORDS: Record<ValueKind, string> = { estimate: 'Ước thực hiện', final: 'Thực hiện' };

/**
 * The period a value heading names: "Ước thực hiện 6 tháng đầu năm" → 6M, "Đến tháng 6/2024" → 6M
 * (cumulative to June), "Đến tháng 9" → 9M, "Quý III" → Q3, "Thực hiện tháng 5" → M5, "cả năm" → Y.
 * Null when it names none.
 */
export function periodOfHeading(heading: string): Period | null {
  const folded = foldVietnamese(heading).replace(/\s+/g, ' ');
  if (/\b6 thang dau nam\b/.test(folded) || /\bsau thang dau nam\b/.test(folded)) return '6M';
  if (/\b9 thang\b/.test(folded)) return '9M';
  const quarter = /\bquy (iv|iii|ii|i|[1-4])\b/.exec(folded);
  if (quarter) {
    const n = /\d/.test(quarter[1]) ? Number(quarter[1]) : ROMAN.indexOf(quarter[1].toUpperCase()) + 1;
    return `Q${n}` as Period;
  }
  const upTo = /\bden (?:het )?thang (\d{1,2})\b/.exec(folded);
  if (upTo) {
    const month = Number(upTo[1]);
    if (month === 6) return '6M';
    if (month === 9) return '9M';
    if (month === 12) return 'Y';
    if (month === 3) return 'Q1';
    if (month >= 1 && month <= 12) return `M${month}` as Period;
  }
  const month = /\bthang (\d{1,2})\b/.exec(folded);
  if (month && Number(month[1]) >= 1 && Number(month[1]) <= 12) return `M${Number(month[1])}` as Period;
  if (/\b(ca nam|nam \d{4}|hang nam)\b/.test(folded)) return 'Y';
  return null;
}
