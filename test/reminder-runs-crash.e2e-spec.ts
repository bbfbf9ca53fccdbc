// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it kills worker processes in the middle of morning runs.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import Redis from 'ioredis';
import { Client } from 'pg';
import { addDays } from '@app/common';
import { QUEUES } from '@app/queue';
import { reminderPartJobId, reminderRunJobId } from '@app/reminders';
import { createDepartment, createPlan, createTask } from './support/builders';
import { startProcess, waitForExit, waitForOutput } from './support/processes';
import { SmtpTestServer, WebhookTestServer } from './support/smtp-test-servers';
import { waitUntil } from './support/wait';
import { signIn, startTestApp } from './support/test-app';

jest.setTimeout(240_000);

const SECRET = 'run-crash-test-webhook-secret';
// the worker runs as its own process, on the real clock: the test's clock is set to now too
const TODAY = DateTime.now().setZone('Asia/Ho_Chi_Minh').toISODate()!;
const DEPARTMENTS = 6;
const FOCAL_POINTS = 2;
// due in 3 days, today and yesterday: each fires (due_in_3, due_today, overdue_1)
const DUE = [addDays(TODAY, 3), TODAY, addDays(TODAY, -1)];

/**
 * The morning run against the worker as a real process, SIGKILLed twice while the run is
 * under way. A part of the run is held inside its INSERT by a row lock the test takes on
 * a focal point (the notification's foreign key waits for it), so each kill lands in the
 * middle of the same part, as a crash-looping worker would.
 */
