import ExcelJS from 'exceljs';
import { formatVietnameseDate, foldVietnamese } from '@app/common';
import { AppendixDocument, AppendixRow, AppendixTable, partsText, PLAN_KIND_WORDS } from './appendix';
import { csvField } from './csv-field';
import { BORDER, groupedHeader, HEADER_ROW, printedSheet, titleRows } from './sheet-layout';

/**
 * The appendix as the reports lay it out (seed 004 Phụ lục 2): title rows, a two-row header
 * whose "Kết quả thực hiện" spans its three parts, section rows from `group` across the
 * table, then one row per task. Text is stored as strings, never formulas.
 */

/** "86/STTTT-TTBCXB ngày 10/01/2024"; several as the seed lists them, one per line after a dash. */
export function documentsText(documents: AppendixDocument[]): string {
  const each = documents.map((d) => `${d.number} ngày ${formatVietnameseDate(d.issuedOn)}`);
  return each.length > 1 ? each.map((d) => `- ${d}`).join('\n') : (each[0] ?? '');
}

/** The progress cell: the progress, and a collective task's "x/y đơn vị" hoàn thành. */
export function progressCell(row: AppendixRow): string {
  const parts = row.collectiveParts ? `${partsText(row.collectiveParts)} hoàn thành` : null;
  return [row.progress, parts].filter(Boolean).join('\n');
}

interface Column {
  heading: string;
  /** Under "Kết quả thực hiện" (the second header row). */
  result?: boolean;
  width: number;
  value: (row: AppendixRow, index: number) => string | number;
  wrap?: boolean;
}

/** "Quyết định 36/QĐ-UBND". */
const planName = (table: AppendixTable) => `${PLAN_KIND_WORDS[table.planKind] ?? PLAN_KIND_WORDS.other} ${table.planNumber}`;

export function appendixColumns(table: AppendixTable): Column[] {
  const plan = planName(table);
  return [
    { heading: 'STT', width: 6, value: (_, i) => i + 1 },
    { heading: `STT theo ${plan}`, width: 12, value: (r) => r.sourceRef ?? '' },
    { heading: 'Nội dung nhiệm vụ', width: 50, value: (r) => r.title, wrap: true },
    { heading: `Thời gian hoàn thành theo ${PLAN_KIND_WORDS[table.planKind] ?? PLAN_KIND_WORDS.other} số ${table.planNumber}`, width: 16, value: (r) => r.deadlineText ?? '', wrap: true },
    { heading: 'Cấp trình, ban hành', width: 14, value: (r) => r.submissionLevel ?? '', wrap: true },
    { heading: 'Sản phẩm trình', width: 14, value: (r) => r.expectedOutput ?? '', wrap: true },
    ...(table.showLead ? [{ heading: 'Đơn vị chủ trì', width: 22, value: (r: AppendixRow) => r.lead ?? '', wrap: true }] : []),
    { heading: 'Tiến độ thực hiện', result: true, width: 18, value: progressCell, wrap: true },
    { heading: 'Số, ngày văn bản trình', result: true, width: 28, value: (r) => documentsText(r.submitted), wrap: true },
    { heading: 'Số, ngày văn bản ban hành', result: true, width: 28, value: (r) => documentsText(r.issued), wrap: true },
  ];
}

/** The title lines: "Tình hình thực hiện các nhiệm vụ theo Quyết định số 36/QĐ-UBND ngày 12/01/2024 của UBND tỉnh Ninh Thuận". */
export function appendixTitle(table: AppendixTable): { subject: string; cutOff: string } {
  const kind = PLAN_KIND_WORDS[table.planKind] ?? PLAN_KIND_WORDS.other;
  const subject = `Tình hình thực hiện các nhiệm vụ theo ${kind} số ${table.planNumber} ngày ${formatVietnameseDate(table.planIssuedOn)} của ${table.issuer}`;
  const lead = table.departmentName ?? (!table.showLead && table.rows[0]?.lead) ?? null;
  const cutOff = `(Kết quả đến ngày ${formatVietnameseDate(table.asOf)}${lead ? `; đơn vị chủ trì: ${lead}` : ''})`;
  return { subject, cutOff };
}

