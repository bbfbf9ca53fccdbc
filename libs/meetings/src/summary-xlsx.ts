import ExcelJS from 'exceljs';
import { formatVietnameseDate } from '@app/common';
import { reportSentence, RollupCounts } from '@app/rollups';
import { COUNT_COLUMNS, cutOffText, SHEETS, STATUS_LABELS } from './summary-labels';
import { SummaryTask, SummaryView } from './summary-content';
import { addComparisonAndAppendixSheets } from './ranking-files';
import { partsText } from './appendix';
import { urgedSheetSpec } from './urged-tasks';
import { carriedOverSheetSpec } from './carried-over';
import { addIndicatorAppendixSheet, periodWords } from '@app/indicators';
import { BORDER, groupedHeader, HEADER_ROW, printedSheet, styleHeader, titleRows } from './sheet-layout';


/** A calendar day as an Excel date (UTC midnight, so no time zone can shift it). */
const excelDate = (day: string | null) => (day ? new Date(`${day}T00:00:00Z`) : null);

interface ListColumn<T> {
  heading: string;
  width: number;
  value: (row: T, index: number) => ExcelJS.CellValue;
  date?: boolean;
  wrap?: boolean;
}

/**
 * The summary as a workbook laid out like the appendices of the reports: one sheet per table,
 * a title row naming the meeting and its cut-off, Vietnamese headings, A4 landscape fitted to
 * the page width, percentages as numbers shown with two decimals.
 */
