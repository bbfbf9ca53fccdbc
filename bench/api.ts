/**
 * `npm run bench:api` — the API under load, against the stack's own limit (issue 7).
 *
 * Seeds the shared dataset (bench/dataset.ts) in a database of its own, starts the BUILT API
 * in production mode and the framework-free baseline
 * (bench/baseline-server.ts) on the same database, checks they answer the same JSON, then
 * drives each with autocannon from this process, one workload after the other:
 *
 *   list     GET /tasks?departmentId=…&status=…&limit=50, as a focal point of that department
 *   get      GET /tasks/:id over random ids
 *   rollups  GET /rollups?planId=… over random plans
 *   updates  POST /tasks/:id/updates with a progress note, by a focal point, over random tasks
 *            of the caller's department
 *   mixed    (not by default) the list reads above on most connections while the others change
 *            task statuses (in_progress ⇄ blocked) through POST /tasks/:id/updates, taking the
 *            locks a status change takes (the task row, its plan's data revision, a collective
 *            parent's row); two rows: the lists read and the statuses changed meanwhile
 *
 * Writes: each request picks a focal point and a random task of that focal point's department
 * that no other request has in flight, sending the version read from the database before the
 * run and then the one each answer returns. Concurrent requests thus never race for a task
 * (a lock wait would measure the benchmark, not the API) and every request is a real update
 * with its history row; a 409 would mean the version tracking is wrong, so 409s are counted
 * apart. Each workload runs on every server before the next workload starts, so the servers
 * see the same data and the same state of the machine.
 *
 * Settings (environment): BENCH_DURATION seconds per run (10), BENCH_WARMUP seconds before
 * each (2), BENCH_CONNECTIONS (32), BENCH_TASKS (100000), BENCH_LOG_LEVEL of the API (warn:
 * its JSON request lines at info would be echoed here),
 * BENCH_WORKLOADS (list,get,rollups,updates; also mixed), BENCH_BASELINE=0 to skip the baseline,
 * BENCH_READ_CACHES (on): on, off or on,off — one API per value, started with READ_CACHES so,
 * BENCH_MIX_WRITERS connections of the mixed workload that change statuses (a quarter),
 * BENCH_CPU_PROF=<dir> to write a CPU profile of each server (see bench/api-profile.ts),
 * BENCH_API_NODE_ARGS="--max-old-space-size=160" to start the APIs with Node options,
 * BENCH_JSON=<file> to save the figures, REDIS_URL, BENCH_DATABASE_SERVER_URL.
 * REDIS_URL=embedded: the API's queues, sign-in throttle and session marks on PostgreSQL (the
 * schema of its QUEUE_PREFIX in the bench's database, made as the migrations do), no Redis.
 *
 * Everything stops by itself: the servers are killed, the database dropped and the Redis
 * keys under the benchmark's prefixes deleted, also on an error or Ctrl-C.
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { queueSchemaName } from '@app/config';
import { preparePostgresQueueSchema } from '@app/queue';
import { BENCH_SERVER_URL, BenchDataset, seedDataset } from './dataset';
import { BENCH_QUEUE_PREFIX, cpuMsOf, deleteBenchRedisKeys, freePort, HOST, killAll, memoryOf, sampleMemory, Server, startServer } from './api-support';

const root = resolve(__dirname, '..');
const API_ENTRY = join(root, 'dist/apps/api/apps/api/src/main.js');
const REDIS_URL = process.env.REDIS_URL ?? `redis://${HOST}:6379`;
const QUEUES_ON_POSTGRES = REDIS_URL.trim() === 'embedded';

const settings = {
  duration: Number(process.env.BENCH_DURATION ?? 10),
  warmup: Number(process.env.BENCH_WARMUP ?? 2),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  tasks: Number(process.env.BENCH_TASKS ?? 100_000),
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
  workloads: (process.env.BENCH_WORKLOADS ?? 'list,get,rollups,updates').split(',').map((s) => s.trim()).filter(Boolean),
  baseline: process.env.BENCH_BASELINE !== '0',
  cpuProfileDir: process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined,
  /** Node options for the API processes only, e.g. "--max-old-space-size=160". */
  apiNodeArgs: (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
  json: process.env.BENCH_JSON,
  readCaches: (process.env.BENCH_READ_CACHES ?? 'on').split(',').map((s) => s.trim()).filter(Boolean),
  mixWriters: process.env.BENCH_MIX_WRITERS ? Number(process.env.BENCH_MIX_WRITERS) : undefined,
};

