import { DomainError } from '@app/common/errors';

/**
 * The file as a whole cannot be read as a task table (empty, not CSV/XLSX, wrong encoding,
 * formulas, merged cells, missing columns). A `validation` DomainError, so the API answers 400.
 * Row-level problems are not thrown: they are collected as ImportRowError by mapTaskRows.
 */
export class ImportFileError extends DomainError {
  constructor(message: string) {
    super('validation', message);
    this.name = 'ImportFileError';
  }
}
