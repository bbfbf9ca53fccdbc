import { IMPORT_LIMITS } from './import-limits';
import { ImportFileError } from './import-file-error';
import { readTaskTableInWorker } from './read-in-worker';
import { fixture } from './spec-helpers';

/** Runs `work` with some limits lowered (the parsing thread reads them when it starts). */
async function withLimits<T>(changes: Partial<Record<keyof typeof IMPORT_LIMITS, number>>, work: () => Promise<T>): Promise<T> {
  const limits = IMPORT_LIMITS as unknown as Record<string, number>;
  const saved = { ...limits };
  Object.assign(limits, changes);
  try {
    return await work();
  } finally {
    Object.assign(limits, saved);
  }
}

const qd36 = () => ({ buffer: fixture('ninh-thuan-qd-36-2024.csv'), originalName: 'qd36.csv' });
const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal'); }, (error: ImportFileError) => error);

describe('readTaskTableInWorker: the parse runs in a thread of its own, within its limits', () => {
  it('reads a real plan in the thread and hands back plain rows', async () => {
    const table = await readTaskTableInWorker(qd36());
    expect(table.rows).toHaveLength(11);
    expect(table.rows[0]).toEqual({ row: 2, cells: expect.objectContaining({ code: '1', sourceRef: '154', lead: 'Sở Thông tin và Truyền thông' }) });
  });

  it('terminates a parse past the time limit: 413 IMPORT_PARSE_TIMEOUT', async () => {
    const error = await withLimits({ parseMs: 1 }, () => refusal(readTaskTableInWorker(qd36())));
    expect({ kind: error.code, code: error.errorCode }).toEqual({ kind: 'too_large', code: 'IMPORT_PARSE_TIMEOUT' });
  });

  it('a thread past its heap ceiling dies alone: 413 IMPORT_PARSE_OUT_OF_MEMORY', async () => {
    const error = await withLimits({ parseHeapMb: 2 }, () => refusal(readTaskTableInWorker(qd36())));
    expect({ kind: error.code, code: error.errorCode }).toEqual({ kind: 'too_large', code: 'IMPORT_PARSE_OUT_OF_MEMORY' });
  });

  it('refuses a parse when the threads are busy and the waiting room is full: 429 IMPORT_BUSY', async () => {
    await withLimits({ concurrentParses: 1, waitingParses: 0 }, async () => {
      const first = readTaskTableInWorker(qd36());
      const second = await refusal(readTaskTableInWorker(qd36()));
      expect({ kind: second.code, code: second.errorCode }).toEqual({ kind: 'too_many_requests', code: 'IMPORT_BUSY' });
      expect((await first).rows).toHaveLength(11);
    });
  });
});
