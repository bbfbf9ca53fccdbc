import { Cell, CellValue, ValueType, Workbook, Worksheet } from 'exceljs';
import { findHeadingRow } from './columns';
import { ImportFileError } from './import-file-error';

export interface XlsxGrid {
  /** grid[i] holds the cells of spreadsheet row i + 1. */
  grid: string[][];
  /** Index in `grid` of the heading row, or -1 when no sheet has one. */
  headingIndex: number;
}

/**
 * Reads the first worksheet that has a heading row (a workbook may open on a cover or
 * instructions sheet), and refuses what would silently change meaning on import:
 * formulas (we would store a cached result nobody sees) and merged cells below the
 * heading (one value standing for several rows or columns).
 */
export async function xlsxGrid(buffer: Buffer, name: string): Promise<XlsxGrid> {
  const workbook = await loadWorkbook(buffer, name);
  if (workbook.worksheets.length === 0) throw new ImportFileError(`"${name}" has no worksheet`);
  for (const sheet of workbook.worksheets) {
    const grid = sheetGrid(sheet);
    const headingIndex = findHeadingRow(grid);
    if (headingIndex >= 0) {
      refuseFormulas(sheet, headingIndex + 1, name);
      refuseMergedData(sheet, headingIndex + 1, name);
      return { grid, headingIndex };
    }
  }
  return { grid: sheetGrid(workbook.worksheets[0]), headingIndex: -1 };
}

async function loadWorkbook(buffer: Buffer, name: string): Promise<Workbook> {
  const workbook = new Workbook();
  try {
    // exceljs's typing wants its own Buffer flavour; a Node Buffer is what it reads.
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw new ImportFileError(`"${name}" is not a readable XLSX workbook: ${(error as Error).message}`);
  }
  return workbook;
}

function sheetGrid(sheet: Worksheet): string[][] {
  const grid: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = cell.type === ValueType.Merge ? '' : cellText(cell.value);
    });
    grid[rowNumber - 1] = Array.from(cells, (text) => text ?? '');
  });
  return Array.from(grid, (cells) => cells ?? []);
}

/** The text a user sees in the cell. Dates become d/m/yyyy, the way plans write them. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCDate()}/${value.getUTCMonth() + 1}/${value.getUTCFullYear()}`;
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
  if ('error' in value) return String(value.error);
  return '';
}

function refuseFormulas(sheet: Worksheet, headingRow: number, name: string): void {
  const cells: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber < headingRow) return;
    row.eachCell({ includeEmpty: false }, (cell: Cell) => {
      if (cell.type === ValueType.Formula) cells.push(`${cell.address} (=${cell.formula})`);
    });
  });
  if (cells.length === 0) return;
  const shown = cells.slice(0, 5).join(', ') + (cells.length > 5 ? ` and ${cells.length - 5} more` : '');
  throw new ImportFileError(
    `"${name}", sheet "${sheet.name}": cells with formulas cannot be imported: ${shown}; replace them by their values (Copy, then Paste Special → Values)`,
  );
}

function refuseMergedData(sheet: Worksheet, headingRow: number, name: string): void {
  const ranges = (sheet.model.merges as unknown as string[]).filter((range) => lastRowOf(range) > headingRow);
  if (ranges.length === 0) return;
  throw new ImportFileError(
    `"${name}", sheet "${sheet.name}": merged cells in the table cannot be imported: ${ranges.join(', ')}; unmerge them and repeat the value in each row`,
  );
}

function lastRowOf(range: string): number {
  const rows = range.match(/\d+/g) ?? ['0'];
  return Math.max(...rows.map(Number));
}
