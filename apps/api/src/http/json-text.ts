/**
 * Content type of the answers whose JSON PostgreSQL writes (task lists and tasks): the handler
 * returns the text and Nest sends a string as it is, so the type must be set beforehand.
 */
export const JSON_TYPE = 'application/json; charset=utf-8';
