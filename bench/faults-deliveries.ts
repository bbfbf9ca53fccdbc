/**
 * The delivery faults of issue 13, each on one realistic morning, each with 0 lost and 0
 * duplicated to show: an SMTP server down 15 s in the middle of the morning's e-mails, an
 * SMTP server down 2 h from 07:00, and the webhook endpoint failing (503) for an hour.
 *
 * Everything is real but the clock: PostgreSQL (a database of its own, steering_bench_faults_…,
 * created, migrated, seeded and dropped), the machine's Redis (a key prefix of its own,
 * steering-bench-faults-…, deleted at the end; no other key is touched), the product's worker
 * (WorkerModule in this process, connected as the application role), an SMTP server and a
 * Standard Webhooks receiver on 127.0.0.1. Hours pass by moving the product's Clock (as the
 * e2e tests do) with the jobs' backoff shortened; the retry horizon and the longest wait
 * between the sweep's tries keep their production defaults (24 h, 1 h).
 *
 * What is counted is what the servers received, against what the seed says is due:
 *  - e-mail: one digest per user and morning; `lost` = users who got none, `duplicated` =
 *    digests beyond the first one a user got;
 *  - webhook: one accepted call per notice (user × task, and the secretariat's digest);
 *    the receiver refuses a webhook-id it already accepted (409) but every request is
 *    counted raw too, so `duplicated` = calls for a notice beyond its first accepted one,
 *    accepted or not (a repeat sent after a success counts).
 * After each fault the clock is moved on and the morning triggered a second time: nothing
 * more may arrive.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/faults-deliveries.ts
 *
 * Or `runDeliveryFaults()` from another script (bench/faults.ts). Ctrl-C drops the database
 * and the keys before exiting. BENCH_DATABASE_SERVER_URL and REDIS_URL point elsewhere.
 * REDIS_URL=embedded: the queues on PostgreSQL (a schema per fault's QUEUE_PREFIX in the bench's
 * database, made and granted as the migrations do; dropped with it), no Redis at all (issue 20).
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { Clock } from '@app/common';
import { loadConfig } from '@app/config';
import { preparePostgresQueueSchema, QUEUES } from '@app/queue';
import { ReminderJobs } from '@app/reminders';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { SmtpTestServer } from '../test/support/smtp-test-servers';
import { waitUntil } from '../test/support/wait';
import { VerifyingWebhookReceiver } from '../test/support/webhook-receivers';
import { BENCH_SERVER_URL, BenchDatabase, createBenchDatabase } from './dataset';

export interface FaultRow {
  fault: string;
  /** Digests (e-mail) or notices (webhook) the morning owes. */
  expected: number;
  /** Distinct ones the server received (accepted). */
  sent: number;
  lost: number;
  duplicated: number;
  /** Wall-clock seconds the fault took, from the trigger to the last check. */
  seconds: number;
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** REDIS_URL=embedded: the queues on PostgreSQL, no Redis. */
const QUEUES_ON_POSTGRES = REDIS_URL.trim() === 'embedded';
const ZONE = 'Asia/Ho_Chi_Minh';
const MORNING = '2024-06-15';
/** 07:00 in Vietnam on the morning. */
const SEVEN_AM = Date.parse('2024-06-15T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Clock steps while an outage lasts: the sweep's waits grow from minutes to its 1 h cap. */
const STEP = 5 * MINUTE;
const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;

// the morning: 75 departments with 4 focal points each, 3 due tasks each (7, 3, 1 days ahead,
// today, late by 1 or 8 days), 40 tasks each that fire nothing; 3 secretariat users, who get
// the overdue digest
const DEPARTMENTS = 75;
const FOCAL_PER_DEPARTMENT = 4;
const DUE_PER_DEPARTMENT = 3;
const QUIET_PER_DEPARTMENT = 40;
const SECRETARIAT = 3;
const DUE_OFFSETS = [7, 3, 1, 0, -1, -8];

/**
 * The product's Clock, moved by the bench: standing still at an instant (hours pass only when
 * moved, as FixedClock does in the tests) or running on from one (real seconds pass).
 */
class BenchClock extends Clock {
  private frozenAt: number | null = null;
  private offsetMs = 0;

  constructor() {
    super(ZONE);
  }

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  standAt(instant: number): void {
    this.frozenAt = instant;
  }

  runFrom(instant: number): void {
    this.frozenAt = null;
    this.offsetMs = instant - Date.now();
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }
}

/**
 * The SMTP server's address as the worker sees it: a TCP relay that can stop listening (the
 * server is down: connections refused) and listen again on the same port. Sessions already
 * open finish, as when a mail server stops taking new connections, so a message the server
 * accepted is never cut off from its answer.
 */
class SmtpGate {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly targetPort: number) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get isOpen(): boolean {
    return this.server !== undefined;
  }

  async open(): Promise<this> {
    if (this.server) return this;
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Down: new connections are refused at once. */
  shut(): void {
    const server = this.server;
    this.server = undefined;
    server?.close();
  }

  destroy(): void {
    this.shut();
    for (const socket of this.sockets) socket.destroy();
  }
}

/** Deletes every key under the bench's own prefix, never another. */
async function deleteKeys(prefix: string): Promise<void> {
  if (!prefix.startsWith('steering-bench-')) throw new Error(`refusing to delete keys of ${prefix}`);
  if (QUEUES_ON_POSTGRES) return; // the queues' schemas go with the bench's database
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function seedMorning(owner: Client): Promise<void> {
  await owner.query(`INSERT INTO departments (code, name) SELECT 'D' || lpad(n::text, 3, '0'), 'Sở số ' || n FROM generate_series(1, $1::int) n`, [DEPARTMENTS]);
  await owner.query(
    `INSERT INTO plans (number, kind, title, issued_on, issuer, year)
     SELECT n || '/KH-UBND', 'plan', 'Kế hoạch chuyển đổi số số ' || n, '2024-01-12', 'UBND tỉnh', 2024 FROM generate_series(1, 20) n`,
  );
  await owner.query(
    `INSERT INTO users (email, full_name, password_hash, role, department_id)
     SELECT 'fp.' || lower(d.code) || '.' || k || '@bench.local', 'Cán bộ đầu mối ' || d.code || ' ' || k, 'x', 'focal_point', d.id
       FROM departments d CROSS JOIN generate_series(1, $1::int) k`,
    [FOCAL_PER_DEPARTMENT],
  );
  await owner.query(
    `INSERT INTO users (email, full_name, password_hash, role, department_id)
     SELECT 'tgv' || n || '@bench.local', 'Tổ giúp việc ' || n, 'x', 'secretariat', NULL::uuid FROM generate_series(1, $1::int) n
     UNION ALL SELECT 'viewer' || n || '@bench.local', 'Thành viên ' || n, 'x', 'viewer', NULL FROM generate_series(1, 2) n
     UNION ALL SELECT 'admin@bench.local', 'Quản trị', 'x', 'admin', NULL`,
    [SECRETARIAT],
  );
  // due tasks: open, on a date a rule fires for (codes DUE-…); quiet ones: completed, far
  // ahead, or late on a day between the weekly overdue notices (codes Q-…)
  await owner.query(
    `WITH d AS (SELECT id, row_number() OVER (ORDER BY code) AS k FROM departments),
          p AS (SELECT array_agg(id ORDER BY number) AS ids FROM plans)
     INSERT INTO tasks (plan_id, code, title, lead_department_id, due_date, original_due_date, status, completed_on)
     SELECT p.ids[1 + (d.k * 7 + n) % 20], 'DUE-' || d.k || '-' || n, 'Nhiệm vụ ' || n || ' của Sở số ' || d.k,
            d.id, due, due, (ARRAY['not_started','in_progress','blocked'])[1 + n % 3], NULL
       FROM d CROSS JOIN p CROSS JOIN generate_series(1, $1::int) n
      CROSS JOIN LATERAL (SELECT $2::date + ($3::int[])[1 + (d.k + n) % array_length($3::int[], 1)] AS due) x`,
    [DUE_PER_DEPARTMENT, MORNING, DUE_OFFSETS],
  );
  await owner.query(
    `WITH d AS (SELECT id, row_number() OVER (ORDER BY code) AS k FROM departments),
          p AS (SELECT array_agg(id ORDER BY number) AS ids FROM plans)
     INSERT INTO tasks (plan_id, code, title, lead_department_id, due_date, original_due_date, status, completed_on)
     SELECT p.ids[1 + (d.k + n) % 20], 'Q-' || d.k || '-' || n, 'Nhiệm vụ thường xuyên ' || n || ' của Sở số ' || d.k,
            d.id, due, due, status, CASE WHEN status = 'completed' THEN due - 1 END
       FROM d CROSS JOIN p CROSS JOIN generate_series(1, $1::int) n
      CROSS JOIN LATERAL (SELECT
        CASE n % 3 WHEN 0 THEN $2::date - 30 - n WHEN 1 THEN $2::date + 10 + n ELSE $2::date - (2 + n % 5) END AS due,
        CASE n % 3 WHEN 0 THEN 'completed' ELSE 'in_progress' END AS status) x`,
    [QUIET_PER_DEPARTMENT, MORNING],
  );
  await owner.query(`ANALYZE`);
}

/** What the morning owes, from the seed alone (not from what the product wrote). */
interface Owed {
  /** E-mail addresses owed one digest each. */
  digests: Set<string>;
  /** `userId:taskId` (or `userId:digest`) owed one accepted webhook call each. */
  notices: Set<string>;
}

async function owedByTheSeed(owner: Client): Promise<Owed> {
  const { rows: mails } = await owner.query<{ email: string }>(
    `SELECT email FROM users WHERE active AND (role = 'secretariat'
        OR (role = 'focal_point' AND department_id IN (SELECT lead_department_id FROM tasks WHERE code LIKE 'DUE-%')))`,
  );
  const { rows: notices } = await owner.query<{ key: string }>(
    `SELECT u.id || ':' || t.id AS key FROM tasks t JOIN users u ON u.department_id = t.lead_department_id AND u.role = 'focal_point' AND u.active
      WHERE t.code LIKE 'DUE-%'
     UNION ALL SELECT id || ':digest' FROM users WHERE role = 'secretariat' AND active`,
  );
  return { digests: new Set(mails.map((r) => r.email)), notices: new Set(notices.map((r) => r.key)) };
}

/** The figures of one channel: what arrived, per owed item, against what was owed. */
function tally(owed: Set<string>, received: string[], extraRepeats = 0): { sent: number; lost: number; duplicated: number; unexpected: number } {
  const counts = new Map<string, number>();
  for (const key of received) counts.set(key, (counts.get(key) ?? 0) + 1);
  let sent = 0;
  let duplicated = extraRepeats;
  let unexpected = 0;
  for (const [key, n] of counts) {
    if (!owed.has(key)) unexpected += n;
    else {
      sent++;
      duplicated += n - 1;
    }
  }
  return { sent, lost: owed.size - sent, duplicated, unexpected };
}

interface Morning {
  clock: BenchClock;
  smtp: SmtpTestServer;
  gate: SmtpGate;
  hooks: VerifyingWebhookReceiver;
  worker: INestApplicationContext;
  owner: Client;
  /** Triggers the morning run as the API's POST /reminders/run does, and waits until the worker has run it. */
  trigger: () => Promise<void>;
  /** Deliveries by channel and status. */
  states: () => Promise<Record<string, number>>;
  /** Whether nothing is pending and no failed delivery is due for the sweep on the clock. */
  settled: () => Promise<boolean>;
}

/** The delivery settings of a fault; the horizon and the longest wait stay the production defaults. */
interface FaultSettings {
  DELIVERY_ATTEMPTS: string;
  DELIVERY_BACKOFF_MS: string;
  DELIVERY_SWEEP_MS: string;
}

/**
 * Runs one fault on a clean morning: empty ledger, fresh servers, a worker of its own on a
 * queue prefix of its own. Returns its row, and the other channel's figures for the note.
 */
async function onMorning(
  ctx: { db: BenchDatabase; owner: Client; owed: Owed; prefix: string; cleanups: (() => Promise<void>)[] },
  fault: string,
  channel: 'email' | 'webhook',
  settings: FaultSettings,
  scenario: (m: Morning) => Promise<void>,
): Promise<{ row: FaultRow; evidence: string; other: string }> {
  const { owner, owed } = ctx;
  await owner.query(`TRUNCATE deliveries, notifications`);
  const smtp = await new SmtpTestServer().start();
  const gate = await new SmtpGate(smtp.port).open();
  const hooks = await new VerifyingWebhookReceiver(new Webhook(WEBHOOK_SECRET)).start();
  const clock = new BenchClock();
  clock.standAt(SEVEN_AM);
  const prefix = `${ctx.prefix}-${channel}-${randomBytes(2).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: ctx.db.url,
    DATABASE_APP_URL: ctx.db.appUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    JWT_SECRET: randomBytes(24).toString('base64url'),
    SMTP_URL: gate.url,
    NOTIFY_WEBHOOK_URL: hooks.url,
    NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TZ_BUSINESS: ZONE,
    // the morning runs when the bench triggers it, not on a schedule
    REMINDER_CRON: '0 7 1 1 *',
    ...settings,
  });
  let worker: INestApplicationContext | undefined;
  const teardown = async () => {
    await worker?.close().catch(() => undefined);
    worker = undefined;
    gate.destroy();
    await hooks.close().catch(() => undefined);
    await Promise.race([smtp.close(), new Promise((r) => setTimeout(r, 2_000))]);
    await deleteKeys(prefix);
  };
  ctx.cleanups.push(teardown);
  try {
    if (QUEUES_ON_POSTGRES) await preparePostgresQueueSchema(ctx.db.url, config.queueSchema, decodeURIComponent(new URL(ctx.db.appUrl).username));
    const ref = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] }).overrideProvider(Clock).useValue(clock).compile();
    ref.useLogger(['error']);
    worker = await ref.init();
    const jobs = worker.get(ReminderJobs, { strict: false });
    const runs = worker.get<Queue>(getQueueToken(QUEUES.reminders), { strict: false });
    const morning: Morning = {
      clock,
      smtp,
      gate,
      hooks,
      worker,
      owner,
      trigger: async () => {
        const { jobId } = await jobs.trigger(MORNING);
        await waitUntil('the morning run to be done', async () => (await (await runs.getJob(jobId))?.isCompleted()) === true, 60_000).catch(async (error) => {
          const job = await runs.getJob(jobId);
          throw new Error(`${error.message} (job ${jobId}: ${job ? `${await job.getState()}, ${job.failedReason ?? 'no failure'}` : 'gone'}; ${JSON.stringify(await runs.getJobCounts())}; delayed: ${JSON.stringify((await runs.getDelayed(0, 2)).map((j) => [j.name, j.attemptsMade, j.delay, j.timestamp, Date.now(), j.failedReason, j.stacktrace?.[0]?.slice(0, 300)]))})`);
        });
      },
      states: async () => {
        const { rows } = await owner.query<{ k: string; n: number }>(`SELECT channel || ':' || status AS k, count(*)::int AS n FROM deliveries GROUP BY 1`);
        return Object.fromEntries(rows.map((r) => [r.k, r.n]));
      },
      settled: async () => {
        const { rows } = await owner.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending' OR (status = 'failed' AND next_retry_at <= $1)`,
          [clock.now()],
        );
        return rows[0].n === 0;
      },
    };
    const started = performance.now();
    await scenario(morning);
    await secondTriggerAddsNothing(morning);
    const seconds = Math.round((performance.now() - started) / 100) / 10;

    const mails = tally(owed.digests, smtp.messages.map((m) => m.to[0]));
    // a request for a webhook-id the receiver had already accepted: sent again after a success
    const repeats = hooks.seen.filter((s) => s.refusal === 'duplicate webhook-id').length;
    const calls = tally(owed.notices, hooks.accepted.map((c) => `${c.json.userId}:${c.json.taskId ?? 'digest'}`), repeats);
    const [mine, theirs] = channel === 'email' ? [mails, calls] : [calls, mails];
    const expected = channel === 'email' ? owed.digests.size : owed.notices.size;
    if (mine.unexpected || theirs.unexpected) console.warn(`  ${fault}: ${mine.unexpected + theirs.unexpected} deliveries nobody was owed`);
    // the fault did happen: how many of the channel's deliveries needed more than one try, and when the last went out
    const { rows: [tries] } = await owner.query<{ retried: number; failedTries: number; lastSent: Date | null }>(
      `SELECT count(*) FILTER (WHERE attempts > 1)::int AS retried, (sum(attempts) - count(*) FILTER (WHERE status = 'sent'))::int AS "failedTries",
              max(sent_at) AS "lastSent" FROM deliveries WHERE channel = $1`,
      [channel],
    );
    if (!tries.retried) throw new Error(`${fault}: no ${channel} delivery needed a second try, the fault did not happen`);
    const lastSent = tries.lastSent ? `${((tries.lastSent.getTime() - SEVEN_AM) / MINUTE).toFixed(0)} min after 07:00 on the clock` : 'never';
    const evidence = `${tries.retried} needed retries (${tries.failedTries} failed tries), the last sent ${lastSent}`;
    const otherName = channel === 'email' ? 'webhook calls' : 'e-mail digests';
    const otherExpected = channel === 'email' ? owed.notices.size : owed.digests.size;
    return {
      row: { fault, expected, sent: mine.sent, lost: mine.lost, duplicated: mine.duplicated, seconds },
      evidence,
      other: `${otherName} alongside: ${otherExpected} owed, ${theirs.sent} received, ${theirs.lost} lost, ${theirs.duplicated} duplicated`,
    };
  } finally {
    ctx.cleanups.splice(ctx.cleanups.indexOf(teardown), 1);
    await teardown();
  }
}