describe('a morning run whose worker is killed twice during it', () => {
  const children = new Set<ReturnType<typeof startProcess>>();
  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
    children.clear();
  });

  async function morning(workerEnv: Record<string, string>) {
    const smtp = await new SmtpTestServer().start();
    const hook = await new WebhookTestServer().start();
    const env = await startTestApp({ SMTP_URL: smtp.url, NOTIFY_WEBHOOK_URL: hook.url, NOTIFY_WEBHOOK_SECRET: SECRET, REMINDER_CRON: '0 7 1 1 *' });
    env.clock.set(new Date());
    const admin = await signIn(env, 'admin');
    const sec = await signIn(env, 'secretariat');
    await signIn(env, 'secretariat');
    const planId = await createPlan(env, sec.auth, { number: '31/KH-BCĐCĐS' });
    const focalPoints = new Map<string, string[]>();
    for (let d = 1; d <= DEPARTMENTS; d++) {
      const dept = await createDepartment(env, admin.auth, `D${d}`, `Sở số ${d}`);
      const users: string[] = [];
      for (let f = 0; f < FOCAL_POINTS; f++) users.push((await signIn(env, 'focal_point', dept)).id);
      focalPoints.set(dept, users);
      for (const [i, dueDate] of DUE.entries()) {
        await createTask(env, sec.auth, { planId, code: `D${d}.${i + 1}`, title: 'Triển khai nhiệm vụ', leadDepartmentId: dept, dueDate });
      }
    }
    const startWorker = async () => {
      const child = startProcess('worker', {
        NODE_ENV: 'test',
        DATABASE_URL: env.config.databaseUrl,
        DATABASE_APP_URL: env.config.databaseAppUrl!,
        REDIS_URL: env.config.redisUrl,
        QUEUE_PREFIX: env.config.queuePrefix,
        JWT_SECRET: env.config.jwtSecret,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Ban Chỉ đạo <bcd@steering.test>',
        NOTIFY_WEBHOOK_URL: hook.url,
        NOTIFY_WEBHOOK_SECRET: SECRET,
        REMINDER_CRON: '0 7 1 1 *',
        // a dead worker's job is picked up again within about a second
        WORKER_LOCK_MS: '1000',
        WORKER_STALLED_MS: '300',
        DELIVERY_BACKOFF_MS: '100',
        DELIVERY_SWEEP_MS: '200',
        ...workerEnv,
      });
      children.add(child);
      await waitForOutput(child, /worker started/, 60_000);
      return child;
    };
    const kill = async (child: ReturnType<typeof startProcess>) => {
      child.kill('SIGKILL');
      await waitForExit(child);
      children.delete(child);
    };
    /** Backends of this test's database waiting for a lock inside the notifications INSERT (a dead worker's may linger up to the statement timeout). */
    const heldInserts = async (): Promise<number[]> =>
      (
        await env.db.query(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO notifications%'`,
        )
      ).map((r: { pid: number }) => r.pid);
    const runs = async () => (await env.http().get('/api/v1/reminders/runs').set(sec.auth).expect(200)).body;
    const deliveryCounts = async (): Promise<string[]> =>
      (await env.db.query(`SELECT channel, status, count(*)::int AS n FROM deliveries GROUP BY 1, 2 ORDER BY 1, 2`)).map(
        (r: any) => `${r.channel} ${r.status} ${r.n}`,
      );
    const stalls = async () => {
      const redis = new Redis(env.config.redisUrl);
      try {
        const events = await redis.xrange(`${env.config.queuePrefix}:${QUEUES.reminders}:events`, '-', '+');
        return events.map(([, f]) => Object.fromEntries(Array.from({ length: f.length / 2 }, (_, i) => [f[2 * i], f[2 * i + 1]])));
      } finally {
        redis.disconnect();
      }
    };
    const close = async () => {
      // the workers first: one still alive would write its queues' keys again after they are deleted
      for (const child of [...children]) await kill(child);
      await env.close();
      await smtp.close();
      await hook.close();
    };
    return { env, smtp, hook, admin, sec, focalPoints, startWorker, kill, heldInserts, runs, deliveryCounts, stalls, close };
  }

  /**
   * Two kills in the part of the third department (by id, the order parts are queued in),
   * then a third worker that stays; the lock is let go once it is up.
   */
  async function killTwiceInOnePart(m: Awaited<ReturnType<typeof morning>>): Promise<{ heldPart: string; jobId: string }> {
    const held = [...m.focalPoints.keys()].sort()[2];
    const lock = new Client({ connectionString: m.env.config.databaseUrl });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [m.focalPoints.get(held)![0]]);
      const run = await m.env.http().post('/api/v1/reminders/run').set(m.sec.auth).send({}).expect(202);
      expect(run.body).toEqual({ jobId: reminderRunJobId(TODAY) });

      const first = await m.startWorker();
      let heldPids: number[] = [];
      await waitUntil('the first worker to be held in the third part', async () => (heldPids = await m.heldInserts()).length === 1, 60_000);
      // the kills are aimed at the run: no e-mail or webhook call is half-sent when they land
      // (a delivery cut off after the receiver took it is the deliveries' own crash test)
      await waitUntil('the first parts\' deliveries to be made', async () => (await m.deliveryCounts()).every((c) => c.includes(' sent ')), 30_000);
      const during = (await m.runs()).items[0];
      expect(during).toMatchObject({ day: TODAY, state: 'running', starts: 1, parts: { total: DEPARTMENTS + 1, done: 2 } });
      await m.kill(first);

      const second = await m.startWorker();
      // held again, by a backend of the second worker (the dead worker's statement may still wait too)
      await waitUntil('the second worker to pick the cut-off part up and be held in it', async () => (await m.heldInserts()).some((pid) => !heldPids.includes(pid)), 60_000);
      // meanwhile it ran the parts after the held one: their deliveries are made before it dies too
      await waitUntil('the later parts\' deliveries to be made', async () => (await m.deliveryCounts()).every((c) => c.includes(' sent ')), 30_000);
      await m.kill(second);

      await m.startWorker();
      await lock.query('ROLLBACK');
      return { heldPart: `department:${held}`, jobId: run.body.jobId };
    } finally {
      await lock.end();
    }
  }

  /** Every reminder of the morning in the ledger once, every e-mail and webhook call made once. */
  async function expectEverythingOnce(m: Awaited<ReturnType<typeof morning>>): Promise<void> {
    await waitUntil('every delivery to be made', async () => (await m.deliveryCounts()).every((c) => c.includes(' sent ')), 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // anything sent twice would arrive by now
    const expected = [...m.focalPoints.values()].flat().length * DUE.length + 2; // and one digest per secretariat user
    const emails = [...m.focalPoints.values()].flat().length + 2;
    expect(await m.deliveryCounts()).toEqual([`email sent ${emails}`, `webhook sent ${expected}`]);
    const keys: { key: string }[] = await m.env.db.query(`SELECT dedup_key AS key FROM notifications`);
    const wanted = [...m.focalPoints.values()].flat().flatMap((u) => DUE.map((d) => `${u} ${d}`));
    const have = keys.filter((k) => k.key.startsWith('reminder:')).map((k) => `${k.key.split(':')[4]} ${k.key.split(':')[3]}`);
    expect(have.sort()).toEqual(wanted.sort());
    expect(keys.filter((k) => k.key.startsWith(`reminder-digest:${TODAY}:`))).toHaveLength(2);
    const recipients = m.smtp.messages.map((mail) => mail.to.join());
    expect(recipients).toHaveLength(emails);
    expect(new Set(recipients).size).toBe(emails);
    const hookIds = m.hook.calls.map((c) => c.json.id);
    expect(hookIds).toHaveLength(expected);
    expect(new Set(hookIds)).toEqual(new Set((await m.env.db.query(`SELECT id FROM notifications`)).map((r: any) => r.id)));
  }

  it('completes once a worker is alive again, with every reminder, e-mail and webhook call made exactly once, and says done', async () => {
    const m = await morning({ REMINDER_CHECK_CRON: '0 0 1 1 *' }); // no check: BullMQ alone picks the part up again
    try {
      const { heldPart, jobId } = await killTwiceInOnePart(m);
      await waitUntil('the run to be done', async () => (await m.runs()).items[0]?.state === 'done', 60_000);
      await expectEverythingOnce(m);
      const [run] = (await m.runs()).items;
      expect(run).toMatchObject({ day: TODAY, state: 'done', starts: 1, parts: { total: DEPARTMENTS + 1, done: DEPARTMENTS + 1 } });
      expect(run).toMatchObject({ tasksDue: DEPARTMENTS * DUE.length, notifications: DEPARTMENTS * FOCAL_POINTS * DUE.length + 2, emails: DEPARTMENTS * FOCAL_POINTS + 2 });
      expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
      // the part was cut off twice and picked up again twice, by BullMQ
      const stalled = (await m.stalls()).filter((e) => e.event === 'stalled').map((e) => e.jobId);
      expect(stalled).toEqual([reminderPartJobId(jobId, heldPart), reminderPartJobId(jobId, heldPart)]);
      const job = (await m.env.app.get<Queue>(getQueueToken(QUEUES.reminders)).getJob(jobId))!;
      expect(job.returnvalue).toMatchObject({ state: 'done', parts: DEPARTMENTS + 1, partsFailed: 0 });
    } finally {
      await m.close();
    }
  });

  it('is finished by the check when BullMQ gives the part up ("stalled more than allowable limit")', async () => {
    // the stall limit of before: a second crash in one part fails it; the check (every 2 s here) finishes the morning
    const m = await morning({ REMINDER_MAX_STALLS: '1', REMINDER_CHECK_CRON: '*/2 * * * * *' });
    try {
      await killTwiceInOnePart(m);
      await waitUntil('the run to be done', async () => (await m.runs()).items[0]?.state === 'done', 60_000);
      const failed = (await m.stalls()).filter((e) => e.event === 'failed').map((e) => e.failedReason);
      expect(failed).toEqual([expect.stringContaining('stalled more than allowable limit')]);
      await expectEverythingOnce(m);
      const [run] = (await m.runs()).items;
      // started by the trigger, then once more by the check
      expect(run).toMatchObject({ day: TODAY, state: 'done', starts: 2, parts: { total: DEPARTMENTS + 1, done: DEPARTMENTS + 1 } });
      expect(run).toMatchObject({ notifications: DEPARTMENTS * FOCAL_POINTS * DUE.length + 2, emails: DEPARTMENTS * FOCAL_POINTS + 2 });
    } finally {
      await m.close();
    }
  });
});
