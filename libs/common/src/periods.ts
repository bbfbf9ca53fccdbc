/**
 * The periods a figure is reported for, within a year: a month (M1…M12), a quarter (Q1…Q4), the
 * first 6 or 9 months (6M, 9M, cumulative as the reports count them) and the year (Y). Used by the
 * indicators' values and report requests, and by a recurring task's note ("2024-6M").
 */
export const PERIOD_PATTERN = /^(M([1-9]|1[0-2])|Q[1-4]|6M|9M|Y)$/;
export const PERIODS = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8', 'M9', 'M10', 'M11', 'M12', 'Q1', 'Q2', 'Q3', 'Q4', '6M', '9M', 'Y'] as const;
export type Period = (typeof PERIODS)[number];
