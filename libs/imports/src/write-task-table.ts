import { Workbook, Worksheet } from 'exceljs';
import { formatVietnameseDate } from '@app/common';
import { formatDocument } from './output-documents';
import { progressCell } from './progress-status';
import { ExportTask } from './types';

/**
 * The export's columns, in the layout readTaskTable reads. Beyond the report appendices'
 * columns it writes "STT theo văn bản giao" (sourceRef) and "Ngày hoàn thành"
 * (completedOn), so that a task exported and imported again keeps them.
 */
const COLUMNS: Array<{ heading: string; width: number; value: (task: ExportTask) => string }> = [
  { heading: 'STT', width: 10, value: (task) => task.code },
  { heading: 'STT theo văn bản giao', width: 10, value: (task) => task.sourceRef ?? '' },
  { heading: 'Nhóm', width: 30, value: (task) => task.group ?? '' },
  { heading: 'Nội dung nhiệm vụ', width: 60, value: (task) => task.title },
  { heading: 'Đơn vị chủ trì', width: 24, value: (task) => task.lead },
  { heading: 'Đơn vị phối hợp', width: 24, value: (task) => task.coordinating.join('; ') },
  { heading: 'Thời hạn', width: 14, value: (task) => task.deadlineText ?? formatVietnameseDate(task.dueDate) },
  { heading: 'Sản phẩm', width: 16, value: (task) => task.expectedOutput ?? '' },
  { heading: 'Cấp trình', width: 12, value: (task) => task.submissionLevel ?? '' },
  { heading: 'Tiến độ', width: 40, value: (task) => progressCell(task.status, task.progressNote) },
  { heading: 'Ngày hoàn thành', width: 14, value: (task) => formatVietnameseDate(task.completedOn) },
  { heading: 'Văn bản trình', width: 30, value: (task) => documentsOf(task, 'submitted') },
  { heading: 'Văn bản ban hành', width: 30, value: (task) => documentsOf(task, 'issued') },
  { heading: 'Ghi chú', width: 20, value: (task) => task.note ?? '' },
];

/** A plan's tasks as an XLSX: a title row, the heading row, then one row per task. */
export async function writeTaskTable(plan: { number: string; title: string }, tasks: ExportTask[]): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('Nhiệm vụ');
  writeTitle(sheet, `${plan.number} — ${plan.title}`);
  const heading = sheet.addRow(COLUMNS.map((column) => column.heading));
  heading.font = { bold: true };
  COLUMNS.forEach((column, index) => (sheet.getColumn(index + 1).width = column.width));
  for (const task of tasks) sheet.addRow(COLUMNS.map((column) => column.value(task)));
  sheet.eachRow((row) => (row.alignment = { vertical: 'top', wrapText: true }));
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The title spans the table (a merge above the heading row is fine for the reader). */
function writeTitle(sheet: Worksheet, title: string): void {
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.mergeCells(1, 1, 1, COLUMNS.length);
}

function documentsOf(task: ExportTask, kind: 'submitted' | 'issued'): string {
  return task.outputDocuments
    .filter((document) => document.kind === kind)
    .map(formatDocument)
    .join(' ; ');
}
