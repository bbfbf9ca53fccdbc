import { DomainError, DomainErrorKind } from '@app/common/plain';

/**
 * The file as a whole cannot be read as a task table (empty, not CSV/XLSX, wrong encoding,
 * formulas, merged cells, missing columns): 400 IMPORT_FILE_INVALID, or, for a breach of one
 * of IMPORT_LIMITS, the kind and code given (see importLimitError).
 * Row-level problems are not thrown: they are collected as ImportRowError by mapTaskRows.
 */
export class ImportFileError extends DomainError {
  constructor(message: string, errorCode = 'IMPORT_FILE_INVALID', kind: DomainErrorKind = 'validation') {
    super(kind, message, undefined, errorCode);
    this.name = 'ImportFileError';
  }
}

/** The stable code of each limit of IMPORT_LIMITS, and the status its breach answers. */
export const IMPORT_LIMIT_CODES = {
  IMPORT_FILE_TOO_LARGE: 'too_large',
  IMPORT_DECOMPRESSED_TOO_LARGE: 'too_large',
  IMPORT_TOO_MANY_ZIP_ENTRIES: 'too_large',
  IMPORT_TOO_MANY_ROWS: 'too_large',
  IMPORT_TOO_MANY_COLUMNS: 'too_large',
  IMPORT_CELL_TOO_LONG: 'too_large',
  IMPORT_ROW_TOO_LONG: 'too_large',
  IMPORT_PARSE_TIMEOUT: 'too_large',
  IMPORT_PARSE_OUT_OF_MEMORY: 'too_large',
  IMPORT_RANGE_TOO_LARGE: 'validation',
  IMPORT_BUSY: 'too_many_requests',
} as const satisfies Record<string, DomainErrorKind>;
export type ImportLimitCode = keyof typeof IMPORT_LIMIT_CODES;

/** A file past one of IMPORT_LIMITS: 413 (or 400 for an absurd range, 429 when too many wait), with the limit's code. */
export function importLimitError(code: ImportLimitCode, message: string): ImportFileError {
  return new ImportFileError(message, code, IMPORT_LIMIT_CODES[code]);
}
