// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it kills worker processes in the middle of a morning run.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { QUEUES } from '@app/queue';
import { createDepartment, createPlan, createTask } from './support/builders';
import { SmtpTestServer, WebhookTestServer } from './support/smtp-test-servers';
import { waitUntil } from './support/wait';
import { signIn, startTestApp, TestEnv } from './support/test-app';
import { waitForExit } from './support/processes';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..');
const SECRET = 'crash-test-webhook-secret';

/**
 * The worker as a real process (apps/worker/src/main.ts), killed with SIGKILL in the
 * middle of a morning's deliveries and started again; then stopped with SIGTERM while it
 * sends. Every due notification must arrive exactly once, by e-mail and by webhook.
 */
describe('a worker killed in the middle of a run', () => {
  let env: TestEnv;
  let smtp: SmtpTestServer;
  let hook: WebhookTestServer;
  let sec: Awaited<ReturnType<typeof signIn>>;
  let planId: string;
  const departments: string[] = [];
  const children = new Set<ChildProcess>();
  const logs: string[] = [];

  /** Starts `node … apps/worker/src/main.ts` on the test's database, Redis prefix, SMTP and webhook servers. */
  async function startWorkerProcess(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
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
        // one send at a time, and a dead worker's job is retried within about a second
        DELIVERY_CONCURRENCY: '1',
        WORKER_LOCK_MS: '1000',
        WORKER_STALLED_MS: '300',
        DELIVERY_BACKOFF_MS: '100',
        DELIVERY_SWEEP_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let started = false;
    child.stdout!.on('data', (d: Buffer) => {
      logs.push(d.toString());
      if (d.toString().includes('worker started')) started = true;
    });
    child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
    await waitUntil(`the worker process to start (${logs.join('')})`, () => started || child.exitCode !== null, 60_000);
    if (!started) throw new Error(`worker exited: ${logs.join('')}`);
    return child;
  }

  const exited = (child: ChildProcess) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    });

  const counts = async (): Promise<string[]> =>
    (await env.db.query(`SELECT channel, status, count(*)::int AS n FROM deliveries GROUP BY 1, 2 ORDER BY 1, 2`)).map(
      (r: any) => `${r.channel} ${r.status} ${r.n}`,
    );

  beforeAll(async () => {
    smtp = await new SmtpTestServer().start();
    hook = await new WebhookTestServer().start();
    env = await startTestApp({ SMTP_URL: smtp.url, NOTIFY_WEBHOOK_URL: hook.url, NOTIFY_WEBHOOK_SECRET: SECRET, REMINDER_CRON: '0 7 1 1 *' });
    const admin = await signIn(env, 'admin');
    sec = await signIn(env, 'secretariat');
    await signIn(env, 'secretariat');
    planId = await createPlan(env, sec.auth, { number: '30/KH-BCĐCĐS' });
    for (const code of ['S1', 'S2', 'S3', 'S4']) {
      const dept = await createDepartment(env, admin.auth, code, `Sở số ${code}`);
      departments.push(dept);
      await signIn(env, 'focal_point', dept);
      await signIn(env, 'focal_point', dept);
      await createTask(env, sec.auth, { planId, code: `${code}.1`, title: 'Báo cáo sơ kết', leadDepartmentId: dept, dueDate: '2024-06-18' });
      await createTask(env, sec.auth, { planId, code: `${code}.2`, title: 'Triển khai phần mềm', leadDepartmentId: dept, dueDate: '2024-06-14' });
    }
  });

  afterAll(async () => {
    // the workers first: one still alive would write its queues' keys again after they are deleted
    for (const child of children) {
      child.kill('SIGKILL');
      await waitForExit(child).catch(() => undefined);
    }
    await env?.close();
    await smtp?.close();
    await hook?.close();
  });

  it('leaves every due notification delivered exactly once after SIGKILL and a restart', async () => {
    // 8 focal points × 2 tasks, and a digest for each of 2 secretariat users: 18 notices, 10 e-mails
    const run = await env.http().post('/api/v1/reminders/run').set(sec.auth).send({ asOf: '2024-06-15' }).expect(202);
    smtp.delayMs = 300;
    let killedAt = 0;
    const first = await startWorkerProcess();
    smtp.onMailFrom = (n) => {
      if (n === 4 && !killedAt) {
        killedAt = smtp.messages.length;
        first.kill('SIGKILL');
      }
    };
    expect(await exited(first)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(killedAt).toBe(3);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages).toHaveLength(3);
    const [{ n: notices }] = await env.db.query(`SELECT count(*)::int AS n FROM notifications`);
    expect(notices).toBe(18);
    // the run's parts queue their deliveries one department after another: webhook calls may go between the e-mails
    const atKill = await counts();
    expect(atKill.filter((c) => c.startsWith('email'))).toEqual(['email pending 7', 'email sent 3']);
    const hooks = atKill.filter((c) => c.startsWith('webhook'));
    expect(hooks.every((c) => / (pending|sent) /.test(c))).toBe(true);
    expect(hooks.reduce((n, c) => n + Number(c.split(' ')[2]), 0)).toBe(18);

    smtp.onMailFrom = undefined;
    smtp.delayMs = 0;
    const second = await startWorkerProcess();
    await waitUntil('every delivery to be made', async () => (await counts()).every((c) => c.includes(' sent ')), 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // anything sent twice would arrive by now
    expect(await counts()).toEqual(['email sent 10', 'webhook sent 18']);
    const recipients = smtp.messages.map((m) => m.to.join());
    expect(recipients).toHaveLength(10);
    expect(new Set(recipients).size).toBe(10);
    const ids = hook.calls.map((c) => c.json.id);
    expect(ids).toHaveLength(18);
    expect(new Set(ids)).toEqual(new Set((await env.db.query(`SELECT id FROM notifications`)).map((r: any) => r.id)));
    // the e-mail cut off by the kill was picked up again as a stalled job, not lost
    const redis = new Redis(env.config.redisUrl);
    const events = await redis.xrange(`${env.config.queuePrefix}:${QUEUES.deliveries}:events`, '-', '+').finally(() => redis.disconnect());
    expect(events.filter(([, fields]) => fields[1] === 'stalled')).toHaveLength(1);
    expect((await env.app.get<Queue>(getQueueToken(QUEUES.reminders)).getJob(run.body.jobId))!.returnvalue).toMatchObject({ notificationsAdded: 18, emailsAdded: 10 });

    // SIGTERM while an e-mail is being sent: the send finishes and is recorded, nothing else starts
    await createTask(env, sec.auth, { planId, code: 'S1.3', title: 'Họp giao ban', leadDepartmentId: departments[0], dueDate: '2024-06-17' });
    env.clock.set('2024-06-16T00:30:00Z');
    smtp.delayMs = 1500;
    let stoppedAt = -1;
    smtp.onMailFrom = () => {
      if (stoppedAt < 0) {
        stoppedAt = smtp.messages.length;
        second.kill('SIGTERM');
      }
    };
    await env.http().post('/api/v1/reminders/run').set(sec.auth).send({}).expect(202);
    // Nest closes everything, then re-raises the signal (or exits 0); an error while closing would exit 1
    const stopped = await exited(second);
    expect([0, 'SIGTERM']).toContain(stopped.code ?? stopped.signal);
    expect(smtp.messages).toHaveLength(stoppedAt + 1);
    expect(await counts()).toEqual(['email pending 1', 'email sent 11', 'webhook pending 2', 'webhook sent 18']);

    smtp.onMailFrom = undefined;
    smtp.delayMs = 0;
    const third = await startWorkerProcess();
    await waitUntil('the rest of the 16th to be delivered', async () => (await counts()).every((c) => c.includes(' sent ')), 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await counts()).toEqual(['email sent 12', 'webhook sent 20']);
    expect(new Set(smtp.messages.map((m) => `${m.to.join()} ${m.subject}`)).size).toBe(12);
    expect(new Set(hook.calls.map((c) => c.json.id)).size).toBe(20);
    third.kill('SIGTERM');
    await exited(third);
  });
});
