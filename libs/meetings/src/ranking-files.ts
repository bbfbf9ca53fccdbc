import ExcelJS from 'exceljs';
import { formatVietnameseDate } from '@app/common';
import { DepartmentRank, DepartmentRanking, formatPercentVi } from '@app/rollups';
import { addAppendixSheet } from './appendix-files';
import { csvField } from './csv-field';
import { SummaryView } from './summary-content';
import { BORDER, groupedHeader, HEADER_ROW, printedSheet, titleRows } from './sheet-layout';
import { cutOffText } from './summary-labels';

/** The sheets issue 16 adds to the summary's workbook (the meeting page's tabs stay those of SUMMARY_SHEETS). */
export const RANKING_SHEET = 'Xếp hạng đơn vị';
/** "Phụ lục 1", "Phụ lục 2"…: one per plan of the meeting, in the order of the summary. */
export const appendixSheetName = (index: number) => `Phụ lục ${index + 1}`;


interface RankColumn {
  key: keyof DepartmentRank;
  group?: string;
  heading: string;
}

/** The columns of the comparison, in the words of the reports (seed 004 Phụ lục 3). */
export const RANKING_COLUMNS: RankColumn[] = [
  { key: 'rank', heading: 'Xếp hạng' },
  { key: 'name', heading: 'Đơn vị chủ trì' },
  { key: 'led', heading: 'Số nhiệm vụ chủ trì' },
  { key: 'completed', group: 'Đã hoàn thành', heading: 'Tổng số' },
  { key: 'completedOnTime', group: 'Đã hoàn thành', heading: 'Đúng hạn' },
  { key: 'completedLate', group: 'Đã hoàn thành', heading: 'Quá hạn' },
  { key: 'withinDeadline', group: 'Chưa hoàn thành', heading: 'Trong hạn' },
  { key: 'overdue', group: 'Chưa hoàn thành', heading: 'Quá hạn' },
  { key: 'onTimeRate', heading: 'Tỷ lệ hoàn thành đúng hạn (%)' },
  { key: 'coordinating', group: 'Nhiệm vụ phối hợp', heading: 'Tổng số' },
  { key: 'coordinatingCompleted', group: 'Nhiệm vụ phối hợp', heading: 'Đã hoàn thành' },
  { key: 'coordinatingOverdue', group: 'Nhiệm vụ phối hợp', heading: 'Quá hạn' },
];

const windowText = (ranking: DepartmentRanking) =>
  ranking.assignedFrom || ranking.assignedTo
    ? ` (nhiệm vụ giao${ranking.assignedFrom ? ` từ ${formatVietnameseDate(ranking.assignedFrom)}` : ''}${ranking.assignedTo ? ` đến ${formatVietnameseDate(ranking.assignedTo)}` : ''})`
    : '';

/** The comparison as a sheet with the two-row header of the counts tables. */
export function addRankingSheet(workbook: ExcelJS.Workbook, heading: string, ranking: DepartmentRanking): ExcelJS.Worksheet {
  const count = RANKING_COLUMNS.length;
  const ws = printedSheet(workbook, RANKING_SHEET, 2);
  ws.columns = RANKING_COLUMNS.map((c) => ({ width: c.key === 'name' ? 34 : c.key === 'onTimeRate' ? 14 : 11 }));
  const subject = `So sánh kết quả thực hiện nhiệm vụ của các đơn vị${windowText(ranking)}, xếp hạng theo tỷ lệ hoàn thành đúng hạn (số đã hoàn thành đúng hạn trên số đã hoàn thành và quá hạn)`;
  titleRows(ws, [{ text: heading, font: { bold: true, size: 14 } }, { text: subject, font: { italic: true, size: 12 } }], count);
  ws.getRow(2).height = 32;
  groupedHeader(ws, RANKING_COLUMNS);
  ws.getRow(HEADER_ROW).height = 22;
  ws.getRow(HEADER_ROW + 1).height = 36;
  for (const d of ranking.departments) {
    const row = ws.addRow(RANKING_COLUMNS.map((c) => d[c.key] ?? ''));
    RANKING_COLUMNS.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.border = BORDER;
      cell.alignment = c.key === 'name' ? { vertical: 'middle', wrapText: true } : { horizontal: 'center', vertical: 'middle' };
      if (c.key === 'onTimeRate') cell.numFmt = '0.00';
    });
  }
  if (!ranking.departments.length) {
    const row = ws.addRow(['Không có']);
    ws.mergeCells(row.number, 1, row.number, count);
    row.getCell(1).alignment = { horizontal: 'center' };
  }
  return ws;
}

/** The summary's sheets of issue 16: the comparison, then one appendix per plan (none for a summary made before them). */
export function addComparisonAndAppendixSheets(workbook: ExcelJS.Workbook, summary: SummaryView): void {
  const heading = `${summary.meeting.title} - ${cutOffText(summary.meeting.asOf)}`;
  if (summary.departmentRanking) addRankingSheet(workbook, heading, summary.departmentRanking);
  (summary.appendices ?? []).forEach((table, i) => addAppendixSheet(workbook, appendixSheetName(i), heading, table));
}

const BOM = '\uFEFF';

/** A flat heading: "Đã hoàn thành - Đúng hạn". */
const flat = (c: RankColumn) => (c.group ? `${c.group} - ${c.heading}` : c.heading);

/**
 * The comparison as CSV (UTF-8 with a BOM, CRLF), one row per department with its id; names
 * are text and neutralised when they start like a formula (csvField), counts stay numbers, the
 * rate with two decimals and the decimal comma like summary.csv ("66,67"), empty when nothing was due.
 */
export function rankingCsv(ranking: DepartmentRanking): Buffer {
  const header = [...RANKING_COLUMNS.slice(0, 2).map(flat), 'Mã định danh', ...RANKING_COLUMNS.slice(2).map(flat)];
  const rows: (string | number)[][] = [header];
  for (const d of ranking.departments) {
    const value = (c: RankColumn): string | number => {
      const v = d[c.key];
      if (c.key === 'onTimeRate') return v === null ? '' : formatPercentVi(v as number);
      return v === null ? '' : (v as string | number);
    };
    rows.push([...RANKING_COLUMNS.slice(0, 2).map(value), d.departmentId, ...RANKING_COLUMNS.slice(2).map(value)]);
  }
  return Buffer.from(BOM + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n', 'utf8');
}
