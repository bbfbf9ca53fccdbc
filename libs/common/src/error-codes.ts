import { codeWord } from './errors';

/**
 * Every stable `code` an error answer can carry, with what it means: the OpenAPI document
 * lists them, and the web pages translate them. A throw that names a code not listed here is
 * a bug (a test checks the list against the codes the error filter sends).
 * `<THING>_NOT_FOUND` and `<THING>_VERSION_STALE` are made by notFound() and staleVersion().
 */
export const ERROR_CODES: Record<string, string> = {
  VALIDATION_FAILED: 'a field or row of the request is not valid; the message names it',
  UNAUTHORIZED: 'not signed in, or the token is not valid (expired, tampered, ended)',
  FORBIDDEN: 'signed in, but this role or department may not do this',
  NOT_FOUND: 'no such route or thing',
  CONFLICT: 'the current state of the thing does not allow this change',
  DUPLICATE: 'a thing with the same unique fields already exists',
  VERSION_STALE: 'the thing has changed since you read it',
  PAYLOAD_TOO_LARGE: 'the body or the upload is past a limit; the message names it',
  UNSUPPORTED_MEDIA_TYPE: 'send the body as application/json',
  TOO_MANY_REQUESTS: 'too many attempts; wait as the message says',
  SERVICE_UNAVAILABLE: 'PostgreSQL or Redis cannot be reached; try again shortly',
  QUERY_TIMEOUT: 'the database took too long to answer (statement timeout); narrow the request or try again',
  HTTP_ERROR: 'another refusal of the HTTP layer (e.g. a method the route does not have); the status says which',
  INTERNAL_ERROR: 'an unexpected error; quote the requestId of the answer, which is in the log',
  TASK_STATUS_NEEDS_REVIEW: 'a focal point cannot make a task cancelled or recurring itself: ask through POST /tasks/:id/status-requests',
  STATUS_CHANGE_REQUEST_PENDING: 'this task already has a status change request waiting for the secretariat',
  STATUS_CHANGE_REQUEST_DECIDED: 'this status change request is already approved or rejected',
  EXTENSION_REQUEST_DECIDED: 'this extension request is already approved or rejected',
  LOGIN_THROTTLED: 'too many failed sign-ins for this account from this address (or in all); wait retryAfterSeconds (also the Retry-After header), or ask an admin to unlock',
  SESSION_ENDED: 'the token was valid but its session has ended (signed out, password changed or reset, role, department or activity changed): sign in again',
  PASSWORD_CHANGE_REQUIRED: 'the password was chosen by someone else: change it with POST /me/password before anything else',
  CURRENT_PASSWORD_WRONG: 'currentPassword is not the current password',
  CROSS_SITE_REQUEST: 'a change signed in by the web pages\' cookie did not come from a page of this origin (Origin header); other clients send Authorization: Bearer',
  SUMMARY_PART_MISSING: 'the meeting\'s latest summary was made before this part (appendices, departments compared) existed: make the summary again',
  PASSWORD_UNCHANGED: 'newPassword must differ from the current password',
  // imports of task tables (libs/imports/src/import-limits.ts holds the limits)
  IMPORT_FILE_INVALID: 'the uploaded file cannot be read as a task table (not CSV or XLSX, not UTF-8, formulas, merged data, missing columns); the message says why',
  IMPORT_FILE_TOO_LARGE: 'the uploaded task table is over 10 MB',
  IMPORT_DECOMPRESSED_TOO_LARGE: 'the XLSX inflates past 64 MB, or an entry inflates past the size its ZIP directory declares (a zip bomb)',
  IMPORT_TOO_MANY_ZIP_ENTRIES: 'the XLSX holds more files in its ZIP than a workbook does',
  IMPORT_TOO_MANY_ROWS: 'the task table has more rows than the import reads (50,000)',
  IMPORT_TOO_MANY_COLUMNS: 'a row of the task table has more columns than the import reads (256)',
  IMPORT_CELL_TOO_LONG: 'a cell holds more than 32,767 characters (Excel\'s own maximum)',
  IMPORT_ROW_TOO_LONG: 'a CSV record is longer than the import reads (512 Ki characters)',
  IMPORT_RANGE_TOO_LARGE: 'a merge or data validation range lies outside Excel\'s grid, spans more columns than a task table has, or merges cover too many cells',
  IMPORT_PARSE_TIMEOUT: 'reading the file took longer than 30 s; its thread was stopped',
  IMPORT_PARSE_OUT_OF_MEMORY: 'reading the file needed more memory than its thread may use',
  IMPORT_BUSY: 'too many task tables are being read at once; try again shortly',
};

/** Things that have their own `<THING>_NOT_FOUND` / `<THING>_VERSION_STALE` codes. */
export const CODED_THINGS = ['task', 'plan', 'department', 'department group', 'user', 'meeting', 'notification', 'extension request', 'status change request', 'delivery', 'indicator', 'indicator value', 'report request', 'report series', 'urging'];

/** Every code an error answer can carry, with its meaning: ERROR_CODES and the codes of each coded thing. */
export function allErrorCodes(): Record<string, string> {
  const codes = { ...ERROR_CODES };
  for (const thing of CODED_THINGS) {
    codes[`${codeWord(thing)}_NOT_FOUND`] = `no such ${thing} (or not one you may see)`;
    codes[`${codeWord(thing)}_VERSION_STALE`] = `the ${thing} has changed since you read it; reload and try again (the answer carries currentVersion)`;
  }
  return codes;
}
