/**
 * Reading an uploaded file in a thread of its own, so that no file, however hostile, holds the
 * API's event loop: each read gets a fresh thread with a heap ceiling (resourceLimits) and is
 * terminated past IMPORT_LIMITS.parseMs. One thread per read rather than a pool: imports are rare
 * (secretariat only), starting a thread costs tens of milliseconds against seconds of parsing, a
 * thread that ran out of heap or was terminated leaves nothing behind to reuse, and the thread's
 * whole heap goes back to the system when it ends. At most IMPORT_LIMITS.concurrentParses run at
 * once, whatever they read (task tables, indicator tables); a few more wait their turn, beyond
 * that the upload is refused (429 IMPORT_BUSY).
 *
 * Both sides are here: `readFileInThread` in the API, `serveFileThread` in the thread's entry file.
 */
import { setPriority } from 'node:os';
import { extname, resolve } from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { DomainError, DomainErrorKind } from '@app/common/plain';
import { IMPORT_LIMITS } from './import-limits';
import { ImportFileError, importLimitError } from './import-file-error';

export interface FileRequest {
  buffer: Uint8Array;
  originalName: string;
}

/** What a thread posts back once: the value read (plain data), or the refusal it raised. */
export type FileReply<T> = { ok: true; value: T } | { ok: false; error: { kind: DomainErrorKind; errorCode: string; message: string } };

/**
 * Reads `file` in a thread started from `entry` (the path of an entry file without its extension,
 * e.g. join(__dirname, 'parse-worker'), whose module calls serveFileThread).
 */
export async function readFileInThread<T>(entry: string, file: { buffer?: Buffer; originalName: string }): Promise<T> {
  const release = await turn();
  try {
    return await readInThread<T>(entry, { buffer: file.buffer ?? Buffer.alloc(0), originalName: file.originalName });
  } finally {
    release();
  }
}

let running = 0;
const waiting: Array<() => void> = [];

async function turn(): Promise<() => void> {
  if (running < IMPORT_LIMITS.concurrentParses) {
    running++;
  } else {
    if (waiting.length >= IMPORT_LIMITS.waitingParses) {
      throw importLimitError('IMPORT_BUSY', `too many tables are being read at once (${running} reading, ${waiting.length} waiting); try again in a minute`);
    }
    await new Promise<void>((resolveTurn) => waiting.push(resolveTurn)); // the releasing read hands over its slot
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
}

/** The compiled entry next to this file under `npm start`; the .ts one through ts-node in tests and benchmarks. */
function startThread(entry: string, request: FileRequest): Worker {
  const options = {
    workerData: request,
    resourceLimits: { maxOldGenerationSizeMb: IMPORT_LIMITS.parseHeapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  };
  const file = `${entry}${extname(__filename)}`;
  if (extname(__filename) !== '.ts') return new Worker(file, options);
  const bootstrap = [
    `require(${JSON.stringify(require.resolve('ts-node/register/transpile-only'))});`,
    `require(${JSON.stringify(require.resolve('tsconfig-paths/register'))});`,
    `require(${JSON.stringify(file)});`,
  ].join('\n');
  const project = resolve(__dirname, '../../../tsconfig.json');
  return new Worker(bootstrap, { ...options, eval: true, env: { ...process.env, TS_NODE_PROJECT: project } });
}

function readInThread<T>(entry: string, request: FileRequest): Promise<T> {
  const name = request.originalName || 'the file';
  return new Promise<T>((resolveValue, reject) => {
    const thread = startThread(entry, request);
    let settled = false;
    let timedOut = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void thread.terminate();
      outcome();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      void thread.terminate();
    }, IMPORT_LIMITS.parseMs);
    thread.once('message', (reply: FileReply<T>) =>
      settle(() => (reply.ok ? resolveValue(reply.value) : reject(new ImportFileError(reply.error.message, reply.error.errorCode, reply.error.kind)))),
    );
    thread.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? importLimitError('IMPORT_PARSE_OUT_OF_MEMORY', `"${name}" needs more than ${IMPORT_LIMITS.parseHeapMb} MB to read; split the table or save it again from Excel`)
            : error,
        ),
      ),
    );
    thread.once('exit', (code) =>
      settle(() =>
        reject(
          timedOut
            ? importLimitError('IMPORT_PARSE_TIMEOUT', `"${name}" took more than ${IMPORT_LIMITS.parseMs / 1000} s to read; split the table or save it again from Excel`)
            : new Error(`the thread reading "${name}" ended (exit code ${code}) without an answer`),
        ),
      ),
    );
  });
}

function failure(error: unknown, name: string): FileReply<never> {
  if (error instanceof DomainError) return { ok: false, error: { kind: error.code, errorCode: error.errorCode, message: error.message } };
  // a library choking on a hostile file (a RangeError, a stack overflow…): the file's fault, said as such
  return { ok: false, error: { kind: 'validation', errorCode: 'IMPORT_FILE_INVALID', message: `"${name}" cannot be read: ${(error as Error)?.message ?? error}` } };
}

/**
 * The thread's side, called by its entry file: reads the file given as workerData with `read`,
 * posts back one FileReply and ends. Does nothing outside a thread.
 */
export function serveFileThread<T>(read: (file: { buffer: Buffer; originalName: string }) => Promise<T>): void {
  const port = parentPort;
  if (!port) return;
  yieldToTheApi();
  const request = workerData as FileRequest;
  const name = request.originalName || 'the file';
  // exceljs parses in streams: an error it raises outside the awaited promise still answers once
  process.on('unhandledRejection', (error) => port.postMessage(failure(error, name)));
  const buffer = Buffer.from(request.buffer.buffer, request.buffer.byteOffset, request.buffer.byteLength);
  void read({ buffer, originalName: request.originalName }).then(
    (value) => port.postMessage({ ok: true, value } satisfies FileReply<T>),
    (error) => port.postMessage(failure(error, name)),
  );
}

/**
 * On Linux a nice value belongs to the thread that sets it (setpriority on the calling task):
 * the read yields the CPU to the API's event loop. Elsewhere it would lower the whole process.
 */
function yieldToTheApi(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(19);
  } catch {
    // not allowed here: the thread runs at the API's priority
  }
}
