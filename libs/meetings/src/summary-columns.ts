/**
 * The columns and sheets of the meeting summary's tables, in the order and words of the reports
 * (seed 003 II.3–4, seed 004 appendices 2–3): the workbook, the CSV and the meeting page all lay
 * them out from here. No import, so the web pages bundle it as it is (like tasks/task-words.ts).
 */
export const SUMMARY_COUNT_COLUMNS = [
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
] as const;

/** The workbook's sheets, whose names the meeting page's sections take. */
export const SUMMARY_SHEETS = {
  summary: 'Tổng hợp',
  byDepartment: 'Theo đơn vị',
  overdue: 'Nhiệm vụ quá hạn',
  completed: 'Đã hoàn thành',
  dueSoon: 'Sắp đến hạn',
} as const;