/** Everything delivered; then hours later the same morning is triggered again: nothing more may arrive. */
async function secondTriggerAddsNothing(m: Morning): Promise<void> {
  const mails = m.smtp.messages.length;
  const calls = m.hooks.seen.length;
  m.clock.advance(3 * HOUR);
  await new Promise((r) => setTimeout(r, 1_000));
  await m.trigger();
  await new Promise((r) => setTimeout(r, 2_000));
  await waitUntil('the morning to settle after the second trigger', m.settled, 30_000);
  if (m.smtp.messages.length !== mails || m.hooks.seen.length !== calls) {
    console.warn(`  the second trigger sent ${m.smtp.messages.length - mails} e-mails and ${m.hooks.seen.length - calls} webhook calls more`);
  }
}

const allSent = (m: Morning) => async () => {
  const s = await m.states();
  return Object.keys(s).every((k) => k.endsWith(':sent'));
};

/** SMTP stops taking connections after the 100th digest of the morning, for 15 real seconds. */
async function smtpDown15s(m: Morning): Promise<void> {
  m.clock.runFrom(SEVEN_AM);
  let reopened: Promise<void> | undefined;
  m.smtp.onMailFrom = (count) => {
    if (count !== 100) return;
    m.gate.shut();
    reopened = new Promise((resolve) => setTimeout(() => void m.gate.open().then(() => resolve()), 15_000));
  };
  await m.trigger();
  await waitUntil('SMTP to go down after the 100th digest', () => reopened !== undefined, 60_000);
  await reopened;
  await waitUntil('every delivery of the morning to be sent after SMTP came back', allSent(m), 120_000);
}

