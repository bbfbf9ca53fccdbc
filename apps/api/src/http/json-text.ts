/**
 * Content type of the answers that are JSON already (task lists as UTF-8 bytes, tasks from
 * PostgreSQL and roll-ups from their cache as text): the handler returns them and Nest sends a
 * string or a Buffer as it is, so the type must be set beforehand.
 */
export const JSON_TYPE = 'application/json; charset=utf-8';