/** Adds one appendix as a sheet named `name` (at most 31 characters, no / \ ? * [ ]). */
export function addAppendixSheet(workbook: ExcelJS.Workbook, name: string, heading: string, table: AppendixTable): ExcelJS.Worksheet {
  const columns = appendixColumns(table);
  const count = columns.length;
  const ws = printedSheet(workbook, name, 2);
  ws.columns = columns.map((c) => ({ width: c.width }));
  const { subject, cutOff } = appendixTitle(table);
  titleRows(
    ws,
    [
      { text: heading, font: { bold: true, size: 14 } },
      { text: subject, font: { bold: true, size: 12 } },
      { text: cutOff, font: { italic: true, size: 12 } },
    ],
    count,
  );
  ws.getRow(2).height = 32;
  // the two-row header: lone columns merged down, "Kết quả thực hiện" across its parts
  groupedHeader(ws, columns.map((c) => ({ heading: c.heading, group: c.result ? 'Kết quả thực hiện' : undefined })));
  ws.getRow(HEADER_ROW).height = 24;
  ws.getRow(HEADER_ROW + 1).height = 48;

  let group: string | null = null;
  table.rows.forEach((item, index) => {
    if (item.group && item.group !== group) {
      const section = ws.addRow([item.group]);
      ws.mergeCells(section.number, 1, section.number, count);
      section.getCell(1).font = { bold: true };
      section.getCell(1).alignment = { vertical: 'middle', wrapText: true };
      section.getCell(1).border = BORDER;
    }
    group = item.group;
    const row = ws.addRow(columns.map((c) => c.value(item, index)));
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.border = BORDER;
      cell.alignment = c.wrap ? { vertical: 'top', wrapText: true } : { horizontal: 'center', vertical: 'top' };
    });
  });
  if (!table.rows.length) {
    const row = ws.addRow(['Không có']);
    ws.mergeCells(row.number, 1, row.number, count);
    row.getCell(1).alignment = { horizontal: 'center' };
    row.getCell(1).border = BORDER;
  }
  return ws;
}

/** A plan's appendix (or a department's cut) as a workbook of one sheet. */
export async function appendixWorkbook(table: AppendixTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Theo dõi nhiệm vụ Ban Chỉ đạo';
  addAppendixSheet(workbook, 'Phụ lục', 'PHỤ LỤC', table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const BOM = '\uFEFF';

export const APPENDIX_CSV_HEADER = [
  'Văn bản giao nhiệm vụ', 'Phần', 'STT', 'STT theo văn bản', 'Nội dung nhiệm vụ', 'Thời gian hoàn thành', 'Cấp trình, ban hành',
  'Sản phẩm trình', 'Đơn vị chủ trì', 'Tiến độ thực hiện', 'Đơn vị hoàn thành', 'Số, ngày văn bản trình', 'Số, ngày văn bản ban hành',
];

/**
 * Appendices as one flat CSV: a row per task, its plan and section in columns of their own (no
 * section rows, no merged cells), documents joined with "; ". UTF-8 with a BOM, CRLF; text that
 * starts like a formula is neutralised (csvField), row numbers stay numbers.
 */
export function appendixCsv(tables: AppendixTable[]): Buffer {
  const lines: (string | number)[][] = [APPENDIX_CSV_HEADER];
  for (const table of tables) {
    table.rows.forEach((r, i) => {
      const docs = (documents: AppendixDocument[]) => documents.map((d) => `${d.number} ngày ${formatVietnameseDate(d.issuedOn)}`).join('; ');
      lines.push([
        table.planNumber, r.group ?? '', i + 1, r.sourceRef ?? '', r.title, r.deadlineText ?? '', r.submissionLevel ?? '',
        r.expectedOutput ?? '', r.lead ?? '', r.progress ?? '', r.collectiveParts ? partsText(r.collectiveParts) : '', docs(r.submitted), docs(r.issued),
      ]);
    });
  }
  return Buffer.from(BOM + lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/** File names: ASCII for old clients, the Vietnamese one for the rest. */
export function appendixFileNames(table: AppendixTable, extension: 'xlsx' | 'csv'): { ascii: string; utf8: string } {
  const slug = (text: string) => foldVietnamese(text).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const department = table.departmentName ? `-${slug(table.departmentName).slice(0, 60)}` : '';
  const clean = (text: string) => text.replace(/[\\/:*?"<>|\r\n]+/g, '-').replace(/\s+/g, ' ').trim();
  return {
    ascii: `phu-luc-${slug(table.planNumber) || 'ke-hoach'}${department}-${table.asOf}.${extension}`,
    utf8: `Phụ lục - ${clean(table.planNumber)}${table.departmentName ? ` - ${clean(table.departmentName)}` : ''} - đến ${formatVietnameseDate(table.asOf).replace(/\//g, '-')}.${extension}`,
  };
}
