/**
 * Reminder run benchmark: seeds 100,000 tasks of which about 5,000 are due on the morning
 * (bulk SQL into a database of its own, steering_bench_…, and a queue prefix of its own),
 * times one morning run through RemindersService (notifications, webhook outbox, e-mail
 * deliveries and their jobs, as the worker does it), then grows the table to 1,000,000
 * tasks with the same tasks due and times the same run again. The work must follow the
 * tasks due, not the table: the second figure should be close to the first.
 * Drops its database and Redis keys at the end.
 *
 *   npm run bench:reminders          (BENCH_DATABASE_SERVER_URL, REDIS_URL to point elsewhere)
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ClockModule } from '@app/common';
import { ConfigModule, loadConfig } from '@app/config';
import { DatabaseModule, dataSourceOptions } from '@app/data-source';
import { QueueModule } from '@app/queue';
import { ReminderRunResult, RemindersModule, RemindersService } from '@app/reminders';

const SERVER_URL = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const AS_OF = '2024-06-15';
const DEPARTMENTS = 60;
const PLANS = 200;
const DUE = 5_000;
/** Where the due tasks fall: each date some rule fires for on AS_OF (7, 3, 1 ahead, today, 1/8/15/22/29/36 late). */
const DUE_OFFSETS = [7, 3, 1, 0, -1, -8, -15, -22, -29, -36];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const stamp = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const DB_NAME = `steering_bench_reminders_${stamp}`;
const PREFIX = `steering-bench-reminders-${stamp}`;

function dbUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Tasks numbered from..to. The first DUE are open and due on a rule date; the others never
 * fire: completed, open with a deadline beyond a week, open and late on a day between the
 * weekly notices, cancelled on a rule date, or a collective parent on a rule date.
 */
const INSERT_TASKS = `
  WITH p AS (SELECT array_agg(id ORDER BY number) AS ids FROM plans),
       d AS (SELECT array_agg(id ORDER BY code) AS ids FROM departments),
       g AS (SELECT id FROM department_groups LIMIT 1),
       x AS (
         SELECT n, $3::date AS today, n % 20 AS kind, $4::int[] AS offsets
           FROM generate_series($1::int, $2::int) AS n)
  INSERT INTO tasks (plan_id, code, title, lead_department_id, lead_group_id, due_date, original_due_date, status, completed_on)
  SELECT p.ids[1 + x.n % ${PLANS}], 'B' || x.n, 'Nhiệm vụ số ' || x.n || ' của kế hoạch chuyển đổi số',
         CASE WHEN x.n > ${DUE} AND x.kind = 19 THEN NULL ELSE d.ids[1 + x.n % ${DEPARTMENTS}] END,
         CASE WHEN x.n > ${DUE} AND x.kind = 19 THEN g.id END,
         due, due, status, CASE WHEN status = 'completed' THEN due - 1 END
    FROM x CROSS JOIN p CROSS JOIN d CROSS JOIN g
   CROSS JOIN LATERAL (SELECT
     CASE WHEN x.n <= ${DUE} THEN x.today + x.offsets[1 + x.n % array_length(x.offsets, 1)]
          WHEN x.kind < 10 THEN x.today - 400 + ((x.n::bigint * 7919) % 460)::int
          WHEN x.kind < 16 THEN x.today + 8 + ((x.n::bigint * 104729) % 400)::int
          WHEN x.kind < 18 THEN x.today - (2 + x.n % 5 + 7 * (x.n % 50))
          WHEN x.kind = 18 THEN x.today + 3
          ELSE x.today - 1 END AS due,
     CASE WHEN x.n <= ${DUE} THEN (ARRAY['not_started','in_progress','blocked'])[1 + x.n % 3]
          WHEN x.kind < 10 THEN 'completed'
          WHEN x.kind < 18 THEN (ARRAY['not_started','in_progress','blocked'])[1 + x.n % 3]
          WHEN x.kind = 18 THEN 'cancelled'
          ELSE 'not_started' END AS status) s`;

