import { formatVietnameseDate, foldVietnamese } from '@app/common';
import { CountKey } from '@app/rollups';
import { STATUS_WORDS, TaskStatus } from '@app/tasks';
import { SUMMARY_COUNT_COLUMNS, SUMMARY_SHEETS } from './summary-columns';

/** The Vietnamese words of the take-away tables, as the reports write them (seed 003 II.3–4, seed 004 appendices 2–3). */
export const STATUS_LABELS: Record<TaskStatus, string> = STATUS_WORDS;

export interface CountColumn {
  key: CountKey | 'completionRate';
  /** The heading above a group of columns (the report's two-level header), if any. */
  group?: string;
  heading: string;
}

/** The columns of the counts tables (Tổng hợp, Theo đơn vị), in order; typed here, so a key that is not a count fails to build. */
export const COUNT_COLUMNS: CountColumn[] = [...SUMMARY_COUNT_COLUMNS];

/** A one-line heading for CSV, where there is no second header row: "Đã hoàn thành - Đúng hạn". */
export const flatHeading = (c: CountColumn) => (c.group ? `${c.group} - ${c.heading}` : c.heading);

export const SHEETS = SUMMARY_SHEETS;

/** "Kết quả đến ngày 30/06/2024", the cut-off as the reports state it. */
export const cutOffText = (asOf: string) => `Kết quả đến ngày ${formatVietnameseDate(asOf)}`;

/** File names: ASCII for old clients, the Vietnamese one for the rest (RFC 6266 filename*). */
export function summaryFileNames(meeting: { title: string; asOf: string }, extension: 'xlsx' | 'csv'): { ascii: string; utf8: string } {
  const slug = foldVietnamese(meeting.title).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'phien-hop';
  const title = meeting.title.replace(/[\\/:*?"<>|\r\n]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
  return {
    ascii: `tong-hop-${slug}-${meeting.asOf}.${extension}`,
    utf8: `Tổng hợp - ${title} - đến ${formatVietnameseDate(meeting.asOf).replace(/\//g, '-')}.${extension}`,
  };
}
