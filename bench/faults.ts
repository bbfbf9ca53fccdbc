/**
 * The fault suite: a morning reminder run made to go through an operator's bad week, and
 * what reached the users counted against what the morning calls for.
 *
 * Everything is its own: a database (steering_bench_faults_…, seeded by bench/dataset.ts
 * with FAULTS_TASKS tasks, 6,000 by default, across 150 departments), a redis-server on a
 * free port (never the machine's 6379), an SMTP server and a webhook receiver that count what
 * they accept, and the worker as real processes (apps/worker/src/main.ts), killed with
 * SIGKILL. Each fault starts from an empty ledger, runs the morning of today, waits until the
 * run record says done and every delivery is made (or FAULT_TIMEOUT_MS), then prints, per
 * channel (in-app notices, e-mails, webhook calls): expected, sent, lost, duplicated.
 * The database, Redis and the processes are removed at the end; it stops by itself.
 *
 * With REDIS_URL=embedded the queues run on PostgreSQL (BullMQ's PostgreSQL backend in the
 * schema of the suite's QUEUE_PREFIX, in its own database; issue 20) and no redis-server is
 * started: the faults are the same but for the two Redis restarts, which do not apply.
 *
 *   npm run faults            (FAULTS_TASKS, BENCH_DATABASE_SERVER_URL to change)
 *   REDIS_URL=embedded npm run faults
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { getQueueToken } from '@nestjs/bullmq';
import { createServer, Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { ClockModule } from '@app/common';
import { ConfigModule, loadConfig } from '@app/config';
import { DatabaseModule } from '@app/data-source';
import { preparePostgresQueueSchema, QUEUES, QueueModule } from '@app/queue';
import { ReminderJobs, RemindersModule, RemindersService } from '@app/reminders';
import { BENCH_SERVER_URL, seedDataset, todayIn } from './dataset';
import { freePort, OwnRedisServer } from '../test/support/redis-server';
import { startProcess, waitForExit, waitForOutput } from '../test/support/processes';

const TASKS = Number(process.env.FAULTS_TASKS ?? 6_000);
const DEPARTMENTS = 150;
const USERS = 600;
const FAULT_TIMEOUT_MS = Number(process.env.FAULT_TIMEOUT_MS ?? 240_000);
const SUITE_TIMEOUT_MS = 40 * 60_000;
const PREFIX = 'steering-faults';
/** REDIS_URL=embedded: the queues on PostgreSQL, no redis-server. */
const QUEUES_ON_POSTGRES = process.env.REDIS_URL?.trim() === 'embedded';
const SECRET = 'faults-webhook-secret';
/** The worker's settings in this suite: a dead worker's job is picked up within seconds, the check runs every 5 s (hourly in production). */
const WORKER_SETTINGS = {
  WORKER_LOCK_MS: '2000',
  WORKER_STALLED_MS: '1000',
  DELIVERY_BACKOFF_MS: '200',
  DELIVERY_SWEEP_MS: '500',
  DELIVERY_CONCURRENCY: '10',
  REMINDER_CHECK_CRON: '*/5 * * * * *',
  // long, so that the schedulers come back by the reconnect, not by the periodic pass
  REMINDER_SCHEDULES_EVERY_MS: '600000',
  // the morning's tick is not what is tested: each fault triggers the run itself
  REMINDER_CRON: '0 7 1 1 *',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(line);

/**
 * Counts what it accepted (a message counts once the server has answered 250 to it), by what
 * it is for (a recipient's digest, a notice) and by its idempotency key (the e-mail's
 * Message-ID, the call's webhook-id, both made from the delivery's id). A second copy under
 * the same key is a re-send after a worker died between the send and its record: receivers
 * drop it by that key (Standard Webhooks; mail systems by Message-ID). A second key for the same
 * thing would be a real duplicate: a second message the ledger should have prevented.
 */
class Counter {
  readonly seen = new Map<string, number>();
  private readonly keysOf = new Map<string, Set<string>>();
  add(what: string, key: string) {
    this.seen.set(what, (this.seen.get(what) ?? 0) + 1);
    if (!this.keysOf.has(what)) this.keysOf.set(what, new Set());
    this.keysOf.get(what)!.add(key);
  }
  get total() {
    return [...this.seen.values()].reduce((a, b) => a + b, 0);
  }
  /** Things received under more than one key. */
  get duplicated() {
    return [...this.keysOf.values()].reduce((n, keys) => n + keys.size - 1, 0);
  }
  /** Copies received again under the same key. */
  get resent() {
    return this.total - [...this.keysOf.values()].reduce((n, keys) => n + keys.size, 0);
  }
  reset() {
    this.seen.clear();
    this.keysOf.clear();
  }
}

async function startSmtp(counter: Counter): Promise<{ url: string; close: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      // read now: the server clears the envelope once it has answered
      const recipients = session.envelope.rcptTo.map((to) => to.address);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        callback();
        const messageId = /^Message-ID:\s*(\S+)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '(none)';
        for (const to of recipients) counter.add(to, messageId);
      });
    },
  });
  server.on('error', () => undefined); // a client killed mid-message resets its connection
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

