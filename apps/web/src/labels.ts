import dayjs from 'dayjs';
import { STATUS_WORDS, TIMELINESS_WORDS } from '@app/tasks/words';
import type { TaskStatus, Timeliness } from './api/client';

/** The words of the spreadsheets (WEB.md), from the one place the server's files take them too. */
export const STATUS_LABELS: Record<TaskStatus, string> = STATUS_WORDS;
export const TIMELINESS_LABELS: Record<Timeliness, string> = TIMELINESS_WORDS;

/** Solid tags with white text: dark enough for AA contrast. */
export const TIMELINESS_COLORS: Record<Timeliness, string> = {
  overdue: '#a8071a',
  due_soon: '#ad4e00',
  within_deadline: '#0958d9',
  on_time: '#237804',
  late: '#873800',
};

/** The task list's timeliness filter for what the roll-ups count as Trong hạn: due soon and the rest of within deadline. */
export const WITHIN_DEADLINE_FILTER = 'due_soon,within_deadline';

export const DOCUMENT_KIND_LABELS = { submitted: 'Văn bản trình', issued: 'Văn bản ban hành' } as const;

export const ROLE_LABELS = { admin: 'Quản trị', secretariat: 'Thường trực', focal_point: 'Đầu mối', viewer: 'Lãnh đạo' } as const;

/** A calendar day (YYYY-MM-DD) as dd/mm/yyyy. */
export const formatDay = (day: string | null | undefined) => (day ? dayjs(day).format('DD/MM/YYYY') : '');
/** An instant as dd/mm/yyyy HH:mm, in the browser's time zone. */
export const formatInstant = (at: string | null | undefined) => (at ? dayjs(at).format('DD/MM/YYYY HH:mm') : '');

/** The words of a report period (the indicators' values and requests, a recurring duty's note). */
export const PERIOD_LABELS: Record<string, string> = {
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`M${i + 1}`, `Tháng ${i + 1}`])),
  Q1: 'Quý I', Q2: 'Quý II', Q3: 'Quý III', Q4: 'Quý IV', '6M': '6 tháng đầu năm', '9M': '9 tháng', Y: 'Cả năm',
};
