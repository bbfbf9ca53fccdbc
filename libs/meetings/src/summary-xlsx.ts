import ExcelJS from 'exceljs';
import { formatVietnameseDate } from '@app/common';
import { RollupCounts } from '@app/rollups';
import { COUNT_COLUMNS, cutOffText, SHEETS, STATUS_LABELS } from './summary-labels';
import { SummaryTask, SummaryView } from './summary-content';

const HEADER_ROW = 4;
const THIN = { style: 'thin' as const };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

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
    { heading: 'Tình trạng', width: 16, value: (t) => STATUS_LABELS[t.status], wrap: true },
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

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A sheet with the title rows every sheet has, printed A4 landscape, one page wide. */
function sheet(workbook: ExcelJS.Workbook, summary: SummaryView, name: string, subject: string, columnCount: number, headerRows: number): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as needed
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    views: [{ state: 'frozen', ySplit: HEADER_ROW + headerRows - 1 }],
  });
  ws.pageSetup.printTitlesRow = `${HEADER_ROW}:${HEADER_ROW + headerRows - 1}`;
  ws.headerFooter.oddFooter = '&CTrang &P/&N';
  const title = ws.getRow(1);
  title.getCell(1).value = `${summary.meeting.title} - ${cutOffText(summary.meeting.asOf)}`;
  title.font = { bold: true, size: 14 };
  title.height = 22;
  const sub = ws.getRow(2);
  sub.getCell(1).value = subject;
  sub.font = { italic: true, size: 12 };
  for (const row of [1, 2]) {
    ws.mergeCells(row, 1, row, columnCount);
    ws.getRow(row).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  sub.height = 32;
  return ws;
}

function styleHeader(ws: ExcelJS.Worksheet, rows: number[], columnCount: number): void {
  for (const r of rows) {
    const row = ws.getRow(r);
    for (let c = 1; c <= columnCount; c++) {
      const cell = row.getCell(c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      cell.fill = HEADER_FILL;
    }
  }
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
  const top = ws.getRow(HEADER_ROW);
  const bottom = ws.getRow(HEADER_ROW + 1);
  const lone = (col: number, text: string) => {
    top.getCell(col).value = text;
    ws.mergeCells(HEADER_ROW, col, HEADER_ROW + 1, col);
  };
  lone(1, 'STT');
  lone(2, label);
  COUNT_COLUMNS.forEach((c, i) => {
    const col = i + 3;
    if (!c.group) return lone(col, c.heading);
    bottom.getCell(col).value = c.heading;
    if (COUNT_COLUMNS[i - 1]?.group !== c.group) {
      const span = COUNT_COLUMNS.slice(i).findIndex((x) => x.group !== c.group);
      top.getCell(col).value = c.group;
      ws.mergeCells(HEADER_ROW, col, HEADER_ROW, col + (span === -1 ? COUNT_COLUMNS.length - i : span) - 1);
    }
  });
  top.height = 22;
  bottom.height = 36;
  styleHeader(ws, [HEADER_ROW, HEADER_ROW + 1], columnCount);
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
