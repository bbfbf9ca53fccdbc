import { join } from 'node:path';
import { readFileInThread } from '@app/imports';

/**
 * readIndicatorFile in a thread of its own, never on the API's event loop, under the task import's
 * IMPORT_LIMITS and sharing its turns (libs/imports/src/file-thread.ts).
 */
export function readIndicatorFileInWorker(file: { buffer: Buffer; originalName: string }): Promise<string[][]> {
  return readFileInThread<string[][]>(join(__dirname, 'indicator-parse-worker'), file);
}
