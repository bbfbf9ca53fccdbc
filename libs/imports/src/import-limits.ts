/**
 * Hard limits on an uploaded task table, in one place. A real plan's table is a few hundred
 * rows of about fifteen columns; these leave room for the largest plausible plan while
 * keeping what a hostile file can cost (memory, CPU, time) small and bounded. Each breach
 * is refused with its own stable code (importLimitError, and ERROR_CODES in libs/common).
 */
export const IMPORT_LIMITS = {
  /** The upload itself (multipart field `file`). */
  fileBytes: 10 * 1024 * 1024,
  /** All entries of an XLSX together, once inflated: checked on the declared sizes before inflating, and on the real bytes while inflating. */
  decompressedBytes: 64 * 1024 * 1024,
  /** Entries in an XLSX's ZIP directory (a workbook has a dozen or so). */
  zipEntries: 1000,
  /** Rows of the sheet or records of the CSV, headings and blank rows included. */
  rows: 50_000,
  /** Columns of any row (a task table has about fifteen). */
  columns: 256,
  /** Characters in one cell: Excel's own maximum. */
  cellChars: 32_767,
  /** Characters in one CSV record (csv-parse's max_record_size): stops a line with no end. */
  csvRecordChars: 512 * 1024,
  /** Cells covered by all merges of a sheet together, after clipping to the used range. */
  mergedCells: 100_000,
  /** Wall-clock time of one parse; the parsing thread is terminated past it. */
  parseMs: 30_000,
  /** V8 heap of the parsing thread (old generation), in MB; past it the thread dies, not the API. */
  parseHeapMb: 512,
  /** Parses running at once (one thread each), and uploads that may wait for a turn. */
  concurrentParses: 2,
  waitingParses: 8,
} as const;

/** Excel's grid: a range beyond it is not a spreadsheet's. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLUMNS = 16_384;

/** A size as a person reads it: 64 MB, 1 KB. */
export const MB = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);
