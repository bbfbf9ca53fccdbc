import { DateTime } from 'luxon';
import { Period } from './periods';

/**
 * The periods a recurring report request covers and when each is due: monthly (M1…M12, due on
 * day N of that month), quarterly (Q1…Q4, day N of the quarter's last month), half-yearly (6M due
 * day N of June, then Y for the year, day N of December), yearly (Y, day N of December); day N
 * past a month's end is its last day. A period's request is made on the period's first day.
 */
export const RECURRENCES = ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export interface SeriesPeriod {
  year: number;
  period: Period;
  /** The first day: the request is made from then on. */
  startsOn: string;
  dueDate: string;
}

const day = (year: number, month: number, dueDay: number) => {
  const first = DateTime.utc(year, month, 1);
  return first.set({ day: Math.min(dueDay, first.daysInMonth!) }).toISODate()!;
};
const first = (year: number, month: number) => DateTime.utc(year, month, 1).toISODate()!;

function periodsOfYear(recurrence: Recurrence, year: number, dueDay: number): SeriesPeriod[] {
  switch (recurrence) {
    case 'monthly':
      return Array.from({ length: 12 }, (_, i) => ({ year, period: `M${i + 1}` as Period, startsOn: first(year, i + 1), dueDate: day(year, i + 1, dueDay) }));
    case 'quarterly':
      return [1, 2, 3, 4].map((q) => ({ year, period: `Q${q}` as Period, startsOn: first(year, q * 3 - 2), dueDate: day(year, q * 3, dueDay) }));
    case 'half_yearly':
      return [
        { year, period: '6M', startsOn: first(year, 1), dueDate: day(year, 6, dueDay) },
        { year, period: 'Y', startsOn: first(year, 7), dueDate: day(year, 12, dueDay) },
      ];
    case 'yearly':
      return [{ year, period: 'Y', startsOn: first(year, 1), dueDate: day(year, 12, dueDay) }];
  }
}

/** The periods begun by `today` (from the series' start on) whose due date is not before the series starts (nor after it ends). */
export function periodsDue(series: { recurrence: Recurrence; dueDay: number; startsOn: string; endsOn: string | null }, today: string): SeriesPeriod[] {
  const out: SeriesPeriod[] = [];
  if (today < series.startsOn) return out;
  for (let year = Number(series.startsOn.slice(0, 4)); year <= Number(today.slice(0, 4)); year++) {
    for (const p of periodsOfYear(series.recurrence, year, series.dueDay)) {
      if (p.startsOn <= today && p.dueDate >= series.startsOn && (!series.endsOn || p.startsOn <= series.endsOn)) out.push(p);
    }
  }
  return out;
}
