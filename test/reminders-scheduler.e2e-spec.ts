// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it times the job schedulers.
import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService } from '@nestjs/core';
import { Job, Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { JOB_QUEUE, JOBS, QUEUES } from '@app/queue';
import { REMINDER_CHECK_SCHEDULER_ID, REMINDER_SCHEDULER_ID, ReminderJobs } from '@app/reminders';
import { waitUntil } from './support/wait';
import { startTestApp, TestEnv } from './support/test-app';

describe('the morning scheduler', () => {
  let env: TestEnv;
  afterEach(() => env?.close());

  it('fires at REMINDER_CRON in TZ_BUSINESS: 07:00 in Vietnam by default, and checks the run hourly at half past', async () => {
    env = await startTestApp();
    await env.app.get(ReminderJobs).schedule();
    await env.app.get(ReminderJobs).schedule(); // every worker's boot: still one scheduler of each
    const queue = env.app.get<Queue>(getQueueToken(QUEUES.reminders));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual([REMINDER_CHECK_SCHEDULER_ID, REMINDER_SCHEDULER_ID]);
    const morning = schedulers.find((s) => s.key === REMINDER_SCHEDULER_ID)!;
    expect(morning).toMatchObject({ name: JOBS.reminderRun, pattern: '0 7 * * *', tz: 'Asia/Ho_Chi_Minh' });
    const next = DateTime.fromMillis(Number(morning.next)).setZone('Asia/Ho_Chi_Minh');
    expect([next.hour, next.minute, next.second]).toEqual([7, 0, 0]);
    expect(next.toMillis() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    const check = schedulers.find((s) => s.key === REMINDER_CHECK_SCHEDULER_ID)!;
    expect(check).toMatchObject({ name: JOBS.reminderCheck, pattern: '30 * * * *', tz: 'Asia/Ho_Chi_Minh' });
    expect(DateTime.fromMillis(Number(check.next)).setZone('Asia/Ho_Chi_Minh').minute).toBe(30);
  });

  it('makes one run per tick however many workers are up', async () => {
    env = await startTestApp({ REMINDER_CRON: '* * * * * *' }); // every second
    const queue = env.app.get<Queue>(getQueueToken(QUEUES.reminders));
    await Promise.all([env.startWorker(), env.startWorker(), env.startWorker()]);
    expect((await queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual([REMINDER_CHECK_SCHEDULER_ID, REMINDER_SCHEDULER_ID]);
    await waitUntil('five ticks to run', async () => (await queue.getJobCounts('completed')).completed >= 5, 15_000);
    const done: Job[] = (await queue.getJobs(['completed'])).filter((j) => j.name !== JOBS.reminderCheck);
    // a scheduler's job id ends with the tick it is for: one job per tick, ticks a second apart
    const ticks = done.map((j) => Number(j.id!.split(':').pop())).sort((a, b) => a - b);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.every((t) => t % 1000 === 0)).toBe(true);
    expect((ticks[ticks.length - 1] - ticks[0]) / 1000 + 1).toBe(ticks.length);
    expect(done.every((j) => j.name === JOBS.reminderRun && j.returnvalue.asOf === '2024-06-15')).toBe(true);
  });

  it('has exactly one processor handler for every job name, its worker built with the configured options', async () => {
    env = await startTestApp({ DELIVERY_CONCURRENCY: '3', WORKER_LOCK_MS: '4000', WORKER_STALLED_MS: '2000', REMINDER_MAX_STALLS: '4' });
    const worker = await env.startWorker();
    const processors = worker
      .get(DiscoveryService, { strict: false })
      .getProviders()
      .map((p) => p.instance)
      .filter((i): i is WorkerHost => i instanceof WorkerHost)
      .map((host) => {
        const queue = host.worker.name;
        // a processor may say which of its queue's jobs it handles; otherwise it gets them all
        const declared = (host.constructor as { handles?: readonly string[] }).handles;
        const routed = Object.values(JOBS).filter((name) => JOB_QUEUE[name] === queue);
        return { name: host.constructor.name, queue, handles: declared ?? routed };
      });
    for (const name of Object.values(JOBS)) {
      const handlers = processors.filter((p) => p.queue === JOB_QUEUE[name] && p.handles.includes(name)).map((p) => p.name);
      expect([name, handlers.length]).toEqual([name, 1]);
    }
    for (const p of processors) {
      expect(Object.values(QUEUES)).toContain(p.queue);
      for (const name of p.handles) expect([p.name, name, JOB_QUEUE[name as keyof typeof JOB_QUEUE]]).toEqual([p.name, name, p.queue]);
    }
    // the options declared with each processor (apps/worker/src/worker-options.ts) are its worker's
    const hosts = worker.get(DiscoveryService, { strict: false }).getProviders().map((p) => p.instance).filter((i): i is WorkerHost => i instanceof WorkerHost);
    const opts = (queue: string) => {
      const { concurrency, lockDuration, stalledInterval, maxStalledCount } = hosts.find((h) => h.worker.name === queue)!.worker.opts;
      return { concurrency, lockDuration, stalledInterval, maxStalledCount };
    };
    expect(opts(QUEUES.deliveries)).toEqual({ concurrency: 3, lockDuration: 4000, stalledInterval: 2000, maxStalledCount: 1 });
    expect(opts(QUEUES.reminders)).toEqual({ concurrency: 1, lockDuration: 4000, stalledInterval: 2000, maxStalledCount: 4 });
    // and a stray name on a queue is refused for good, not retried
    const reminders = processors.find((p) => p.queue === QUEUES.reminders)!;
    const host = worker.get(DiscoveryService, { strict: false }).getProviders().find((p) => p.instance?.constructor?.name === reminders.name)!.instance as WorkerHost;
    await expect(host.process({ name: JOBS.deliver, data: {} } as Job)).rejects.toThrow(`queue reminders has no handler for job deliver`);
  });
});
