/**
 * The Vietnamese words of the statuses and timeliness (DOMAIN.md, WEB.md), as the reports and
 * spreadsheets write them: the one place for them. The server's take-away files and the web
 * pages (apps/web/src/labels.ts, bundled by Vite) both read this file, so it imports nothing.
 */
export const STATUS_WORDS = {
  not_started: 'Chưa thực hiện',
  in_progress: 'Đang thực hiện',
  completed: 'Hoàn thành',
  recurring: 'Thực hiện thường xuyên',
  blocked: 'Vướng mắc',
  cancelled: 'Không thực hiện',
} as const;

export const TIMELINESS_WORDS = {
  on_time: 'Đúng hạn',
  late: 'Trễ hạn',
  overdue: 'Quá hạn',
  due_soon: 'Sắp đến hạn',
  within_deadline: 'Trong hạn',
} as const;
