/**
 * Feature code throws these, never HTTP exceptions, because the worker runs the same
 * code. The API's error filter maps each kind to a status and the CONTRACT's error shape
 * `{ statusCode, error, code, message }`.
 */
export type DomainErrorKind =
  | 'validation' // 400: bad input; the message names the field or row
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: duplicate, or a state that forbids the change
  | 'stale_version' // 409: optimistic concurrency
  | 'too_large' // 413: an upload or a body past a limit
  | 'too_many_requests' // 429
  | 'unavailable'; // 503: PostgreSQL or Redis cannot be reached
/** @deprecated the old name of DomainErrorKind */
export type DomainErrorCode = DomainErrorKind;

/** The stable machine word of each kind, sent as `code` when a throw names no more precise one. */
export const DEFAULT_ERROR_CODES: Record<DomainErrorKind, string> = {
  validation: 'VALIDATION_FAILED',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  stale_version: 'VERSION_STALE',
  too_large: 'PAYLOAD_TOO_LARGE',
  too_many_requests: 'TOO_MANY_REQUESTS',
  unavailable: 'SERVICE_UNAVAILABLE',
};

/** `task` → `TASK`, `department group` → `DEPARTMENT_GROUP`: the prefix of a code about a thing. */
export const codeWord = (what: string) => what.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '_');

export class DomainError extends Error {
  /** The stable machine word the API answers as `code` (e.g. `TASK_VERSION_STALE`); the pages translate it. */
  readonly errorCode: string;

  constructor(
    readonly code: DomainErrorKind,
    message: string,
    /** Extra JSON merged into the error body (e.g. the import's row errors). */
    readonly details?: Record<string, unknown>,
    errorCode?: string,
  ) {
    super(message);
    this.errorCode = errorCode ?? DEFAULT_ERROR_CODES[code];
  }
}

export const invalid = (message: string, details?: Record<string, unknown>, errorCode?: string) => new DomainError('validation', message, details, errorCode);
export const notFound = (what: string, id: string) => new DomainError('not_found', `${what} ${id} not found`, undefined, `${codeWord(what)}_NOT_FOUND`);
export const forbidden = (message = 'you may not do this', errorCode?: string) => new DomainError('forbidden', message, undefined, errorCode);
export const conflict = (message: string, errorCode?: string) => new DomainError('conflict', message, undefined, errorCode);
export const staleVersion = (what: string, sent: number, current: number) =>
  new DomainError(
    'stale_version',
    `${what} has changed since you read it (you sent version ${sent}, current is ${current}); reload and try again`,
    { currentVersion: current },
    `${codeWord(what)}_VERSION_STALE`,
  );

/** PostgreSQL unique violation → a 409 that names the constraint's fields. */
export function isUniqueViolation(error: unknown): error is { code: string; constraint?: string; detail?: string } {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/** Runs a write; a unique violation becomes a 409 with the message built from its constraint name. */
export async function conflictOnDuplicate<T>(write: () => Promise<T>, message: (constraint: string) => string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(message(error.constraint ?? ''), 'DUPLICATE');
    throw error;
  }
}
