import { DateTime } from 'luxon';

// Calendar days written YYYY-MM-DD: pure helpers, no time zone involved (see Clock for "today").

/** Adds days to a YYYY-MM-DD date, as dates (no time zone involved). */
export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ days }).toISODate()!;
}

/** Whole days from `from` to `to` (YYYY-MM-DD); positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days);
}

/** 2024-01-12 → 12/01/2024, as Vietnamese documents write dates. */
export function formatVietnameseDate(day: string | null | undefined): string {
  if (!day) return '';
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
