// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it starts and restarts Redis servers of its own.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DateTime } from 'luxon';
import { REPORT_SCHEDULER_ID } from '@app/indicators';
import { REMINDER_CHECK_SCHEDULER_ID, REMINDER_SCHEDULER_ID } from '@app/reminders';
import { QUEUES } from '@app/queue';
import { OwnRedisServer } from './support/redis-server';
import { startProcess, waitForExit, waitForOutput } from './support/processes';
import { waitUntil } from './support/wait';
import { startTestApp, TestEnv } from './support/test-app';

jest.setTimeout(180_000);

/**
 * The job schedulers live only in Redis. Against a redis-server of the test's own (never
 * the machine's), run without persistence and then restarted or flushed, the worker — a
 * real process, never restarted — must write them again by itself.
 */
describe('the job schedulers when Redis loses its data', () => {
  let redis: OwnRedisServer;
  let env: TestEnv;
  let queue: Queue;
  let reportsQueue: Queue;
  const children = new Set<ReturnType<typeof startProcess>>();

  beforeAll(async () => {
    redis = await OwnRedisServer.start();
    env = await startTestApp({ REDIS_URL: redis.url });
    queue = env.app.get<Queue>(getQueueToken(QUEUES.reminders));
    reportsQueue = env.app.get<Queue>(getQueueToken(QUEUES.reports));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await env?.close();
    await redis?.kill();
  });

  async function startWorker(extra: Record<string, string>) {
    const child = startProcess('worker', {
      NODE_ENV: 'test',
      DATABASE_URL: env.config.databaseUrl,
      DATABASE_APP_URL: env.config.databaseAppUrl!,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: env.config.queuePrefix,
      JWT_SECRET: env.config.jwtSecret,
      ...extra,
    });
    children.add(child);
    await waitForOutput(child, /worker started/, 60_000);
    return child;
  }
  // every scheduler the worker keeps: the reminders queue's two and the reports queue's tick
  const schedulerKeys = async () =>
    [...(await queue.getJobSchedulers()), ...(await reportsQueue.getJobSchedulers())].map((s) => s.key).sort();
  const bothSchedulers = [REMINDER_CHECK_SCHEDULER_ID, REMINDER_SCHEDULER_ID, REPORT_SCHEDULER_ID].sort();
  /** A key of the test's own: gone after a restart means Redis really lost its data. */
  const marker = async (action: 'set' | 'get') => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      return action === 'set' ? await client.set(`${env.config.queuePrefix}:marker`, '1') : await client.get(`${env.config.queuePrefix}:marker`);
    } finally {
      client.disconnect();
    }
  };

  it('writes them again when Redis comes back empty after a restart without persistence, with no worker restart', async () => {
    // the periodic pass is far off: what brings them back is the reconnect
    const worker = await startWorker({ REMINDER_SCHEDULES_EVERY_MS: '600000' });
    await waitUntil('the worker to write its schedulers', async () => (await schedulerKeys()).join() === bothSchedulers.join());
    await marker('set');

    await redis.restart(500);
    await waitUntil('the schedulers to be back', async () => (await schedulerKeys().catch(() => [])).join() === bothSchedulers.join(), 30_000);
    expect(await marker('get')).toBeNull();
    expect(worker.exitCode).toBeNull();
    await waitUntil('the worker to say it', async () => /Redis connection ready again: job schedulers written again/.test(worker.output()), 10_000);
    const morning = (await queue.getJobSchedulers()).find((s) => s.key === REMINDER_SCHEDULER_ID)!;
    expect(morning.pattern).toBe('0 7 * * *');
    const next = DateTime.fromMillis(Number(morning.next)).setZone('Asia/Ho_Chi_Minh');
    expect([next.hour, next.minute]).toEqual([7, 0]);

    // and again: every reconnect, not only the first
    await redis.restart(500);
    await waitUntil('the schedulers to be back a second time', async () => (await schedulerKeys().catch(() => [])).join() === bothSchedulers.join(), 30_000);
    // the worker says so after writing them: its line can reach us just after the keys do
    await waitUntil('the worker to say it a second time', async () => (worker.output().match(/job schedulers written again/g) ?? []).length >= 2, 10_000);
    expect(worker.output().match(/job schedulers written again/g)).toHaveLength(2);
    worker.kill('SIGTERM');
    await waitForExit(worker, 40_000);
  });

  it('writes them again every REMINDER_SCHEDULES_EVERY_MS when they vanish while the connection stays up', async () => {
    const worker = await startWorker({ REMINDER_SCHEDULES_EVERY_MS: '1000' });
    await waitUntil('the worker to write its schedulers', async () => (await schedulerKeys()).join() === bothSchedulers.join());
    const client = new Redis(redis.url);
    await client.flushall().finally(() => client.disconnect());
    expect(await schedulerKeys()).toEqual([]);
    await waitUntil('the periodic pass to write them again', async () => (await schedulerKeys()).join() === bothSchedulers.join(), 10_000);
    expect(worker.output()).not.toMatch(/written again/); // no reconnect happened
    worker.kill('SIGTERM');
    await waitForExit(worker, 40_000);
  });
});
