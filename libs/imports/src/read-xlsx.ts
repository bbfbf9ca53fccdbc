import { Cell, CellValue, ValueType, Workbook, Worksheet } from 'exceljs';
import { Heading, locateHeading } from './columns';
import { IMPORT_LIMITS } from './import-limits';
import { ImportFileError, importLimitError } from './import-file-error';

export interface XlsxGrid {
  /** grid[i] holds the cells of spreadsheet row i + 1. */
  grid: string[][];
  /** The heading rows, or null when no sheet has one. */
  heading: Heading | null;
}

/**
 * Reads the first worksheet that has a heading row (a workbook may open on a cover or
 * instructions sheet), and refuses what would silently change meaning on import:
 * formulas (we would store a cached result nobody sees) and merged cells below the
 * heading (one value standing for several rows or columns). `buffer` is the workbook as
 * boundedWorkbook (read-zip.ts) re-packs it: never a ZIP straight from a user.
 */
export async function xlsxGrid(buffer: Buffer, name: string): Promise<XlsxGrid> {
  const workbook = await loadWorkbook(buffer, name);
  if (workbook.worksheets.length === 0) throw new ImportFileError(`"${name}" has no worksheet`);
  for (const sheet of workbook.worksheets) {
    const grid = sheetGrid(sheet, name);
    const heading = locateHeading(grid);
    if (heading) {
      // Spreadsheet row numbers are 1-based: the heading's rows are first + 1 … last + 1.
      refuseFormulas(sheet, heading.first + 1, name);
      refuseMergedData(sheet, heading.last + 1, name);
      return { grid, heading };
    }
  }
  return { grid: sheetGrid(workbook.worksheets[0], name), heading: null };
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

/** The sheet's cells as text, within IMPORT_LIMITS (read-sheet-xml.ts has refused most breaches already). */
function sheetGrid(sheet: Worksheet, name: string): string[][] {
  const grid: string[][] = [];
  const where = `"${name}", sheet "${sheet.name}"`;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber > IMPORT_LIMITS.rows) {
      throw importLimitError('IMPORT_TOO_MANY_ROWS', `${where}: row ${rowNumber} is past the limit; a task table may have at most ${IMPORT_LIMITS.rows} rows`);
    }
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (column > IMPORT_LIMITS.columns) {
        throw importLimitError('IMPORT_TOO_MANY_COLUMNS', `${where}: cell ${cell.address} is past the limit; a task table may have at most ${IMPORT_LIMITS.columns} columns`);
      }
      const text = cell.type === ValueType.Merge ? '' : cellText(cell.value);
      if (text.length > IMPORT_LIMITS.cellChars) {
        throw importLimitError('IMPORT_CELL_TOO_LONG', `${where}: cell ${cell.address} holds ${text.length} characters; a cell may hold at most ${IMPORT_LIMITS.cellChars}`);
      }
      cells[column - 1] = text;
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

function refuseFormulas(sheet: Worksheet, firstHeadingRow: number, name: string): void {
  const cells: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber < firstHeadingRow) return;
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

/** Merges within the title or heading rows are layout; below them they hide data. */
function refuseMergedData(sheet: Worksheet, lastHeadingRow: number, name: string): void {
  const ranges = (sheet.model.merges as unknown as string[]).filter((range) => lastRowOf(range) > lastHeadingRow);
  if (ranges.length === 0) return;
  throw new ImportFileError(
    `"${name}", sheet "${sheet.name}": merged cells in the table cannot be imported: ${ranges.join(', ')}; unmerge them and repeat the value in each row`,
  );
}

function lastRowOf(range: string): number {
  const rows = range.match(/\d+/g) ?? ['0'];
  return Math.max(...rows.map(Number));
}