async function startWebhook(counter: Counter): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(204).end();
      counter.add(JSON.parse(Buffer.concat(chunks).toString('utf8')).id, String(req.headers['webhook-id']));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

interface Expected {
  notices: number;
  emails: Set<string>;
}

interface FaultRow {
  fault: string;
  /** expected, sent, lost, duplicated */
  inApp: [number, number, number, number];
  /** expected, sent, lost, duplicated, re-sent under the same idempotency key */
  email: [number, number, number, number, number];
  webhook: [number, number, number, number, number];
  run: string;
  schedulers: number;
  seconds: number;
}

@Module({})
class FaultsModule {}

async function main(): Promise<void> {
  const started = Date.now();
  const today = todayIn();
  const cleanups: (() => Promise<unknown>)[] = [];
  const suiteTimer = setTimeout(() => {
    stop(`the fault suite ran past ${SUITE_TIMEOUT_MS / 60_000} minutes: stopping`, 2);
  }, SUITE_TIMEOUT_MS);
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((e) => console.error(`cleanup: ${e?.message ?? e}`));
    cleanups.length = 0;
  };
  // whatever stops it, it leaves no database, redis-server or worker behind
  const stop = (why: string, code: number) => {
    console.error(why);
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => stop('interrupted: cleaning up', 130));
  process.once('SIGTERM', () => stop('terminated: cleaning up', 143));
  process.once('uncaughtException', (error) => stop(`stopped by an unexpected error: ${error?.stack ?? error}`, 1));

  try {
    log(`seeding ${TASKS} tasks across ${DEPARTMENTS} departments (own database) …`);
    const data = await seedDataset(BENCH_SERVER_URL, { tasks: TASKS, departments: DEPARTMENTS, users: USERS, today });
    cleanups.push(() => data.drop());
    const mails = new Counter();
    const hooks = new Counter();
    const smtp = await startSmtp(mails);
    cleanups.push(() => smtp.close());
    const webhook = await startWebhook(hooks);
    cleanups.push(() => webhook.close());
    const redisPort = await freePort();
    let redis: OwnRedisServer | undefined;
    const dirs: string[] = [];
    cleanups.push(async () => {
      await redis?.kill();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });
    const startRedis = async (persistent: boolean) => {
      if (QUEUES_ON_POSTGRES) return;
      await redis?.kill();
      const dir = persistent ? mkdtempSync(join(tmpdir(), 'steering-faults-redis-')) : null;
      if (dir) dirs.push(dir);
      redis = new OwnRedisServer(redisPort, dir ? { dir } : null);
      await redis.start();
    };
    await startRedis(false);
    const redisUrl = QUEUES_ON_POSTGRES ? 'embedded' : `redis://127.0.0.1:${redisPort}`;

    const config = loadConfig({
      DATABASE_URL: data.url,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: PREFIX,
      SMTP_URL: smtp.url,
      NOTIFY_WEBHOOK_URL: webhook.url,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      REMINDER_CRON: WORKER_SETTINGS.REMINDER_CRON,
    });
    if (QUEUES_ON_POSTGRES) {
      // as the migrations do (scripts/migrate.js); the worker connects as the owner here
      const version = await preparePostgresQueueSchema(data.url, config.queueSchema);
      log(`queues on PostgreSQL: schema ${config.queueSchema} (BullMQ's version ${version}) of ${new URL(data.url).pathname.slice(1)}`);
    }
    // the producer side (what POST /reminders/run calls) and the expected set, in this process
    const app = await NestFactory.createApplicationContext(
      { module: FaultsModule, imports: [ConfigModule.forRoot(config), ClockModule, DatabaseModule, QueueModule, RemindersModule] },
      { logger: ['error'] },
    );
    cleanups.push(() => app.close());
    // while Redis is down on purpose, the producer's queues say so: expected, not news
    for (const name of Object.values(QUEUES)) app.get<Queue>(getQueueToken(name)).on('error', () => undefined);
    const jobs = app.get(ReminderJobs);
    const queue = app.get<Queue>(getQueueToken(QUEUES.reminders));
    const db = new Client({ connectionString: data.url });
    await db.connect();
    cleanups.push(() => db.end());

    const expected = await expectedOf(app.get(RemindersService), db, today);
    log(`today ${today}: ${expected.notices} in-app notices, ${expected.emails.size} e-mails, ${expected.notices} webhook calls expected`);

    const workers = new Set<ReturnType<typeof startProcess>>();
    cleanups.push(async () => {
      for (const w of workers) w.kill('SIGKILL');
    });
    const startWorker = async () => {
      const child = startProcess('worker', {
        NODE_ENV: 'development',
        DATABASE_URL: data.url,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: PREFIX,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Ban Chỉ đạo <bcd@steering.faults>',
        NOTIFY_WEBHOOK_URL: webhook.url,
        NOTIFY_WEBHOOK_SECRET: SECRET,
        JWT_SECRET: 'faults-secret-of-enough-length-000000',
        ...WORKER_SETTINGS,
      });
      workers.add(child);
      child.once('exit', () => workers.delete(child));
      await waitForOutput(child, /worker started/, 90_000);
      return child;
    };
    const killWorker = async (child: ReturnType<typeof startProcess>) => {
      child.kill('SIGKILL');
      await waitForExit(child);
    };
    const stopWorkers = async () => {
      for (const w of [...workers]) {
        w.kill('SIGTERM');
        await waitForExit(w, 40_000).catch(() => w.kill('SIGKILL'));
      }
    };
    const progress = async (): Promise<{ done: number; total: number; state: string | null; starts: number }> => {
      const { rows } = await db.query(
        `SELECT count(p.done_at)::int AS done, count(p.part)::int AS total, max(r.state) AS state, max(r.starts) AS starts
           FROM reminder_runs r LEFT JOIN reminder_run_parts p ON p.day = r.day WHERE r.day = $1`,
        [today],
      );
      return rows[0] ?? { done: 0, total: 0, state: null };
    };
    /** Waits until this much of the run's parts are done (0..1). */
    const reach = async (fraction: number) => {
      for (;;) {
        const p = await progress();
        if (p.total > 0 && (p.done >= Math.ceil(p.total * fraction) || p.state === 'done')) return p;
        await sleep(15);
      }
    };

    const faults: { name: string; persistent?: boolean; workers?: number; scenario: (current: () => ReturnType<typeof startProcess>) => Promise<void> }[] = [];
    let current: ReturnType<typeof startProcess>;
    const killAndRestartAt = (fractions: number[]) => async () => {
      for (const f of fractions) {
        const p = await reach(f);
        if (p.state === 'done') break; // the run outran the kills: say so in the table (parts done)
        await killWorker(current);
        current = await startWorker();
      }
    };
    faults.push({ name: 'no fault (baseline)', scenario: async () => undefined });
    faults.push({ name: '1 SIGKILL in the run', scenario: killAndRestartAt([0.3]) });
    faults.push({ name: '2 SIGKILLs in the run', scenario: killAndRestartAt([0.25, 0.5]) });
    faults.push({ name: '5 SIGKILLs in the run', scenario: killAndRestartAt([0.1, 0.25, 0.4, 0.55, 0.7]) });
    faults.push({ name: 'two workers', workers: 2, scenario: async () => undefined });
    faults.push({
      name: 'double trigger (twice at once, once mid-run, once after)',
      scenario: async () => {
        await Promise.all([jobs.trigger(today), jobs.trigger(today)]);
        await reach(0.5);
        await jobs.trigger(today);
      },
    });
    if (!QUEUES_ON_POSTGRES) faults.push({
      name: 'Redis restarted with persistence (AOF) mid-run',
      persistent: true,
      scenario: async () => {
        await reach(0.4);
        await redis!.restart(1_000);
      },
    });
    if (!QUEUES_ON_POSTGRES) faults.push({
      name: 'Redis restarted without persistence mid-run',
      scenario: async () => {
        await reach(0.4);
        await redis!.restart(1_000);
      },
    });

    const rows: FaultRow[] = [];
    for (const fault of faults) {
      const t0 = Date.now();
      log(`\n== ${fault.name}`);
      await db.query(`TRUNCATE notifications, deliveries, reminder_runs CASCADE`);
      mails.reset();
      hooks.reset();
      await startRedis(Boolean(fault.persistent));
      current = await startWorker();
      for (let i = 1; i < (fault.workers ?? 1); i++) await startWorker();
      if (!fault.name.startsWith('double trigger')) await jobs.trigger(today);
      const scenario = fault.scenario(() => current);
      let state = 'timeout';
      const until = Date.now() + FAULT_TIMEOUT_MS;
      await scenario;
      while (Date.now() < until) {
        const p = await progress();
        const { rows: [{ pending }] } = await db.query(`SELECT count(*)::int AS pending FROM deliveries WHERE status = 'pending'`);
        if (p.state === 'done' && pending === 0 && mails.total + hooks.total > 0) {
          state = `done (${p.done}/${p.total} parts, started ${p.starts}×)`;
          break;
        }
        await sleep(200);
      }
      if (fault.name.startsWith('double trigger') && state.startsWith('done')) {
        // and once more after it is done: a new run of the same morning sends nothing twice
        await jobs.trigger(today);
        await sleep(500);
        while (Date.now() < until && (await progress()).state !== 'done') await sleep(200);
      }
      await sleep(3_000); // anything sent twice arrives by now
      const schedulers = (await queue.getJobSchedulers()).length;
      const { rows: [ledger] } = await db.query(
        `SELECT count(*)::int AS n, count(DISTINCT dedup_key)::int AS keys FROM notifications
          WHERE kind IN ('deadline_near', 'deadline_passed', 'overdue_digest')`,
      );
      const { rows: noticeIds } = await db.query(`SELECT id FROM notifications`);
      const known = new Set(noticeIds.map((r: { id: string }) => r.id));
      const inApp: FaultRow['inApp'] = [expected.notices, ledger.keys, Math.max(0, expected.notices - ledger.keys), ledger.n - ledger.keys];
      const mailSent = [...mails.seen.keys()].filter((a) => expected.emails.has(a)).length;
      const email: FaultRow['email'] = [expected.emails.size, mailSent, expected.emails.size - mailSent, mails.duplicated, mails.resent];
      const hookSent = [...hooks.seen.keys()].filter((id) => known.has(id)).length;
      const webhookRow: FaultRow['webhook'] = [expected.notices, hookSent, expected.notices - hookSent, hooks.duplicated, hooks.resent];
      const row = { fault: fault.name, inApp, email, webhook: webhookRow, run: state, schedulers, seconds: Math.round((Date.now() - t0) / 1000) };
      rows.push(row);
      log(`   ${JSON.stringify(row)}`);
      await stopWorkers();
    }

    const cell = (c: number[]) => c.join(' / ');
    log(`\nqueues on ${QUEUES_ON_POSTGRES ? `PostgreSQL (REDIS_URL=embedded, schema ${config.queueSchema})` : 'Redis'}`);
    log(`${TASKS} tasks, ${DEPARTMENTS} departments, ${data.users.filter((u) => u.role === 'focal_point').length} focal points; worker settings ${JSON.stringify(WORKER_SETTINGS)}`);
    log('\n| fault | in-app: expected / sent / lost / duplicated | e-mail: expected / sent / lost / duplicated / re-sent (same Message-ID) | webhook: expected / sent / lost / duplicated / re-sent (same webhook-id) | run | schedulers after | s |');
    log('|---|---|---|---|---|---|---|');
    for (const r of rows) log(`| ${r.fault} | ${cell(r.inApp)} | ${cell(r.email)} | ${cell(r.webhook)} | ${r.run} | ${r.schedulers} | ${r.seconds} |`);
    const bad = rows.filter((r) => r.inApp[2] + r.inApp[3] + r.email[2] + r.email[3] + r.webhook[2] + r.webhook[3] > 0 || !r.run.startsWith('done'));
    log(`\n${bad.length ? `${bad.length} fault(s) lost or duplicated something` : 'every fault: 0 lost, 0 duplicated'} (${Math.round((Date.now() - started) / 1000)} s)`);
    process.exitCode = bad.length ? 1 : 0;
  } finally {
    clearTimeout(suiteTimer);
    await cleanup();
  }
}

/** What the morning calls for: every focal point of each due task, and a digest per secretariat user when one is overdue. */
async function expectedOf(reminders: RemindersService, db: Client, today: string): Promise<Expected> {
  const due = await reminders.findDue(today);
  const overdue = due.some((t) => t.daysLeft < 0);
  const { rows: secretariat } = await db.query(`SELECT id, email FROM users WHERE role = 'secretariat' AND active`);
  const focal = [...new Set(due.flatMap((t) => t.focalPointIds))];
  const { rows: focalEmails } = await db.query(`SELECT email FROM users WHERE id = ANY($1::uuid[]) AND active`, [focal]);
  const emails = new Set<string>(focalEmails.map((r: { email: string }) => r.email));
  if (overdue) for (const s of secretariat) emails.add(s.email);
  return { notices: due.reduce((n, t) => n + t.focalPointIds.length, 0) + (overdue ? secretariat.length : 0), emails };
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
