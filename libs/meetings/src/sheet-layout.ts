import ExcelJS from 'exceljs';

/**
 * The layout every sheet of the meeting's and plans' workbooks shares (summary, comparison,
 * appendices): title rows above, the table's header from row 4, printed as the reports are.
 */
export const HEADER_ROW = 4;
const THIN = { style: 'thin' as const };
export const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** A sheet printed A4 landscape, one page wide, its `headerRows` header rows frozen and repeated on each page. */
export function printedSheet(workbook: ExcelJS.Workbook, name: string, headerRows: number): ExcelJS.Worksheet {
  const lastHeaderRow = HEADER_ROW + headerRows - 1;
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
    views: [{ state: 'frozen', ySplit: lastHeaderRow }],
  });
  ws.pageSetup.printTitlesRow = `${HEADER_ROW}:${lastHeaderRow}`;
  ws.headerFooter.oddFooter = '&CTrang &P/&N';
  return ws;
}

/** Title rows from row 1, each merged across the table and centred. */
export function titleRows(ws: ExcelJS.Worksheet, rows: { text: string; font: Partial<ExcelJS.Font> }[], columnCount: number): void {
  rows.forEach(({ text, font }, i) => {
    const row = ws.getRow(i + 1);
    row.getCell(1).value = text;
    row.font = font;
    ws.mergeCells(i + 1, 1, i + 1, columnCount);
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
}

/** Bold, centred, bordered and shaded header cells. */
export function styleHeader(ws: ExcelJS.Worksheet, rows: number[], columnCount: number): void {
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

/**
 * The reports' two-row header from HEADER_ROW: a column without a group fills both rows; a run
 * of columns sharing a group has the group's name across it above their own headings.
 */
export function groupedHeader(ws: ExcelJS.Worksheet, columns: { heading: string; group?: string }[]): void {
  const top = ws.getRow(HEADER_ROW);
  const bottom = ws.getRow(HEADER_ROW + 1);
  columns.forEach((c, i) => {
    const col = i + 1;
    if (!c.group) {
      top.getCell(col).value = c.heading;
      ws.mergeCells(HEADER_ROW, col, HEADER_ROW + 1, col);
      return;
    }
    bottom.getCell(col).value = c.heading;
    if (columns[i - 1]?.group !== c.group) {
      const span = columns.slice(i).findIndex((x) => x.group !== c.group);
      top.getCell(col).value = c.group;
      ws.mergeCells(HEADER_ROW, col, HEADER_ROW, col + (span === -1 ? columns.length - i : span) - 1);
    }
  });
  styleHeader(ws, [HEADER_ROW, HEADER_ROW + 1], columns.length);
}
