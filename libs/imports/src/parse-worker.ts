/**
 * The entry of the thread that reads one uploaded task table (read-in-worker.ts starts it; the
 * thread's handling is file-thread.ts'). Whatever the file costs (heap, CPU, a stall) is this
 * thread's, bounded by its resourceLimits and its time limit, never the API's event loop.
 */
import { serveFileThread } from './file-thread';
import { readTaskTable } from './read-table';

serveFileThread(readTaskTable);
