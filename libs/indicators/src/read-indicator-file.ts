// the threads' entry, not the index: this runs in the reading thread (indicator-parse-worker.ts)
import { IMPORT_LIMITS, MB, importLimitError, csvGrid, boundedWorkbook, decodeCsvText, detectFormat, xlsxGrid } from '@app/imports/threads';

/**
 * An uploaded indicator table as rows of cells, read by the task import's own readers under the
 * same IMPORT_LIMITS (size, ZIP bombs, rows, columns, cell length): CSV (UTF-8) or XLSX, told by
 * content; of a workbook the first sheet with an indicator heading. grid[i] is the file's row i + 1.
 */
export async function readIndicatorFile(file: { buffer: Buffer; originalName: string }): Promise<string[][]> {
  const name = file.originalName || 'the file';
  const buffer = file.buffer ?? Buffer.alloc(0);
  if (buffer.length > IMPORT_LIMITS.fileBytes) {
    throw importLimitError('IMPORT_FILE_TOO_LARGE', `the file is too large: indicator tables up to ${MB(IMPORT_LIMITS.fileBytes)}`);
  }
  if (detectFormat(buffer, name) === 'xlsx') {
    const bounded = await boundedWorkbook(buffer, name);
    return (await xlsxGrid(bounded, name)).grid;
  }
  return csvGrid(decodeCsvText(buffer, name), name);
}