export async function summaryWorkbook(summary: SummaryView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Theo dõi nhiệm vụ Ban Chỉ đạo';
  workbook.created = new Date(summary.computedAt);
  const { meeting, rollup } = summary;

  const byPlan = countsSheet(workbook, summary, SHEETS.summary, 'Tổng hợp kết quả thực hiện nhiệm vụ theo văn bản giao nhiệm vụ', 'Văn bản giao nhiệm vụ');
  rollup.byPlan.forEach((p, i) => countsRow(byPlan, i + 1, p.number, p));
  countsRow(byPlan, null, 'Tổng cộng', rollup.total).font = { bold: true };
  shareLines(byPlan, [...rollup.byPlan.map((p) => ({ label: p.number, counts: p })), { label: 'Tổng cộng', counts: rollup.total }]);

  const byDepartment = countsSheet(workbook, summary, SHEETS.byDepartment, 'Kết quả thực hiện nhiệm vụ theo đơn vị chủ trì (kể cả phần việc của từng đơn vị trong nhiệm vụ giao chung)', 'Đơn vị chủ trì');
  rollup.byDepartment.forEach((d, i) => countsRow(byDepartment, i + 1, d.name, d));
  if (!rollup.byDepartment.length) emptyRow(byDepartment, COUNT_COLUMNS.length + 2);

  const base = <T extends SummaryTask>(): ListColumn<T>[] => [
    { heading: 'STT', width: 6, value: (_, i) => i + 1 },
    { heading: 'Mã nhiệm vụ', width: 14, value: (t) => t.code, wrap: true },
    { heading: 'Nội dung nhiệm vụ', width: 60, value: (t) => t.title, wrap: true },
    { heading: 'Văn bản giao nhiệm vụ', width: 20, value: (t) => t.planNumber, wrap: true },
    { heading: 'Đơn vị chủ trì', width: 28, value: (t) => t.leadDepartment, wrap: true },
    { heading: 'Hạn hoàn thành', width: 13, value: (t) => excelDate(t.dueDate), date: true },
  ];

  listSheet(workbook, summary, SHEETS.overdue, `Nhiệm vụ chưa hoàn thành, quá hạn tại ngày ${formatVietnameseDate(meeting.asOf)}`, summary.overdue, [
    ...base(),
    { heading: 'Số ngày quá hạn', width: 11, value: (t) => t.daysOverdue },
    // a part of a collective task: its "x/y đơn vị" at the cut-off beside the part's own status
    { heading: 'Tình trạng', width: 16, value: (t) => STATUS_LABELS[t.status] + (t.collectiveParts ? `\n(giao chung: ${partsText(t.collectiveParts)} hoàn thành)` : ''), wrap: true },
  ]);

  const since = summary.previousMeeting
    ? `Nhiệm vụ hoàn thành từ sau ${summary.previousMeeting.title} (kết quả đến ngày ${formatVietnameseDate(summary.previousMeeting.asOf)}) đến ngày ${formatVietnameseDate(meeting.asOf)}`
    : `Nhiệm vụ đã hoàn thành đến ngày ${formatVietnameseDate(meeting.asOf)}`;
  const documents = (t: SummaryView['completedSince']['tasks'][number], kind: 'submitted' | 'issued') =>
    t.documents.filter((d) => d.kind === kind).map((d) => `${d.number} ngày ${formatVietnameseDate(d.issuedOn)}`).join('\n');
  listSheet(workbook, summary, SHEETS.completed, since, summary.completedSince.tasks, [
    ...base(),
    { heading: 'Ngày hoàn thành', width: 13, value: (t) => excelDate(t.completedOn), date: true },
    { heading: 'Tiến độ', width: 11, value: (t) => (t.timeliness === 'on_time' ? 'Đúng hạn' : 'Quá hạn') },
    { heading: 'Số, ngày văn bản trình', width: 26, value: (t) => documents(t, 'submitted'), wrap: true },
    { heading: 'Số, ngày văn bản ban hành', width: 26, value: (t) => documents(t, 'issued'), wrap: true },
  ]);

  const due = summary.dueBeforeNextMeeting;
  listSheet(
    workbook,
    summary,
    SHEETS.dueSoon,
    due.until
      ? `Nhiệm vụ đến hạn từ ngày ${formatVietnameseDate(due.from)} đến ngày ${formatVietnameseDate(due.until)} (phiên họp tiếp theo)`
      : 'Chưa định ngày phiên họp tiếp theo: không lập danh sách nhiệm vụ sắp đến hạn',
    due.tasks,
    [
      ...base(),
      { heading: 'Còn lại (ngày)', width: 10, value: (t) => t.daysLeft },
      { heading: 'Tình trạng', width: 16, value: (t) => STATUS_LABELS[t.status], wrap: true },
    ],
  );

  addComparisonAndAppendixSheets(workbook, summary);
  // urging letters on record (urged-tasks.ts): a sheet once a task has been urged
  const urged = urgedSheetSpec(summary);
  if (urged.rows.length) listSheet(workbook, summary, urged.name, urged.subject, urged.rows, urged.columns);
  const carried = carriedOverSheetSpec(summary);
  if (carried.rows.length) listSheet(workbook, summary, carried.name, carried.subject, carried.rows, carried.columns);
  indicatorSheets(workbook, summary);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The sheets of issue 17, each only when it has something to show. */
export const INDICATOR_SHEETS = { indicators: 'Chỉ tiêu', reportRequests: 'Báo cáo định kỳ' } as const;

/**
 * The plans' indicators in seed 004 Phụ lục 1's layout (libs/indicators' appendix writer), and
 * the period's report requests with the departments that had not answered by the cut-off.
 */
function indicatorSheets(workbook: ExcelJS.Workbook, summary: SummaryView): void {
  const known = summary.indicators;
  if (known?.items.length) {
    const plans = summary.meeting.plans.map((p) => p.number).join(', ');
    addIndicatorAppendixSheet(
      workbook,
      {
        year: known.year,
        period: known.period,
        kind: known.kind,
        decision: known.decision,
        // "6 tháng đầu năm 2024", "năm 2024", "quý III năm 2024"
        title: `Các chỉ tiêu của ${plans} thực hiện ${periodWords(known.period)}${periodWords(known.period).endsWith('năm') ? '' : ' năm'} ${known.year} (${cutOffText(summary.meeting.asOf).toLowerCase()})`,
      },
      known.items,
      INDICATOR_SHEETS.indicators,
    );
  }
  const requests = summary.reportRequests ?? [];
  if (requests.length) {
    listSheet(workbook, summary, INDICATOR_SHEETS.reportRequests, `Báo cáo định kỳ đến hạn đến ngày ${formatVietnameseDate(summary.meeting.asOf)} và các đơn vị chưa gửi`, requests, [
      { heading: 'STT', width: 6, value: (_, i) => i + 1 },
      { heading: 'Số văn bản yêu cầu', width: 20, value: (r) => r.number, wrap: true },
      { heading: 'Nội dung báo cáo', width: 50, value: (r) => r.title, wrap: true },
      { heading: 'Hạn gửi', width: 13, value: (r) => excelDate(r.dueDate), date: true },
      { heading: 'Số đơn vị phải báo cáo', width: 12, value: (r) => r.departments },
      { heading: 'Số đơn vị chưa gửi', width: 12, value: (r) => r.notAnswered.length },
      { heading: 'Đơn vị chưa gửi', width: 50, value: (r) => r.notAnswered.map((d) => d.departmentName).join('\n'), wrap: true },
    ]);
  }
}

/** A sheet with the title rows every sheet has, printed A4 landscape, one page wide. */
function sheet(workbook: ExcelJS.Workbook, summary: SummaryView, name: string, subject: string, columnCount: number, headerRows: number): ExcelJS.Worksheet {
  const ws = printedSheet(workbook, name, headerRows);
  titleRows(
    ws,
    [
      { text: `${summary.meeting.title} - ${cutOffText(summary.meeting.asOf)}`, font: { bold: true, size: 14 } },
      { text: subject, font: { italic: true, size: 12 } },
    ],
    columnCount,
  );
  ws.getRow(1).height = 22;
  ws.getRow(2).height = 32;
  return ws;
}

/** Tổng hợp and Theo đơn vị: the two-level header of the reports ("Đã hoàn thành" over its parts). */
function countsSheet(workbook: ExcelJS.Workbook, summary: SummaryView, name: string, subject: string, label: string): ExcelJS.Worksheet {
  const columnCount = COUNT_COLUMNS.length + 2;
  const ws = sheet(workbook, summary, name, subject, columnCount, 2);
  ws.columns = [
    { key: 'stt', width: 6 },
    { key: 'label', width: 34 },
    ...COUNT_COLUMNS.map((c) => ({ key: c.key, width: c.key === 'completionRate' ? 12 : 11, style: c.key === 'completionRate' ? { numFmt: '0.00' } : {} })),
  ];
  groupedHeader(ws, [{ heading: 'STT' }, { heading: label }, ...COUNT_COLUMNS]);
  ws.getRow(HEADER_ROW).height = 22;
  ws.getRow(HEADER_ROW + 1).height = 36;
  return ws;
}

function countsRow(ws: ExcelJS.Worksheet, stt: number | null, label: string, counts: RollupCounts): ExcelJS.Row {
  const row = ws.addRow({ stt, label, ...Object.fromEntries(COUNT_COLUMNS.map((c) => [c.key, counts[c.key]])) });
  row.eachCell({ includeEmpty: true }, (cell, col) => {
    cell.border = BORDER;
    cell.alignment = col === 2 ? { vertical: 'middle', wrapText: true } : { horizontal: 'center', vertical: 'middle' };
  });
  row.getCell('completionRate').numFmt = '0.00';
  return row;
}

/**
 * Under a counts table, one line per scope with every share as the reports print it
 * ("hoàn thành 18/66 (27,27%)…", the decimal comma): the same half-up figures as the table's rate.
 */
function shareLines(ws: ExcelJS.Worksheet, scopes: { label: string; counts: RollupCounts }[]): void {
  ws.addRow([]);
  const heading = ws.addRow(['Tỷ lệ theo cách báo cáo']);
  heading.font = { bold: true, italic: true };
  for (const { label, counts } of scopes) {
    const row = ws.addRow([`${label}: ${reportSentence(counts)}`]);
    ws.mergeCells(row.number, 1, row.number, COUNT_COLUMNS.length + 2);
    row.getCell(1).alignment = { vertical: 'top', wrapText: true };
    row.height = 30;
  }
}

function listSheet<T>(workbook: ExcelJS.Workbook, summary: SummaryView, name: string, subject: string, rows: T[], columns: ListColumn<T>[]): void {
  const ws = sheet(workbook, summary, name, subject, columns.length, 1);
  ws.columns = columns.map((c) => ({ width: c.width }));
  const header = ws.getRow(HEADER_ROW);
  columns.forEach((c, i) => (header.getCell(i + 1).value = c.heading));
  header.height = 32;
  styleHeader(ws, [HEADER_ROW], columns.length);
  rows.forEach((item, index) => {
    const row = ws.addRow(columns.map((c) => c.value(item, index)));
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.border = BORDER;
      cell.alignment = c.wrap ? { vertical: 'top', wrapText: true } : { horizontal: 'center', vertical: 'top' };
      if (c.date) cell.numFmt = 'dd/mm/yyyy';
    });
  });
  if (!rows.length) emptyRow(ws, columns.length);
}

/** "Không có", as the reports write an empty table. */
function emptyRow(ws: ExcelJS.Worksheet, columnCount: number): void {
  const row = ws.addRow(['Không có']);
  ws.mergeCells(row.number, 1, row.number, columnCount);
  row.getCell(1).alignment = { horizontal: 'center' };
  row.getCell(1).border = BORDER;
}
