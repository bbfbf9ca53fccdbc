/**
 * `node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/upload-attack.ts`
 * — hostile task tables against the built API (dist, as `npm start` runs it), on a database
 * of its own.
 *
 * While each attack runs (a zip bomb of 300 MB, the same bomb with a directory that lies,
 * a merge and a data validation over the whole sheet, a CSV of 100,000 columns, a CSV of
 * 20 MB; BENCH_ATTACK_UPLOADS at once, BENCH_ATTACK_ROUNDS times), a prober asks GET /health
 * and GET /api/v1/tasks/:id one after the other and records their latency. Then a valid
 * 9 MB CSV is imported as a dry run, and the API's resident memory is read before, at its
 * peak, and after. Target: /health and the task read answer within 100 ms during the attack.
 * Drops its database and its Redis keys at the end.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH_QUEUE_PREFIX, deleteBenchRedisKeys, freePort, killAll, memoryOf, Server, startServer } from './api-support';
import { BENCH_SERVER_URL, BenchDataset, seedDataset } from './dataset';
import { bigCsv, wholeSheetMerge, wholeSheetValidation, wideCsv, zipBomb } from '../test/support/hostile-files';

const root = join(__dirname, '..');
const API_ENTRY = join(root, 'dist/apps/api/apps/api/src/main.js');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const UPLOADS_AT_ONCE = Number(process.env.BENCH_ATTACK_UPLOADS ?? 4);
const ROUNDS = Number(process.env.BENCH_ATTACK_ROUNDS ?? 3);
const TARGET_MS = 100;

interface Latencies {
  health: number[];
  task: number[];
  failures: number;
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * The prober runs in a process of its own, so that building and sending the uploads (20 MB
 * bodies) in this one never delays a probe: what it measures is the API's answer time.
 */
async function probe(url: string, taskPath: string, token: string): Promise<{ stop: () => Promise<Latencies> }> {
  const child = fork(__filename, ['probe', url, taskPath, token], { execArgv: process.execArgv });
  let ready: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  const result = new Promise<Latencies>((resolve, reject) => {
    child.on('message', (message) => (message === 'ready' ? ready() : resolve(message as Latencies)));
    child.once('exit', (code) => reject(new Error(`the prober exited (${code}) without figures`)));
  });
  await started;
  return {
    stop: async () => {
      child.send('stop');
      return result;
    },
  };
}

