export { parseDeadline, DeadlineTextError } from './parse-deadline';
export type { ParsedDeadline } from './parse-deadline';