const WORKLOADS = ['list', 'get', 'rollups', 'updates', 'mixed'] as const;
type WorkloadName = (typeof WORKLOADS)[number];
/** A row of the table: a workload, or one side of the mixed one. */
type RowName = Exclude<WorkloadName, 'mixed'> | 'mixed-list' | 'mixed-status';
const TITLES: Record<RowName, string> = {
  list: 'GET /tasks?departmentId&status&limit=50',
  get: 'GET /tasks/:id',
  rollups: 'GET /rollups?planId',
  updates: 'POST /tasks/:id/updates (note)',
  'mixed-list': 'mixed: the list, while statuses change',
  'mixed-status': 'mixed: status changes, while lists read',
};
const LIST_STATUSES = ['not_started', 'in_progress', 'completed', 'blocked'];

interface Caller {
  email: string;
  departmentId: string;
  token: string;
}

interface Figures {
  workload: RowName;
  server: string;
  /** CPU time the server process used per request (ms): what the framework costs. */
  cpuMsPerRequest: number;
  /** CPU time of the PostgreSQL backends serving the bench database, per request (ms). */
  dbCpuMsPerRequest: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  conflicts: number;
  total: number;
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function main(): Promise<void> {
  check(Number.isFinite(settings.duration) && settings.duration > 0, 'BENCH_DURATION must be a number of seconds');
  check(Number.isInteger(settings.connections) && settings.connections > 0, 'BENCH_CONNECTIONS must be a whole number');
  const unknown = settings.workloads.filter((w) => !(WORKLOADS as readonly string[]).includes(w));
  check(!unknown.length, `BENCH_WORKLOADS: unknown ${unknown.join(', ')}`);
  check(settings.readCaches.length > 0 && settings.readCaches.every((v) => v === 'on' || v === 'off'), 'BENCH_READ_CACHES must be on, off or on,off');
  check(settings.mixWriters === undefined || (Number.isInteger(settings.mixWriters) && settings.mixWriters > 0 && settings.mixWriters < settings.connections),
    'BENCH_MIX_WRITERS must be a whole number of connections below BENCH_CONNECTIONS');

  // the built API is what runs in production: build it when the sources are newer
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(root, 'scripts/build-if-needed.js')).buildIfNeeded();