/** Asks /health then the task, again and again, until stopped; a request past 5 s counts as a failure. */
function probeHere(url: string, taskPath: string, token: string): { stop: () => Promise<Latencies> } {
  const latencies: Latencies = { health: [], task: [], failures: 0 };
  let running = true;
  const timed = async (path: string, into: number[], headers: Record<string, string> = {}) => {
    const started = performance.now();
    try {
      const res = await fetch(`${url}${path}`, { headers, signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status !== 200) latencies.failures++;
    } catch {
      latencies.failures++;
    }
    into.push(performance.now() - started);
  };
  const loop = (async () => {
    // a first pair warms the connection up, unmeasured
    await fetch(`${url}/health`).then((r) => r.arrayBuffer());
    await fetch(`${url}${taskPath}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
    process.send?.('ready');
    while (running) {
      await timed('/health', latencies.health);
      await timed(taskPath, latencies.task, { authorization: `Bearer ${token}` });
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return latencies;
    },
  };
}

async function upload(url: string, planId: string, token: string, file: Buffer, name: string, dryRun = true): Promise<{ status: number; code?: string; ms: number; rows?: number }> {
  const form = new FormData();
  form.append('file', new Blob([file]), name);
  const started = performance.now();
  const res = await fetch(`${url}/api/v1/plans/${planId}/imports?dryRun=${dryRun}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { code?: string; rows?: unknown[] };
  return { status: res.status, code: body.code, ms: performance.now() - started, rows: body.rows?.length };
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(root, 'scripts/build-if-needed.js')).buildIfNeeded();
  let data: BenchDataset | undefined;
  let server: Server | undefined;
  const prefix = `${BENCH_QUEUE_PREFIX}upload-${randomBytes(4).toString('hex')}`;
  const cleanUp = async () => {
    await server?.stop().catch(() => undefined);
    killAll();
    if (data) await data.drop().catch((e) => console.error(`could not drop ${data?.name}: ${e.message}`));
    const deleted = await deleteBenchRedisKeys(REDIS_URL, [prefix]).catch(() => 0);
    console.log(`cleaned up: server stopped, database ${data?.name ?? '(none)'} dropped, ${deleted} Redis keys deleted`);
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  try {
    console.log(`machine: ${cpus().length} cores, Node ${process.version}, load average ${loadavg()[0].toFixed(2)}`);
    data = await seedDataset(BENCH_SERVER_URL, { tasks: 2000, plans: 5, users: 100 });
    const port = await freePort();
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(24).toString('hex'),
      DATABASE_URL: data.url,
      DATABASE_APP_URL: data.appUrl,
      REDIS_URL,
      PORT: String(port),
      QUEUE_PREFIX: prefix,
    };
    server = await startServer('api', ['--heap-growing-percent=30', API_ENTRY], env, port);
    const pid = server.child.pid!;
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: data.users.find((u) => u.role === 'secretariat')!.email, password: data.password }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const taskList = (await (await fetch(`${server.url}/api/v1/tasks?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: string }[] };
    const taskPath = `/api/v1/tasks/${taskList.items[0].id}`;
    const planId = data.plans[0].id;

    const attacks: Array<[string, string, Buffer]> = [
      ['zip bomb (300 MB declared)', 'bomb.xlsx', await zipBomb(300)],
      ['zip bomb, directory lies (1 KB declared)', 'liar.xlsx', await zipBomb(300, true)],
      ['merge A1:XFD1048576', 'merge.xlsx', await wholeSheetMerge()],
      ['data validation A1:XFD1048576', 'validation.xlsx', await wholeSheetValidation()],
      ['CSV of 100,000 columns', 'wide.csv', wideCsv(100_000)],
      ['CSV of 20 MB', 'big.csv', bigCsv(20)],
    ];
    const valid = bigCsv(9);

    const quiet = await probe(server.url, taskPath, token);
    await new Promise((r) => setTimeout(r, 3000));
    const idle = await quiet.stop();
    console.log(`\nno attack: /health p50 ${ms(percentile(idle.health, 50))} max ${ms(Math.max(...idle.health))}; task read p50 ${ms(percentile(idle.task, 50))} max ${ms(Math.max(...idle.task))}`);

    console.log(`\n${UPLOADS_AT_ONCE} uploads at once, ${ROUNDS} rounds each, /health and a task read probed throughout:`);
    console.log('attack                                      | file     | answers                         | upload ms p50/max | /health p50/p99/max      | task read p50/p99/max    | probes');
    let worst = 0;
    for (const [label, name, file] of attacks) {
      const prober = await probe(server.url, taskPath, token);
      const answers = new Map<string, number>();
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const results = await Promise.all(Array.from({ length: UPLOADS_AT_ONCE }, () => upload(server!.url, planId, token, file, name)));
        for (const r of results) {
          const key = `${r.status} ${r.code ?? ''}`.trim();
          answers.set(key, (answers.get(key) ?? 0) + 1);
          times.push(r.ms);
        }
      }
      const seen = await prober.stop();
      worst = Math.max(worst, ...seen.health, ...seen.task);
      const size = file.length >= 1024 * 1024 ? `${(file.length / 1024 / 1024).toFixed(1)} MB` : `${(file.length / 1024).toFixed(0)} KB`;
      console.log(
        [
          label.padEnd(43),
          size.padEnd(8),
          [...answers].map(([k, n]) => `${n}× ${k}`).join(', ').padEnd(31),
          `${percentile(times, 50).toFixed(0)}/${Math.max(...times).toFixed(0)}`.padEnd(17),
          `${ms(percentile(seen.health, 50))}/${ms(percentile(seen.health, 99))}/${ms(Math.max(...seen.health))}`.padEnd(24),
          `${ms(percentile(seen.task, 50))}/${ms(percentile(seen.task, 99))}/${ms(Math.max(...seen.task))}`.padEnd(24),
          `${seen.health.length + seen.task.length}${seen.failures ? ` (${seen.failures} failed)` : ''}`,
        ].join(' | '),
      );
    }
    console.log(`worst probe latency during the attacks: ${ms(worst)} (target ${TARGET_MS} ms: ${worst <= TARGET_MS ? 'met' : 'NOT met'})`);

    // ---- memory around a valid 9 MB CSV, dry run ----
    await new Promise((r) => setTimeout(r, 3000));
    const before = memoryOf(pid)!;
    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(pid)?.rss ?? 0)), 50);
    const prober = await probe(server.url, taskPath, token);
    const result = await upload(server.url, planId, token, valid, 'valid-9mb.csv');
    const during = await prober.stop();
    const afterAnswer = memoryOf(pid)!.rss;
    await new Promise((r) => setTimeout(r, 10_000));
    const after10 = memoryOf(pid)!.rss;
    await new Promise((r) => setTimeout(r, 20_000));
    const after30 = memoryOf(pid)!.rss;
    clearInterval(sampler);
    console.log(`\nvalid CSV of ${(valid.length / 1024 / 1024).toFixed(1)} MB, dry run: ${result.status}, ${result.rows} rows in ${(result.ms / 1000).toFixed(1)} s`);
    console.log(`  during it: /health p50 ${ms(percentile(during.health, 50))} max ${ms(Math.max(...during.health))}; task read p50 ${ms(percentile(during.task, 50))} max ${ms(Math.max(...during.task))}`);
    console.log(`  API resident memory: before ${before.rss.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, at the answer ${afterAnswer.toFixed(0)} MB, 10 s later ${after10.toFixed(0)} MB, 30 s later ${after30.toFixed(0)} MB`);
  } finally {
    await cleanUp();
  }
}

if (process.argv[2] === 'probe') {
  const [url, taskPath, token] = process.argv.slice(3);
  const prober = probeHere(url, taskPath, token);
  process.once('disconnect', () => process.exit(0)); // the benchmark ended or failed: no prober is left behind
  process.once('message', async () => {
    process.send!(await prober.stop(), () => process.exit(0));
  });
} else main().catch((error) => {
  console.error(`upload-attack failed: ${error?.stack ?? error}`);
  killAll();
  process.exit(1);
});
