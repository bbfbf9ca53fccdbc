/**
 * The second entry of libs/common (alias '@app/common/plain'): the parts that import nothing —
 * the domain errors, the folding of Vietnamese text and the report period codes. For code that must not load NestJS,
 * class-validator or Swagger with the index (index.ts: the Clock, pagination): the threads that
 * read an upload (libs/imports/src/threads.ts) and the web pages' bundle (apps/web, through
 * libs/deadlines).
 */
export * from './errors';
export * from './text';
export * from './periods';
