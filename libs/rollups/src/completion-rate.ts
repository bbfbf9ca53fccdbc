import { share } from './shares';

/**
 * completed ÷ total × 100, rounded half-up to two decimals (DOMAIN.md "Roll-ups"); 0 for an
 * empty scope. Integer arithmetic in hundredths of a percent, so 13/66 is 19.70 exactly and
 * never 19.69 from a binary fraction (the one rule of every share: shares.ts).
 */
export function completionRate(completed: number, total: number): number {
  if (!Number.isInteger(completed) || !Number.isInteger(total) || completed < 0 || total < 0 || completed > total) {
    throw new RangeError(`completionRate needs 0 ≤ completed ≤ total as whole numbers, got ${completed}/${total}`);
  }
  return share(completed, total);
}
