import { SUMMARY_COUNT_COLUMNS, SUMMARY_SHEETS } from '@app/meetings/columns';
import type { Schemas } from '../api/client';

export type Counts = Schemas['RollupCountsDto'];
export type CountKey = Exclude<keyof Counts, 'shares'>;

export interface CountColumn {
  key: CountKey;
  /** The heading above a group of columns (the report's two-level header), if any. */
  group?: string;
  heading: string;
}

/** The columns of the counts tables (Tổng hợp, Theo đơn vị), from the one list the workbook is laid out by too. */
export const COUNT_COLUMNS: CountColumn[] = [...SUMMARY_COUNT_COLUMNS];

/** The sheets of the workbook, whose names the page's sections take. */
export const SHEETS = SUMMARY_SHEETS;

const PERCENT = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** 27.27 → "27,27", as the reports print a rate. */
export const formatRate = (rate: number) => PERCENT.format(rate);