/**
 * SMTP down from 07:00 to 09:00: every digest is given up by its job within seconds, then the
 * clock moves 5 minutes at a time and the sweep tries them again with growing waits; SMTP
 * comes back at 09:00 and the clock moves on until everything is sent.
 */
async function smtpDown2h(m: Morning): Promise<void> {
  m.gate.shut();
  await m.trigger();
  // the run is done, its deliveries written: the jobs' tries cycle through the queue, then give up
  await waitUntil('every digest to be given up by its job while SMTP is down', m.settled, 180_000);
  await moveClockUntil(m, SEVEN_AM + 2 * HOUR);
  await m.gate.open();
  await moveClockUntil(m, SEVEN_AM + 6 * HOUR, allSent(m));
}

/** The webhook endpoint answers 503 to everything from 07:00 to 08:00, then accepts. */
async function webhookFailing1h(m: Morning): Promise<void> {
  m.hooks.failNext = Number.POSITIVE_INFINITY;
  await m.trigger();
  await waitUntil('every webhook call to be given up by its job while the endpoint fails', m.settled, 180_000);
  await moveClockUntil(m, SEVEN_AM + HOUR);
  m.hooks.failNext = 0;
  await moveClockUntil(m, SEVEN_AM + 5 * HOUR, allSent(m));
}