  const started = performance.now();
  const servers: Server[] = [];
  const prefixes: string[] = [];
  let data: BenchDataset | undefined;
  let db: Client | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
      killAll();
      await db?.end().catch(() => undefined);
      if (data) await data.drop().catch((e) => console.error(`could not drop ${data?.name}: ${e.message}`));
      const deleted = QUEUES_ON_POSTGRES ? 0 : await deleteBenchRedisKeys(REDIS_URL, prefixes).catch((e) => (console.error(`could not clean Redis: ${e.message}`), 0));
      console.log(`cleaned up: servers stopped, database ${data?.name ?? '(none)'} dropped, ${deleted} Redis keys deleted`);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping`);
      cleanUp().finally(() => process.exit(130));
    });
  }
  // whatever fails, nothing is left behind
  process.once('uncaughtException', (error) => {
    console.error(`bench:api failed: ${error?.stack ?? error}`);
    cleanUp().finally(() => process.exit(1));
  });

  try {
    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
    // the figures are only as quiet as the machine: say when something else is running
    const load = loadavg()[0];
    console.log(`load average before the run: ${load.toFixed(2)}${load > 0.5 ? '  (something else is using the CPU: figures will be lower and noisier)' : ''}`);
    console.log(`seeding ${settings.tasks.toLocaleString('en-US')} tasks…`);
    data = await seedDataset(BENCH_SERVER_URL, { tasks: settings.tasks, log: (line) => console.log(`  ${line}`) });
    const dataset = data;
    console.log(`seeded ${dataset.name} in ${dataset.seconds.toFixed(1)} s: ${Object.entries(dataset.counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
    const pg = (db = new Client({ connectionString: dataset.url }));
    pg.on('error', () => undefined); // the drop at the end ends its connection
    await pg.connect();
    const postgres = (await pg.query(`SHOW server_version`)).rows[0].server_version;
    console.log(`PostgreSQL ${postgres}`);
    const taskIds: string[] = (await pg.query(`SELECT id FROM tasks`)).rows.map((r) => r.id);
    const collectiveId: string = (await pg.query(`SELECT id FROM tasks WHERE lead_group_id IS NOT NULL LIMIT 1`)).rows[0].id;

    // one focal point per department, as many departments as connections (the write workload
    // gives each request a caller; tasks of one department are only ever written by its own)
    const focal = dataset.users.filter((u) => u.role === 'focal_point' && u.email.endsWith('.1@bench.local'));
    check(focal.length >= Math.min(settings.connections, 32), 'not enough departments with a focal point');
    const callerUsers = focal.slice(0, Math.max(settings.connections, 32));

    // ---- start the servers ----
    const jwtSecret = randomBytes(24).toString('hex');
    const common = { ...process.env, NODE_ENV: 'production', JWT_SECRET: jwtSecret, DATABASE_URL: dataset.url, DATABASE_APP_URL: dataset.appUrl, REDIS_URL: REDIS_URL };
    for (const readCaches of settings.readCaches) {
      // the API is on Fastify only (the Express build, once measured against it, is gone: BENCHMARKS.md)
      const adapter = 'fastify';
      const name = `api-${adapter}${readCaches === 'off' ? '-off' : ''}`;
      const port = await freePort();
      const prefix = `${BENCH_QUEUE_PREFIX}${adapter}-${randomBytes(4).toString('hex')}`;
      prefixes.push(prefix);
      const profile = settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : [];
      const env = { ...common, PORT: String(port), QUEUE_PREFIX: prefix, LOG_LEVEL: settings.logLevel, READ_CACHES: readCaches };
      if (QUEUES_ON_POSTGRES) {
        await preparePostgresQueueSchema(dataset.url, queueSchemaName(prefix), decodeURIComponent(new URL(dataset.appUrl).username));
        console.log(`queues, sign-in throttle and session marks on PostgreSQL (REDIS_URL=embedded): schema ${queueSchemaName(prefix)}`);
      }
      // the same Node flags as `npm run start:api`
      servers.push(await startServer(name, [...profile, '--heap-growing-percent=30', ...settings.apiNodeArgs, API_ENTRY], env, port));
    }
    if (settings.baseline) {
      const port = await freePort();
      const profile = settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`, `--cpu-prof-name=baseline-${Date.now()}.cpuprofile`] : [];
      const args = [...profile, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, 'bench/baseline-server.ts')];
      servers.push(await startServer('baseline', args, { ...common, PORT: String(port), TS_NODE_PROJECT: join(root, 'tsconfig.json') }, port));
    }
    console.log(`servers: ${servers.map((s) => `${s.name} (pid ${s.child.pid})`).join(', ')}; Redis prefixes ${prefixes.join(', ')}`);
    for (const s of servers) {
      const mem = memoryOf(s.child.pid!);
      console.log(`  ${s.name} resident after start: ${mem?.rss.toFixed(0)} MB (peak so far ${mem?.hwm.toFixed(0)} MB)`);
    }

    // ---- sign in (through the first API; every server shares the secret and the users) ----
    const login = async (email: string) => {
      const res = await fetch(`${servers[0].url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: dataset.password }),
      });
      check(res.status === 200, `sign-in of ${email} answered ${res.status}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const callers: Caller[] = [];
    for (const user of callerUsers) callers.push({ email: user.email, departmentId: user.departmentId!, token: await login(user.email) });
    console.log(`signed in ${callers.length} focal points`);

    // ---- which workloads can run; the same JSON from every server ----
    const workloads = settings.workloads as WorkloadName[];
    const planIds = dataset.plans.map((p) => p.id);
    const rollupsProbe = await fetch(`${servers[0].url}/api/v1/rollups?planId=${planIds[0]}`, { headers: { authorization: `Bearer ${callers[0].token}` } });
    const skipped = new Map<WorkloadName, string>();
    if (rollupsProbe.status === 404) skipped.set('rollups', 'GET /api/v1/rollups answers 404: the roll-up endpoint is not in the API yet');
    const samples: Record<Exclude<WorkloadName, 'updates' | 'mixed'>, string[]> = {
      list: [`/api/v1/tasks?departmentId=${callers[0].departmentId}&status=in_progress&limit=50`],
      get: [`/api/v1/tasks/${taskIds[12345 % taskIds.length]}`, `/api/v1/tasks/${collectiveId}`],
      rollups: [`/api/v1/rollups?planId=${planIds[7 % planIds.length]}`],
    };
    for (const [workload, paths] of Object.entries(samples) as [Exclude<WorkloadName, 'updates' | 'mixed'>, string[]][]) {
      if (!workloads.includes(workload) || skipped.has(workload)) continue;
      for (const path of paths) {
        const bodies = await Promise.all(
          servers.map(async (s) => {
            const res = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${callers[0].token}` } });
            return { status: res.status, body: await res.json() };
          }),
        );
        for (const [i, answer] of bodies.entries()) {
          check(answer.status === 200, `${servers[i].name} answered ${answer.status} to ${path}: ${JSON.stringify(answer.body).slice(0, 300)}`);
          check(isDeepStrictEqual(answer.body, bodies[0].body), `${servers[i].name} and ${servers[0].name} answer different JSON to ${path}`);
        }
      }
      console.log(`same JSON from ${servers.map((s) => s.name).join(', ')}: ${workload}`);
    }

    // ---- the runs ----
    // tasks' update counters before them: the seeding updated every row once (the copies on the task rows)
    const tupleStats = () => pg.query(`SELECT n_tup_upd::int AS updated, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relname = 'tasks'`).then((r) => r.rows[0]);
    const statsBefore = await tupleStats();
    const results: Figures[] = [];
    for (const workload of workloads) {
      if (skipped.has(workload)) {
        console.log(`SKIPPED ${workload}: ${skipped.get(workload)}`);
        continue;
      }
      for (const server of servers) {
        if (workload === 'mixed') {
          if (server.name === 'baseline') continue; // the mix measures the API's caches, on and off
          results.push(...(await runMixed(server, pg, dataset.name, callers, taskIds, planIds)));
          continue;
        }
        const requestsFor = () => (workload === 'updates' ? writeRequests(pg, callers, dataset.today) : Promise.resolve(readRequests(workload, callers, taskIds, planIds)));
        if (settings.warmup > 0) {
          await run(server.url, (await requestsFor()).list, settings.warmup);
          // requests cut off at the end of a run still commit: let them, then read versions afresh
          await new Promise((r) => setTimeout(r, 1000));
        }
        const requests = await requestsFor();
        const stopSampling = sampleMemory(servers);
        const cpuBefore = cpuMsOf(server.child.pid!);
        const dbBefore = await backendCpu(pg, dataset.name);
        const result = await run(server.url, requests.list, settings.duration);
        const cpu = cpuMsOf(server.child.pid!) - cpuBefore;
        const dbAfter = await backendCpu(pg, dataset.name);
        const dbCpu = [...dbAfter].reduce((sum, [pid, ms]) => sum + ms - (dbBefore.get(pid) ?? 0), 0);
        stopSampling();
        const total = Math.max(1, result.requests.total);
        const figures = { ...figuresOf(workload, server.name, result), cpuMsPerRequest: cpu / total, dbCpuMsPerRequest: dbCpu / total };
        results.push(figures);
        console.log(
          `  ${TITLES[workload].padEnd(34)} ${server.name.padEnd(12)} ${figures.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
            `p50 ${figures.p50.toFixed(1)} ms  p99 ${figures.p99.toFixed(1)} ms  errors ${figures.errors}  non-2xx ${figures.non2xx}  ` +
            `CPU per request: server ${figures.cpuMsPerRequest.toFixed(2)} ms, PostgreSQL ${figures.dbCpuMsPerRequest.toFixed(2)} ms` +
            (workload === 'updates' ? `  409 ${figures.conflicts}` : ''),
        );
      }
    }
    if (workloads.includes('updates') || workloads.includes('mixed')) {
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM task_updates WHERE at > now() - interval '1 hour' AND action = 'progress_reported' AND note LIKE 'Bench %'`);
      console.log(`history rows written by the updates and mixed runs: ${rows[0].n}`);
      // an update that changes no indexed column stays on its page (HOT) when the page has room
      await new Promise((r) => setTimeout(r, 1500)); // backends report their counters within a second
      const stats = await tupleStats();
      console.log(`tasks rows updated by the runs: ${stats.updated - statsBefore.updated}, of which HOT (no index touched): ${stats.hot - statsBefore.hot}`);
    }

    // ---- the table ----
    const memory = servers.map((s) => ({ server: s.name, peakRssMb: Math.max(s.peakRss, s.child.pid ? (memoryOf(s.child.pid)?.hwm ?? 0) : 0) }));
    printTable(results, memory);
    if (settings.json) {
      writeFileSync(settings.json, JSON.stringify({ at: new Date().toISOString(), settings, postgres, node: process.version, cores: cpus().length, results, memory }, null, 2));
      console.log(`figures saved to ${settings.json}`);
    }
    if (settings.cpuProfileDir) console.log(`CPU profiles in ${settings.cpuProfileDir} (written when the APIs stop); summarise with bench/api-profile.ts`);
  } finally {
    await cleanUp();
    console.log(`bench:api took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}

interface Requests {
  list: autocannon.Request[];
}

/**
 * The mixed workload on one server: list reads on most connections and status changes on the
 * others, at the same time, warm-up first. Two rows; the CPU per request is over both.
 */
async function runMixed(server: Server, pg: Client, database: string, callers: Caller[], taskIds: string[], planIds: string[]): Promise<Figures[]> {
  const writers = settings.mixWriters ?? Math.max(1, Math.round(settings.connections / 4));
  const readers = settings.connections - writers;
  const both = async (seconds: number) => {
    const reads = readRequests('list', callers, taskIds, planIds);
    const writes = await statusRequests(pg, callers);
    const stopSampling = sampleMemory([server]);
    const cpuBefore = cpuMsOf(server.child.pid!);
    const dbBefore = await backendCpu(pg, database);
    const results = await Promise.all([run(server.url, reads.list, seconds, readers), run(server.url, writes.list, seconds, writers)]);
    const cpu = cpuMsOf(server.child.pid!) - cpuBefore;
    const dbAfter = await backendCpu(pg, database);
    stopSampling();
    const dbCpu = [...dbAfter].reduce((sum, [pid, ms]) => sum + ms - (dbBefore.get(pid) ?? 0), 0);
    const total = Math.max(1, results[0].requests.total + results[1].requests.total);
    return results.map((result, i) => ({
      ...figuresOf(i === 0 ? 'mixed-list' : 'mixed-status', server.name, result),
      cpuMsPerRequest: cpu / total,
      dbCpuMsPerRequest: dbCpu / total,
    }));
  };
  if (settings.warmup > 0) {
    await both(settings.warmup);
    await new Promise((r) => setTimeout(r, 1000)); // let cut-off writes commit before versions are read again
  }
  const figures = await both(settings.duration);
  for (const f of figures) {
    console.log(
      `  ${TITLES[f.workload].padEnd(40)} ${server.name.padEnd(16)} ${f.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
        `p50 ${f.p50.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  errors ${f.errors}  non-2xx ${f.non2xx}  409 ${f.conflicts}  ` +
        `CPU per request (both sides): server ${f.cpuMsPerRequest.toFixed(2)} ms, PostgreSQL ${f.dbCpuMsPerRequest.toFixed(2)} ms`,
    );
  }
  return figures;
}

