/**
 * Content type of the answers that are JSON text already (task lists and tasks from
 * PostgreSQL, roll-ups from their cache): the handler returns the text and Nest sends a string
 * as it is, so the type must be set beforehand.
 */
export const JSON_TYPE = 'application/json; charset=utf-8';
