import { IMPORT_LIMITS, MB } from '@app/imports/import-limits';
import { importLimitError } from '@app/imports/import-file-error';
import { csvGrid } from '@app/imports/read-csv';
import { boundedWorkbook } from '@app/imports/read-zip';
import { decodeCsvText, detectFormat } from '@app/imports/sniff-file';

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
    const { xlsxGrid } = await import('@app/imports/read-xlsx');
    return (await xlsxGrid(bounded, name)).grid;
  }
  return csvGrid(decodeCsvText(buffer, name), name);
}
