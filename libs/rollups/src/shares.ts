import { CountKey } from './rollup.types';

/**
 * Every share the reports print (seed 003: "18/66 (27,27%)", "13/66 (19,69%)", "35/66 (53,03%)").
 * One rounding rule for the JSON, the XLSX, the CSV and the pages (DOMAIN.md "Roll-ups"):
 * part ÷ total × 100, half-up to two decimals, in integer hundredths of a percent so that no
 * binary fraction decides a rounding. Seed 003 itself truncates some (19,69 for 13/66 =
 * 19,6969…) and rounds others (53,03 for 35/66 = 53,0303…): half-up gives 19,70.
 * `decimals` 1 for the conclusion notices' "chiếm 15,1%" (seed 003), rounded once from the counts.
 */
export function share(part: number, total: number, decimals = 2): number {
  if (!Number.isInteger(part) || !Number.isInteger(total) || part < 0 || total < 0 || part > total) {
    throw new RangeError(`share needs 0 ≤ part ≤ total as whole numbers, got ${part}/${total}`);
  }
  if (total === 0) return 0;
  // floor((2·p·100·10^d + t) / (2·t)) is round-half-up of p·100·10^d/t (d = 2: p·10000/t)
  const scale = 10 ** decimals;
  return Math.floor((2 * part * 100 * scale + total) / (2 * total)) / scale;
}

/** A count as the Vietnamese reports write it: thousands with a dot (1.234). */
export function formatCountVi(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** A percentage (already rounded to two decimals) with the decimal comma and both decimals: 27,27 · 19,70 · 0,00. */
export function formatPercentVi(rate: number): string {
  const hundredths = Math.round(rate * 100);
  const whole = Math.trunc(hundredths / 100);
  return `${formatCountVi(whole)},${String(Math.abs(hundredths % 100)).padStart(2, '0')}`;
}

/** The report's form of a share: `18/66 (27,27%)`. */
export function formatShare(part: number, total: number): string {
  return `${formatCountVi(part)}/${formatCountVi(total)} (${formatPercentVi(share(part, total))}%)`;
}

/** The counts that have a share of the total (every count but the total itself). */
export const SHARE_KEYS = [
  'completed', 'completedOnTime', 'completedLate', 'confirmed', 'recurring',
  'inProgress', 'notStarted', 'blocked', 'cancelled', 'withinDeadline', 'overdue',
] as const satisfies readonly Exclude<CountKey, 'total'>[];
export type ShareKey = (typeof SHARE_KEYS)[number];

/** One count's share of its scope's total: 27.27 and "18/66 (27,27%)". */
export interface Share {
  /** part ÷ total × 100, half-up to two decimals (0 for an empty scope). */
  share: number;
  /** As the reports print it, decimal comma: "18/66 (27,27%)". */
  text: string;
}

export type Shares = Record<ShareKey, Share>;

/** Each count's share of the total, in the order of SHARE_KEYS. */
export function sharesOf(counts: Record<CountKey, number>): Shares {
  const out = {} as Shares;
  for (const key of SHARE_KEYS) out[key] = { share: share(counts[key], counts.total), text: formatShare(counts[key], counts.total) };
  return out;
}

/**
 * A scope's figures in the sentence the reports write (seed 003 II.3, seed 004): "66 nhiệm vụ:
 * hoàn thành 18/66 (27,27%), trong đó đúng hạn 18/66 (27,27%), quá hạn 0/66 (0,00%); thực hiện
 * thường xuyên 13/66 (19,70%); chưa hoàn thành trong hạn 35/66 (53,03%), quá hạn 0/66 (0,00%)",
 * then "không thực hiện" when any was withdrawn.
 */
export function reportSentence(counts: Record<CountKey, number>): string {
  const s = (key: ShareKey) => formatShare(counts[key], counts.total);
  return (
    `${formatCountVi(counts.total)} nhiệm vụ: hoàn thành ${s('completed')}, trong đó đúng hạn ${s('completedOnTime')}, quá hạn ${s('completedLate')}; ` +
    `thực hiện thường xuyên ${s('recurring')}; chưa hoàn thành trong hạn ${s('withinDeadline')}, quá hạn ${s('overdue')}` +
    (counts.cancelled ? `; không thực hiện ${s('cancelled')}` : '')
  );
}
