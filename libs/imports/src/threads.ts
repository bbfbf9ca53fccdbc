/**
 * The second entry of libs/imports (alias '@app/imports/threads'): what a thread reading an
 * uploaded file needs — its side of file-thread.ts, the limits, the readers of CSV, of a
 * workbook's ZIP and of the format. Another library's thread (libs/indicators'
 * indicator-parse-worker.ts) imports this, not the index, which would load the import service,
 * NestJS and TypeORM into every thread, under its heap limit.
 */
import type { XlsxGrid } from './read-xlsx';

export { serveFileThread } from './file-thread';
export { IMPORT_LIMITS, MB } from './import-limits';
export { ImportFileError, importLimitError } from './import-file-error';
export { csvGrid } from './read-csv';
export { boundedWorkbook } from './read-zip';
export { decodeCsvText, detectFormat } from './sniff-file';

/** read-xlsx.ts' xlsxGrid, loading it (and exceljs) only when a workbook is read, not for every CSV. */
export async function xlsxGrid(buffer: Buffer, name: string): Promise<XlsxGrid> {
  return (await import('./read-xlsx')).xlsxGrid(buffer, name);
}
