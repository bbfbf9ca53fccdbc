import { join } from 'node:path';
import { readFileInThread } from './file-thread';
import type { UploadedFile } from './read-table';
import { TaskTable } from './types';

/** readTaskTable in a thread of its own, within IMPORT_LIMITS (file-thread.ts says how and why). */
export function readTaskTableInWorker(file: UploadedFile): Promise<TaskTable> {
  return readFileInThread<TaskTable>(join(__dirname, 'parse-worker'), file);
}
