import { COLUMN_LABELS, HEADING_SEARCH_ROWS, Heading, REQUIRED_COLUMNS, locateHeading, mapHeadings, recogniseHeading } from './columns';
import { IMPORT_LIMITS, MB } from './import-limits';
import { ImportFileError, importLimitError } from './import-file-error';
import { csvGrid } from './read-csv';
import { boundedWorkbook } from './read-zip';
import { detectFormat, decodeCsvText } from './sniff-file';
import { CanonicalColumn, TaskTable, TaskTableRow } from './types';

export interface UploadedFile {
  buffer: Buffer;
  originalName: string;
}

/**
 * Reads a CSV (UTF-8) or XLSX task table into canonical columns. The format is told by
 * content, the heading row is searched in the first rows, and anything that makes the
 * whole file unreadable throws ImportFileError, as does a breach of IMPORT_LIMITS. Row-level
 * meaning is left to mapTaskRows. This runs wherever it is called: the API calls it in a
 * thread of its own (readTaskTableInWorker), never on its event loop.
 */
export async function readTaskTable(file: UploadedFile): Promise<TaskTable> {
  const name = file.originalName || 'the file';
  const buffer = file.buffer ?? Buffer.alloc(0);
  if (buffer.length > IMPORT_LIMITS.fileBytes) {
    throw importLimitError('IMPORT_FILE_TOO_LARGE', `the file is too large: task tables up to ${MB(IMPORT_LIMITS.fileBytes)}`);
  }
  if (detectFormat(buffer, name) === 'xlsx') {
    // the ZIP's sizes and the sheets' ranges are bounded first; exceljs loads only for a workbook that passed
    const bounded = await boundedWorkbook(buffer, name);
    const { xlsxGrid } = await import('./read-xlsx');
    const { grid, heading } = await xlsxGrid(bounded, name);
    return gridToTable(grid, heading, name);
  }
  const grid = await csvGrid(decodeCsvText(buffer, name), name);
  return gridToTable(grid, locateHeading(grid), name);
}

/** Builds the table from rows of cells; grid[i] is the file's row i + 1. */
export function gridToTable(grid: string[][], heading: Heading | null, name: string): TaskTable {
  if (!heading) {
    throw new ImportFileError(
      `"${name}" has no heading row in its first ${HEADING_SEARCH_ROWS} rows: expected headings such as STT, Nội dung nhiệm vụ, Đơn vị chủ trì, Thời hạn`,
    );
  }
  const headings = heading.cells.map((cell) => clean(cell ?? ''));
  const indexes = mapHeadings(headings);
  refuseMissingColumns(indexes, name);

  const columns: TaskTable['columns'] = {};
  for (const [column, index] of indexes) columns[column] = headings[index];

  const rows: TaskTableRow[] = [];
  grid.forEach((cells, index) => {
    if (index <= heading.last) return;
    const row = toRow(cells, index + 1, indexes);
    if (row && !repeatsHeading(row)) rows.push(row);
  });
  return { columns, rows };
}

function refuseMissingColumns(indexes: Map<CanonicalColumn, number>, name: string): void {
  const missing = REQUIRED_COLUMNS.filter((column) => !indexes.has(column));
  if (missing.length === 0) return;
  const labels = missing.map((column) => COLUMN_LABELS[column]).join(' and ');
  throw new ImportFileError(`"${name}" is missing the required column${missing.length > 1 ? 's' : ''} ${labels}`);
}

/** A data row, or null when every recognised cell is blank. */
function toRow(cells: string[], rowNumber: number, indexes: Map<CanonicalColumn, number>): TaskTableRow | null {
  const row: TaskTableRow = { row: rowNumber, cells: {} };
  for (const [column, index] of indexes) {
    const text = clean(cells[index] ?? '');
    if (text) row.cells[column] = text;
  }
  return Object.keys(row.cells).length > 0 ? row : null;
}

/**
 * Tables copied from Word repeat their heading rows after every page break: a row whose
 * cells (two at least, so a lone section title like "Nhiệm vụ trọng tâm" stays) are all
 * headings is one of those.
 */
function repeatsHeading(row: TaskTableRow): boolean {
  const texts = Object.values(row.cells);
  return texts.length >= 2 && texts.every((text) => recogniseHeading(text) !== null);
}

/** NFC so that "Đ" or "ự" typed decomposed compares equal; CRLF and NBSP as plain text. */
function clean(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').trim();
}