/** The three reads: a fresh random request each time. */
function readRequests(workload: WorkloadName, callers: Caller[], taskIds: string[], planIds: string[]): Requests {
  const setupRequest = (request: autocannon.Request): autocannon.Request => {
    const caller = pick(callers);
    const path =
      workload === 'list'
        ? `/api/v1/tasks?departmentId=${caller.departmentId}&status=${pick(LIST_STATUSES)}&limit=50`
        : workload === 'get'
          ? `/api/v1/tasks/${pick(taskIds)}`
          : `/api/v1/rollups?planId=${pick(planIds)}`;
    return { ...request, method: 'GET', path, headers: { authorization: `Bearer ${caller.token}` } };
  };
  return { list: [{ method: 'GET', path: '/', setupRequest }] };
}

/**
 * Progress notes over random tasks of the caller's department, never two on one task at
 * once, each with the task's current version (read now, then taken from each answer).
 */
async function writeRequests(db: Client, callers: Caller[], today: string): Promise<Requests> {
  const { rows } = await db.query<{ id: string; version: number; department_id: string }>(
    `SELECT id, version, lead_department_id AS department_id FROM tasks WHERE lead_department_id = ANY($1::uuid[])`,
    [callers.map((c) => c.departmentId)],
  );
  const version = new Map(rows.map((r) => [r.id, r.version]));
  const byDepartment = new Map<string, string[]>();
  for (const r of rows) byDepartment.set(r.department_id, [...(byDepartment.get(r.department_id) ?? []), r.id]);
  const inFlight = new Set<string>();
  let n = 0;
  const setupRequest = (request: autocannon.Request, context: Record<string, unknown>): autocannon.Request => {
    const caller = pick(callers);
    const ids = byDepartment.get(caller.departmentId)!;
    let id = pick(ids);
    while (inFlight.has(id)) id = pick(ids);
    inFlight.add(id);
    context.taskId = id;
    return {
      ...request,
      method: 'POST',
      path: `/api/v1/tasks/${id}/updates`,
      headers: { authorization: `Bearer ${caller.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: version.get(id), progressNote: `Bench ${today} #${++n}: đã triển khai, đang tổng hợp kết quả` }),
    };
  };
  const onResponse = (status: number, body: string, context: Record<string, unknown>) => {
    const id = context.taskId as string;
    inFlight.delete(id);
    if (status === 201) version.set(id, (JSON.parse(body) as { version: number }).version);
    else if (status === 409) {
      const current = /current is (\d+)/.exec(body)?.[1];
      if (current) version.set(id, Number(current));
    }
  };
  return { list: [{ method: 'POST', path: '/', setupRequest, onResponse } as autocannon.Request] };
}

/**
 * Status changes (in_progress ⇄ blocked, with a note) over random open tasks of the caller's
 * department that no other request has in flight, with each task's version and status read now
 * and then taken from each answer. A child of a collective task also locks and rewrites its parent.
 */
async function statusRequests(db: Client, callers: Caller[]): Promise<Requests> {
  const { rows } = await db.query<{ id: string; version: number; status: string; department_id: string }>(
    `SELECT id, version, status, lead_department_id AS department_id FROM tasks
      WHERE lead_department_id = ANY($1::uuid[]) AND lead_group_id IS NULL AND status IN ('not_started', 'in_progress', 'blocked')`,
    [callers.map((c) => c.departmentId)],
  );
  const state = new Map(rows.map((r) => [r.id, { version: r.version, status: r.status }]));
  const byDepartment = new Map<string, string[]>();
  for (const r of rows) byDepartment.set(r.department_id, [...(byDepartment.get(r.department_id) ?? []), r.id]);
  const writers = callers.filter((c) => (byDepartment.get(c.departmentId)?.length ?? 0) > 8);
  check(writers.length > 0, 'no department has open tasks to change');
  const inFlight = new Set<string>();
  let n = 0;
  const setupRequest = (request: autocannon.Request, context: Record<string, unknown>): autocannon.Request => {
    const caller = pick(writers);
    const ids = byDepartment.get(caller.departmentId)!;
    let id = pick(ids);
    while (inFlight.has(id)) id = pick(ids);
    inFlight.add(id);
    context.taskId = id;
    const { version, status } = state.get(id)!;
    return {
      ...request,
      method: 'POST',
      path: `/api/v1/tasks/${id}/updates`,
      headers: { authorization: `Bearer ${caller.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version, status: status === 'in_progress' ? 'blocked' : 'in_progress', progressNote: `Bench status #${++n}` }),
    };
  };
  const onResponse = (status: number, body: string, context: Record<string, unknown>) => {
    const id = context.taskId as string;
    inFlight.delete(id);
    if (status === 201) {
      const task = JSON.parse(body) as { version: number; status: string };
      state.set(id, { version: task.version, status: task.status });
    } else if (status === 409) {
      const current = /current is (\d+)/.exec(body)?.[1];
      if (current) state.set(id, { ...state.get(id)!, version: Number(current) });
    }
  };
  return { list: [{ method: 'POST', path: '/', setupRequest, onResponse } as autocannon.Request] };
}

/** CPU used so far by each PostgreSQL backend connected to the bench database (this client's excepted). */
async function backendCpu(pg: Client, database: string): Promise<Map<number, number>> {
  const { rows } = await pg.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
  return new Map(rows.map((r) => [r.pid, cpuMsOf(r.pid)]).filter(([, ms]) => Number.isFinite(ms)) as [number, number][]);
}

function run(url: string, requests: autocannon.Request[], duration: number, connections = settings.connections): Promise<autocannon.Result> {
  return new Promise((resolvePromise, reject) => {
    autocannon({ url, connections, duration, requests, timeout: 10 }, (error, result) =>
      error ? reject(error) : resolvePromise(result),
    );
  });
}

function figuresOf(workload: RowName, server: string, result: autocannon.Result): Omit<Figures, 'cpuMsPerRequest' | 'dbCpuMsPerRequest'> {
  const conflicts = Number(result.statusCodeStats?.['409']?.count ?? 0);
  return {
    workload,
    server,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    conflicts,
    total: result.requests.total,
  };
}

function printTable(results: Figures[], memory: { server: string; peakRssMb: number }[]): void {
  const baseline = (workload: RowName) => results.find((r) => r.workload === workload && r.server === 'baseline');
  const head = ['workload', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', '409', 'server CPU ms/req', 'PG CPU ms/req', 'API ÷ baseline'];
  const rows = results.map((r) => {
    const base = baseline(r.workload);
    return [
      TITLES[r.workload],
      r.server,
      r.requestsPerSecond.toFixed(0),
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      String(r.errors),
      String(r.non2xx),
      r.workload === 'updates' || r.workload === 'mixed-status' ? String(r.conflicts) : '-',
      r.cpuMsPerRequest.toFixed(2),
      r.dbCpuMsPerRequest.toFixed(2),
      base && r.server !== 'baseline' ? (r.requestsPerSecond / base.requestsPerSecond).toFixed(2) : '',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log('');
  console.log(`${settings.connections} connections, ${settings.duration} s per run after ${settings.warmup} s of warm-up`);
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i < 2 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log('');
  for (const m of memory) console.log(`peak resident memory of ${m.server}: ${m.peakRssMb.toFixed(0)} MB`);
}

main().catch((error) => {
  console.error(`bench:api failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
