import { completionRate } from '@app/rollups';

/**
 * The figures of an indicator: Vietnamese numbers as the reports write them ("20.659",
 * "16,7", "74,65%"), and the achievement ratio value ÷ target × 100 under the project's one
 * rounding rule (half-up to two decimals, libs/rollups/src/completion-rate.ts).
 */

/** A decimal as PostgreSQL's numeric gives it ("16.7", "20659"), or a JS number. */
export type Decimal = string | number;

/** "16.7" → 167n at scale 1; exact, never through a binary fraction. */
function scaled(value: Decimal): { digits: bigint; scale: number } {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal: ${value}`);
  const fraction = match[3] ?? '';
  const digits = BigInt(match[2] + fraction) * (match[1] ? -1n : 1n);
  return { digits, scale: fraction.length };
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  // shortest round-trip form, without exponent for the sizes indicators have
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}

/**
 * value ÷ target × 100, half-up to two decimals, as hundredths of a percent would be rounded by
 * completionRate: the whole part of value ÷ target is exact, the remainder goes through
 * completionRate (which needs a part of a whole). Null when there is no ratio to give: no value,
 * no numeric target, a target of zero or less, a negative value.
 */
export function achievementRatio(value: Decimal | null | undefined, target: Decimal | null | undefined): number | null {
  if (value === null || value === undefined || target === null || target === undefined) return null;
  const v = scaled(value);
  const t = scaled(target);
  if (t.digits <= 0n || v.digits < 0n) return null;
  const scale = Math.max(v.scale, t.scale);
  const numerator = v.digits * 10n ** BigInt(scale - v.scale);
  const denominator = t.digits * 10n ** BigInt(scale - t.scale);
  const whole = numerator / denominator;
  const rest = numerator % denominator;
  if (denominator <= SAFE_DENOMINATOR) {
    const restHundredths = Math.round(completionRate(Number(rest), Number(denominator)) * 100);
    return (Number(whole) * 10_000 + restHundredths) / 100;
  }
  // a target written with more digits than completionRate's safe integers: the same formula in BigInt
  return Number((2n * numerator * 10_000n + denominator) / (2n * denominator)) / 100;
}

/** completionRate computes 2·c·10000 + t in doubles: exact while t stays under this. */
const SAFE_DENOMINATOR = BigInt(Number.MAX_SAFE_INTEGER) / 20_000n;

/** reached when the value is at least the target; compound targets part by part. */
export type IndicatorStatus = 'reached' | 'not_reached' | 'no_value' | 'not_assessed';
export const INDICATOR_STATUSES: IndicatorStatus[] = ['reached', 'not_reached', 'no_value', 'not_assessed'];
export const INDICATOR_STATUS_WORDS: Record<IndicatorStatus, string> = {
  reached: 'đạt',
  not_reached: 'chưa đạt',
  no_value: 'chưa có số liệu',
  not_assessed: 'không đánh giá được',
};

/**
 * A ratio as the appendices print it: decimal comma, two decimals unless it is a whole number
 * ("98,24", "99,50", "100", "50").
 */
export function formatRatio(ratio: number | null): string {
  if (ratio === null) return '-';
  const hundredths = Math.round(ratio * 100);
  if (hundredths % 100 === 0) return String(hundredths / 100);
  return (hundredths / 100).toFixed(2).replace('.', ',');
}

/** A figure as the reports write it: "20.659", "16,7", "0,6". */
export function formatFigure(value: Decimal | null): string {
  if (value === null || value === undefined) return '-';
  const text = typeof value === 'number' ? numberText(value) : value;
  const [whole, fraction] = text.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const trimmed = fraction?.replace(/0+$/, '');
  return `${text.startsWith('-') ? '-' : ''}${grouped}${trimmed ? `,${trimmed}` : ''}`;
}

/**
 * Reads a number as the reports write it: "9,56", "20.659", "120.450", "100%", "0,6".
 * A dot groups thousands (three digits after each), a comma is the decimal point.
 * Answers the decimal as text ("20659", "9.56"), or null when the text is not one number.
 */
export function parseFigure(text: string): string | null {
  const t = text.trim().replace(/\s*%$/, '').replace(/\s+/g, '');
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t) || /^-?\d+(,\d+)?$/.test(t)) {
    return normalise(t.replace(/\./g, '').replace(',', '.'));
  }
  return null;
}

/** The percentages written in a text ("100% cấp tỉnh, 80% cấp huyện, 40% cấp xã" → 100, 80, 40). */
export function percentParts(text: string): string[] {
  const parts: string[] = [];
  for (const match of text.matchAll(/(\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:,\d+)?)\s*%/g)) {
    const figure = parseFigure(match[1]);
    if (figure !== null) parts.push(figure);
  }
  return parts;
}

function normalise(decimal: string): string {
  let [whole, fraction = ''] = decimal.replace(/^-/, '').split('.');
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  const sign = decimal.startsWith('-') && (whole !== '0' || fraction) ? '-' : '';
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A target or value as written: one number ("12", "74,65%") is the figure; anything else is text,
 * with its percentages as parts ("100% cấp tỉnh, 60% cấp huyện" → [100, 60]); "-" or nothing is none.
 */
export interface Figure {
  value: string | null;
  text: string | null;
  parts: string[];
}

export function readFigure(cell: string | undefined): Figure | null {
  const text = (cell ?? '').replace(/\s+/g, ' ').trim();
  if (!text || /^[-–—]$/.test(text)) return null;
  const value = parseFigure(text);
  if (value !== null) return { value, text: null, parts: [value] };
  return { value: null, text, parts: percentParts(text) };
}