/** Moves the standing clock by STEP up to `until` (or until `done`), letting the sweep settle after each step. */
async function moveClockUntil(m: Morning, until: number, done?: () => Promise<boolean>): Promise<void> {
  while (m.clock.now().getTime() < until) {
    if (done && (await done())) return;
    m.clock.advance(STEP);
    await waitUntil(`the sweep to settle at ${m.clock.now().toISOString()}`, m.settled, 60_000);
  }
  if (done && !(await done())) throw new Error(`not everything was sent by ${new Date(until).toISOString()}: ${JSON.stringify(await m.states())}`);
}

/**
 * Creates the database and seeds the morning, runs the three delivery faults, drops
 * everything. Ctrl-C (SIGINT, SIGTERM) drops it too, then exits.
 */
export async function runDeliveryFaults(log: (line: string) => void = (line) => console.log(line)): Promise<FaultRow[]> {
  const stamp = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const prefix = `steering-bench-faults-${stamp}`;
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    while (cleanups.length) await cleanups.pop()!().catch((error) => console.error(`clean-up: ${error?.message ?? error}`));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: dropping the bench database and keys`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const db = await createBenchDatabase(BENCH_SERVER_URL, 'faults');
    cleanups.push(async () => {
      await db.drop();
      log(`dropped ${db.name} and the keys under ${prefix}`);
    });
    cleanups.push(() => deleteKeys(prefix));
    const owner = new Client({ connectionString: db.url, application_name: 'steering-bench-faults' });
    await owner.connect();
    cleanups.push(() => owner.end());
    await seedMorning(owner);
    const owed = await owedByTheSeed(owner);
    log(`database ${db.name}, queue prefix ${prefix}${QUEUES_ON_POSTGRES ? ' (queues on PostgreSQL, REDIS_URL=embedded)' : ''}; the morning of ${MORNING}: ${owed.digests.size} digests and ${owed.notices.size} webhook calls owed`);

    const ctx = { db, owner, owed, prefix, cleanups };
    const rows: FaultRow[] = [];
    const faults: [string, 'email' | 'webhook', FaultSettings, (m: Morning) => Promise<void>][] = [
      // the job's own tries (6, 2 s doubling: 2+4+8+16+32 s) outlast 15 s
      ['SMTP down 15 s mid-morning', 'email', { DELIVERY_ATTEMPTS: '6', DELIVERY_BACKOFF_MS: '2000', DELIVERY_SWEEP_MS: '500' }, smtpDown15s],
      // the job's tries are spent within seconds (100 ms doubling); the sweep carries them over the 2 h
      ['SMTP down 2 h (07:00–09:00)', 'email', { DELIVERY_ATTEMPTS: '5', DELIVERY_BACKOFF_MS: '100', DELIVERY_SWEEP_MS: '500' }, smtpDown2h],
      ['webhook answering 503 for 1 h', 'webhook', { DELIVERY_ATTEMPTS: '5', DELIVERY_BACKOFF_MS: '100', DELIVERY_SWEEP_MS: '500' }, webhookFailing1h],
    ];
    for (const [fault, channel, settings, scenario] of faults) {
      const { row, evidence, other } = await onMorning(ctx, fault, channel, settings, scenario);
      rows.push(row);
      log(`  ${fault}: ${row.sent}/${row.expected} received, ${row.lost} lost, ${row.duplicated} duplicated in ${row.seconds} s`);
      log(`    ${evidence}; ${other}`);
    }
    return rows;
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function formatFaultTable(rows: FaultRow[]): string {
  const head = ['fault', 'expected', 'sent', 'lost', 'duplicated', 'seconds'];
  const cells = rows.map((r) => [r.fault, String(r.expected), String(r.sent), String(r.lost), String(r.duplicated), r.seconds.toFixed(1)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...cells.map(line)].join('\n');
}

if (require.main === module) {
  // bounded: a fault that hangs ends the run (the clean-up runs on the way out)
  const watchdog = setTimeout(() => process.kill(process.pid, 'SIGTERM'), 8 * MINUTE);
  watchdog.unref();
  runDeliveryFaults().then(
    (rows) => {
      console.log(`\n${formatFaultTable(rows)}`);
      const bad = rows.filter((r) => r.lost || r.duplicated);
      process.exit(bad.length ? 1 : 0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