async function seedBase(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO departments (code, name) SELECT 'D' || n, 'Sở số ' || n FROM generate_series(1, ${DEPARTMENTS}) n`,
  );
  await db.query(`INSERT INTO department_groups (code, name) VALUES ('ALL', 'Các Sở, ban, ngành; địa phương')`);
  await db.query(
    `INSERT INTO plans (number, kind, title, issued_on, issuer, year)
     SELECT n || '/KH-UBND', 'plan', 'Kế hoạch số ' || n, '2024-01-12', 'UBND tỉnh', 2024 FROM generate_series(1, ${PLANS}) n`,
  );
  // two focal points per department and three secretariat users
  await db.query(
    `INSERT INTO users (email, full_name, password_hash, role, department_id)
     SELECT 'fp' || n || '.' || k || '@bench.local', 'Cán bộ ' || n || '.' || k, 'x', 'focal_point', d.id
       FROM generate_series(1, ${DEPARTMENTS}) n CROSS JOIN generate_series(1, 2) k JOIN departments d ON d.code = 'D' || n`,
  );
  await db.query(
    `INSERT INTO users (email, full_name, password_hash, role) SELECT 'tt' || n || '@bench.local', 'Thường trực ' || n, 'x', 'secretariat' FROM generate_series(1, 3) n`,
  );
}

async function insertTasks(db: DataSource, from: number, to: number): Promise<number> {
  const started = performance.now();
  for (let start = from; start <= to; start += 100_000) {
    await db.query(INSERT_TASKS, [start, Math.min(to, start + 99_999), AS_OF, DUE_OFFSETS]);
  }
  await db.query(`VACUUM ANALYZE tasks`);
  return (performance.now() - started) / 1000;
}

@Module({})
class BenchModule {}

async function main(): Promise<void> {
  await onServer(`CREATE DATABASE "${DB_NAME}"`);
  const config = loadConfig({
    DATABASE_URL: dbUrl(DB_NAME),
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    // deliveries are recorded and queued as in production; nothing consumes them here
    SMTP_URL: 'smtp://127.0.0.1:9',
    NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
    NOTIFY_WEBHOOK_SECRET: 'bench',
  });
  const migrator = new DataSource(dataSourceOptions(config.databaseUrl, { poolSize: 1 }));
  await migrator.initialize();
  await migrator.runMigrations();
  await migrator.destroy();
  const app = await NestFactory.createApplicationContext(
    { module: BenchModule, imports: [ConfigModule.forRoot(config), ClockModule, DatabaseModule, QueueModule, RemindersModule] },
    { logger: ['warn', 'error'] },
  );
  try {
    const db = app.get(DataSource);
    const reminders = app.get(RemindersService);
    await seedBase(db);

    /** The morning run, RUNS times from nothing recorded; then once more on top (it must add nothing). */
    const measure = async () => {
      const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM tasks`);
      const times: number[] = [];
      let result!: ReminderRunResult;
      for (let i = 0; i < RUNS; i++) {
        await db.query(`TRUNCATE deliveries, notifications`);
        await deleteKeys();
        const started = performance.now();
        result = await reminders.run(AS_OF);
        times.push(performance.now() - started);
      }
      const again = performance.now();
      const repeat = await reminders.run(AS_OF);
      const repeatMs = performance.now() - again;
      if (repeat.notificationsAdded || repeat.emailsAdded) throw new Error(`a repeated run added something: ${JSON.stringify(repeat)}`);
      const query = await reminders.dueQuery(AS_OF);
      const plan: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.params);
      const lines = plan.map((r) => r['QUERY PLAN']);
      return { total, runMs: median(times), minMs: Math.min(...times), repeatMs, result, lines };
    };

    console.log(`database ${DB_NAME}, queue prefix ${PREFIX}; morning of ${AS_OF}`);
    const seed1 = await insertTasks(db, 1, 100_000);
    console.log(`seeded 100,000 tasks in ${seed1.toFixed(1)} s`);
    const small = await measure();
    const seed2 = await insertTasks(db, 100_001, 1_000_000);
    console.log(`grew to 1,000,000 tasks in ${seed2.toFixed(1)} s`);
    const large = await measure();

    console.log('');
    console.log(`tasks        due    notices  e-mails  queued   run median (min) of ${RUNS}   repeat run   find-due statement`);
    for (const m of [small, large]) {
      const exec = m.lines.find((l) => l.startsWith('Execution Time'))!.replace('Execution Time: ', '');
      console.log(
        `${m.total.toLocaleString('en-US').padEnd(12)} ${String(m.result.tasksDue).padEnd(6)} ${String(m.result.notificationsAdded).padEnd(8)} ` +
          `${String(m.result.emailsAdded).padEnd(8)} ${String(m.result.deliveriesQueued).padEnd(8)} ` +
          `${`${m.runMs.toFixed(0)} ms (${m.minMs.toFixed(0)})`.padEnd(24)} ${`${m.repeatMs.toFixed(0)} ms`.padEnd(12)} ${exec}`,
      );
    }
    console.log(`\n1M / 100k run time: ${(large.runMs / small.runMs).toFixed(2)}×`);
    const scan = large.lines.filter((l) => /Index|Bitmap|Seq Scan/.test(l)).map((l) => l.trim().replace(/\s+\(cost.*$/, ''));
    console.log(`find-due plan at 1M:\n  ${scan.join('\n  ')}`);
  } finally {
    await app.close();
    await deleteKeys();
    await onServer(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
    console.log(`dropped ${DB_NAME} and the keys under ${PREFIX}`);
  }
}

async function deleteKeys(): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
