/**
 * Feature code throws these, never HTTP exceptions, because the worker runs the same
 * code. The API's error filter maps each code to a status and the CONTRACT's error shape.
 */
export type DomainErrorCode =
  | 'validation' // 400: bad input; the message names the field or row
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: duplicate
  | 'stale_version' // 409: optimistic concurrency
  | 'too_many_requests'; // 429

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Extra JSON merged into the error body (e.g. the import's row errors). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const invalid = (message: string, details?: Record<string, unknown>) => new DomainError('validation', message, details);
export const notFound = (what: string, id: string) => new DomainError('not_found', `${what} ${id} not found`);
export const forbidden = (message = 'you may not do this') => new DomainError('forbidden', message);
export const conflict = (message: string) => new DomainError('conflict', message);
export const staleVersion = (what: string, sent: number, current: number) =>
  new DomainError('stale_version', `${what} has changed since you read it (you sent version ${sent}, current is ${current}); reload and try again`);

/** PostgreSQL unique violation → a 409 that names the constraint's fields. */
export function isUniqueViolation(error: unknown): error is { code: string; constraint?: string; detail?: string } {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/** Runs a write; a unique violation becomes a 409 with the message built from its constraint name. */
export async function conflictOnDuplicate<T>(write: () => Promise<T>, message: (constraint: string) => string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(message(error.constraint ?? ''));
    throw error;
  }
}
