import { formatVietnameseDate, foldVietnamese } from '@app/common';
import { CountKey } from '@app/rollups';
import { TaskStatus } from '@app/tasks';

/** The Vietnamese words of the take-away tables, as the reports write them (seed 003 II.3–4, seed 004 appendices 2–3). */
export const STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: 'Chưa thực hiện',
  in_progress: 'Đang thực hiện',
  completed: 'Hoàn thành',
  recurring: 'Thực hiện thường xuyên',
  blocked: 'Vướng mắc',
  cancelled: 'Không thực hiện',
};

export interface CountColumn {
  key: CountKey | 'completionRate';
  /** The heading above a group of columns (the report's two-level header), if any. */
  group?: string;
  heading: string;
}

/** The columns of the counts tables (Tổng hợp, Theo đơn vị), in order. */
export const COUNT_COLUMNS: CountColumn[] = [
  { key: 'total', heading: 'Tổng số nhiệm vụ' },
  { key: 'completed', group: 'Đã hoàn thành', heading: 'Tổng số' },
  { key: 'completedOnTime', group: 'Đã hoàn thành', heading: 'Đúng hạn' },
  { key: 'completedLate', group: 'Đã hoàn thành', heading: 'Quá hạn' },
  { key: 'confirmed', group: 'Đã hoàn thành', heading: 'Đã được xác nhận' },
  { key: 'recurring', heading: 'Thực hiện thường xuyên' },
  { key: 'inProgress', group: 'Chưa hoàn thành', heading: 'Đang thực hiện' },
  { key: 'notStarted', group: 'Chưa hoàn thành', heading: 'Chưa thực hiện' },
  { key: 'blocked', group: 'Chưa hoàn thành', heading: 'Vướng mắc' },
  { key: 'withinDeadline', group: 'Chưa hoàn thành', heading: 'Trong hạn' },
  { key: 'overdue', group: 'Chưa hoàn thành', heading: 'Quá hạn' },
  { key: 'cancelled', heading: 'Không thực hiện' },
  { key: 'completionRate', heading: 'Tỷ lệ hoàn thành (%)' },
];

/** A one-line heading for CSV, where there is no second header row: "Đã hoàn thành - Đúng hạn". */
export const flatHeading = (c: CountColumn) => (c.group ? `${c.group} - ${c.heading}` : c.heading);

export const SHEETS = {
  summary: 'Tổng hợp',
  byDepartment: 'Theo đơn vị',
  overdue: 'Nhiệm vụ quá hạn',
  completed: 'Đã hoàn thành',
  dueSoon: 'Sắp đến hạn',
} as const;

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
