/**
 * The entry of the thread that reads one uploaded indicator table (read-indicator-in-worker.ts
 * starts it; the thread's handling is the task import's file-thread.ts).
 */
// the threads' entry, not the library's index: the thread loads only what reading needs
import { serveFileThread } from '@app/imports/threads';
import { readIndicatorFile } from './read-indicator-file';

serveFileThread(readIndicatorFile);
