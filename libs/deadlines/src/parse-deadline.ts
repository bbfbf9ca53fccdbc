import { foldVietnamese } from '@app/common/plain';

/** A deadline as written in a plan ("Quý II/2024", "Thường xuyên"…), turned into a due date. */
export type ParsedDeadline =
  | { kind: 'date'; dueDate: string /* YYYY-MM-DD */; yearly: boolean /* true for Hàng năm / Hằng năm */ }
  | { kind: 'recurring' } // "Thường xuyên": no due date, task status becomes recurring
  | { kind: 'none' }; // empty: no due date, flagged for the secretariat

const EXPECTED = 'expected e.g. 30/6/2024, Tháng 01/2024, Quý II/2024, Năm 2024, Thường xuyên';

/** A deadline text that is not one of the recognised forms. The message names the text. */
export class DeadlineTextError extends Error {
  constructor(
    readonly text: string,
    detail?: string,
  ) {
    super(`deadline "${text}" is not a recognised deadline${detail ? ` (${detail})` : ''} (${EXPECTED})`);
    this.name = 'DeadlineTextError';
  }
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const pad = (n: number) => String(n).padStart(2, '0');
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/**
 * Parses a "Thời hạn" cell. Texts without a year ("Quý II", "30/6") take `planYear`.
 * Accepts any case, extra spaces/NBSP, a trailing period, and text typed without diacritics.
 * Anything else throws DeadlineTextError: a wrong due date is worse than none, so we never guess.
 */
export function parseDeadline(text: string | null | undefined, planYear: number): ParsedDeadline {
  // A bad planYear is a caller bug, not a bad text: refuse it whatever the text.
  if (!Number.isInteger(planYear) || planYear < 2000 || planYear > 2100) {
    throw new RangeError(`planYear must be an integer in 2000–2100, got ${planYear}`);
  }
  if (text == null) return { kind: 'none' };
  const raw = String(text);
  // Fold diacritics/case/whitespace (NBSP is \s; zero-width spaces come from copy-paste),
  // then glue separators so "Quý II / 2024" reads like "quy ii/2024".
  const t = foldVietnamese(raw.replace(/[\u200b\ufeff]/g, ''))
    .replace(/ ?([/-]) ?/g, '$1');
  if (t === '') return { kind: 'none' };
  const s = t.replace(/ ?\.+$/, ''); // "Năm 2024." — a lone "." stays an error below
  const fail = (detail?: string): never => {
    throw new DeadlineTextError(raw, detail);
  };

  // A written year must be four digits in 2000–2100; a missing one is the plan's year.
  const year = (y: string | undefined): number => {
    if (y === undefined) return planYear;
    const n = Number(y);
    if (!/^\d{4}$/.test(y) || n < 2000 || n > 2100) fail(`year must be 2000–2100, got ${y}`);
    return n;
  };
  const month = (m: string): number => {
    const n = Number(m);
    if (n < 1 || n > 12) fail(`month must be 1–12, got ${m}`);
    return n;
  };
  const date = (y: number, m: number, d: number, yearly = false): ParsedDeadline => {
    if (d < 1 || d > daysIn(y, m)) fail(`${m}/${y} has no day ${d}`);
    return { kind: 'date', dueDate: `${y}-${pad(m)}-${pad(d)}`, yearly };
  };
  const endOfMonth = (y: number, m: number) => date(y, m, daysIn(y, m));

  let m: RegExpMatchArray | null;
  // "30/6/2024", "Trước ngày 30/6/2024", "Trước 30/6/2024", "ngày 30-06-2024", "30/6".
  // Always day/month (Vietnamese order); both separators must be the same.
  if ((m = s.match(/^(?:truoc (?:ngay )?|ngay )?(\d{1,2})([/-])(\d{1,2})(?:\2(\d+))?$/))) {
    return date(year(m[4]), month(m[3]), Number(m[1]));
  }
  // "Tháng 01/2024", "tháng 1 năm 2024", "Tháng 6" → last day of the month.
  if ((m = s.match(/^thang ?(\d{1,2})(?:(?:[/-]| nam )(\d+))?$/))) {
    return endOfMonth(year(m[2]), month(m[1]));
  }
  // "Quý II/2024", "Quý 3/2024", "Quý III năm 2024", "Quý II" → last day of the quarter.
  if ((m = s.match(/^quy ?([ivx]+|\d+)(?:(?:[/-]| nam )(\d+))?$/))) {
    const q = ROMAN[m[1]] ?? (/^[1-4]$/.test(m[1]) ? Number(m[1]) : fail(`quarter must be I–IV or 1–4, got ${m[1]}`));
    return endOfMonth(year(m[2]), q * 3);
  }
  // "6 tháng đầu năm 2024" → 30 June; "6 tháng cuối năm 2024" → 31 December.
  if ((m = s.match(/^6 thang (dau|cuoi) nam(?: (\d+))?$/))) {
    return endOfMonth(year(m[2]), m[1] === 'dau' ? 6 : 12);
  }
  // "Năm 2024" → 31 December. A bare "2024" is refused: it could be anything.
  if ((m = s.match(/^nam (\d+)$/))) return endOfMonth(year(m[1]), 12);
  // "Hàng năm" / "Hằng năm" (both fold to "hang nam"): a yearly duty, due at the end of the plan's year.
  if (s === 'hang nam') return date(planYear, 12, 31, true);
  if (s === 'thuong xuyen') return { kind: 'recurring' };
  return fail();
}
