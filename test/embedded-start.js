#!/usr/bin/env node
// npm run test:embedded — `npm start` with the embedded services (issue 20): it becomes healthy,
// serves the demo data, runs a reminder job and a meeting summary job, throttles sign-ins and ends
// a signed-out token, shows the queues on the dashboard, keeps its data across a restart, and
// stops on SIGTERM leaving no process behind. With REDIS_URL=embedded (the default here) the
// queues, the throttle and the session marks are all in the embedded PostgreSQL. A DATA_DIR of its own (a temporary
// folder, removed afterwards), a free PORT, a QUEUE_PREFIX of its own (Redis keys deleted after,
// when the queues run on a Redis). DATABASE_URL and REDIS_URL default to `embedded`; set either to
// run the same check against a real server (its database `steering_embtest_…` is dropped after).
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');
const { freePort } = require('../scripts/embedded-services');

const root = path.resolve(__dirname, '..');
const DATABASE_URL = process.env.EMBEDDED_TEST_DATABASE_URL || 'embedded';
const REDIS_URL = process.env.EMBEDDED_TEST_REDIS_URL || 'embedded';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const results = [];

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steering-embedded-'));
  const port = await freePort();
  const prefix = `embtest_${process.pid}`;
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, DATA_DIR: dataDir, PORT: String(port), QUEUE_PREFIX: prefix, DATABASE_URL, REDIS_URL, LOG_LEVEL: 'warn',
    ADMIN_EMAIL: '', ADMIN_PASSWORD: '', NODE_ENV: 'development',
  };
  let start;
  try {
    // first start: initialises the server, migrates, loads the demo data
    let t = Date.now();
    start = await startProduct(env, base);
    step(`first start healthy in ${Date.now() - t} ms`, start.firstLines.join(' | '));
    if (DATABASE_URL === 'embedded') assert.match(start.output(), /PostgreSQL: embedded \(DATABASE_URL=embedded\), data in .*postgres/);
    if (REDIS_URL === 'embedded') assert.match(start.output(), /queues: on PostgreSQL/);

    const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'local-secrets.json'), 'utf8'));
    const token = await signIn(base, 'thuongtruc@steering.local', secrets.DEMO_PASSWORD);
    const plans = await api(base, token, 'GET', '/plans');
    assert.deepEqual(plans.items.map((p) => p.number).sort(), ['1446/KH-BĐHCĐS', '36/QĐ-UBND']);
    const tasks = await api(base, token, 'GET', '/tasks?limit=1');
    assert.ok(tasks.total >= 55, `${tasks.total} tasks`);
    step('demo data served', `${plans.total} plans, ${tasks.total} tasks`);

    t = Date.now();
    const asOf = '2026-11-26';
    const { jobId } = await api(base, token, 'POST', '/reminders/run', { asOf });
    assert.ok(jobId);
    const run = await until(async () => (await api(base, token, 'GET', '/reminders/runs')).items.find((r) => r.day === asOf && r.state === 'done'), 'the reminder run');
    step(`reminder run done in ${Date.now() - t} ms`, JSON.stringify(run.parts));

    t = Date.now();
    const meeting = await api(base, token, 'POST', '/meetings', { title: 'Phiên họp thử', heldOn: asOf, asOf, planIds: plans.items.map((p) => p.id) });
    await api(base, token, 'POST', `/meetings/${meeting.id}/summary`);
    const summary = await until(() => api(base, token, 'GET', `/meetings/${meeting.id}/summary`, undefined, [404]), 'the meeting summary');
    step(`meeting summary done in ${Date.now() - t} ms`, `total ${JSON.stringify(summary.total ?? summary.rollup?.total ?? Object.keys(summary))}`.slice(0, 160));

    // what Redis keeps otherwise (PostgreSQL with REDIS_URL=embedded): the sign-in throttle, the
    // sign-out of a token in every process, and the queue dashboard reading the queues
    const stranger = `nobody.${process.pid}@steering.local`;
    for (let i = 0; i < 5; i++) assert.equal((await login(base, stranger, 'wrong-password')).status, 401);
    const throttled = await login(base, stranger, 'wrong-password');
    assert.equal(throttled.status, 429, `the 6th failure: ${throttled.status}`);
    const leaving = await signIn(base, 'thuongtruc@steering.local', secrets.DEMO_PASSWORD);
    assert.equal((await fetch(`${base}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${leaving}` } })).status, 204);
    const ended = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${leaving}` } });
    assert.equal(ended.status, 401);
    assert.equal((await ended.json()).code, 'SESSION_ENDED');
    await api(base, token, 'GET', '/me');
    step('sign-in throttle and sign-out', `6th failure 429 (Retry-After ${throttled.headers.get('retry-after')} s), a signed-out token 401 SESSION_ENDED`);
    const admin = await signIn(base, 'admin@steering.local', secrets.ADMIN_PASSWORD);
    const board = await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${admin}`, accept: 'application/json' } });
    assert.equal(board.status, 200, `queue dashboard: ${board.status} ${await board.clone().text()}`);
    const queues = (await board.json()).queues;
    assert.deepEqual(queues.map((q) => q.name).sort(), ['deliveries', 'reminders', 'reports', 'summaries']);
    const counted = Object.fromEntries(queues.map((q) => [q.name, q.counts.completed]));
    // a summary's job is removed once done (MeetingSummaryJobs): the reminder run's is kept
    assert.ok(counted.reminders >= 1 && queues.every((q) => typeof q.counts.failed === 'number'), JSON.stringify(counted));
    step('queue dashboard reads the queues', `completed: ${JSON.stringify(counted)}`);

    // restart: the same data folder, the data and the sign-ins kept
    const pids = await start.stop();
    step('stopped on SIGTERM', `exit ${start.exitCode()}, processes gone: ${pids.join(', ')}`);
    t = Date.now();
    start = await startProduct(env, base);
    step(`second start healthy in ${Date.now() - t} ms`, start.firstLines.join(' | '));
    const again = await signIn(base, 'thuongtruc@steering.local', secrets.DEMO_PASSWORD);
    const kept = await api(base, again, 'GET', `/meetings/${meeting.id}/summary`);
    assert.equal(kept.meetingId ?? meeting.id, meeting.id);
    const runs = await api(base, again, 'GET', '/reminders/runs');
    assert.ok(runs.items.some((r) => r.day === asOf && r.state === 'done'));
    assert.equal((await api(base, again, 'GET', '/tasks?limit=1')).total, tasks.total);
    assert.doesNotMatch(start.output(), /demo data: plan/, 'the demo data is not loaded twice');
    step('data kept across the restart', `meeting summary, reminder run, ${tasks.total} tasks`);

    const pids2 = await start.stop();
    assert.equal(start.exitCode(), 0);
    step('stopped cleanly, nothing left', `exit 0, processes gone: ${pids2.join(', ')}`);
    start = undefined;
  } finally {
    if (start) await start.stop().catch(() => {});
    await cleanUp(dataDir, prefix);
  }
}

function step(what, detail = '') {
  results.push(what);
  console.log(`ok - ${what}${detail ? `  (${detail})` : ''}`);
}

/** Runs `npm start` as the README says, and waits for /health. */
async function startProduct(env, base) {
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exit = null;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exit = { code, signal }))));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exit) throw new Error(`npm start stopped (${exit.code ?? exit.signal}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start was not healthy within 180 s:\n${output}`);
    const res = await fetch(`${base}/health`).catch(() => undefined);
    if (res?.status === 200) break;
    await sleep(300);
  }
  const firstLines = output.split('\n').filter((line) => /^(PostgreSQL|queues):/.test(line));
  return {
    firstLines,
    output: () => output,
    exitCode: () => exit?.code,
    /** SIGTERM, as Ctrl-C or a service manager; answers the processes it had, all checked gone. */
    async stop() {
      const pids = [child.pid, ...descendants(child.pid)];
      if (!exit) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
      for (let i = 0; i < 50 && pids.some(alive); i++) await sleep(100);
      const left = pids.filter(alive);
      assert.deepEqual(left, [], `processes left behind: ${left.join(', ')}`);
      return pids.map((pid) => `${pid} ${processName(pid)}`.trim());
    },
  };
}

const names = new Map();
function descendants(pid) {
  let out = '';
  try {
    out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const rows = out.trim().split('\n').map((line) => line.trim().split(/\s+/)).map(([p, pp, comm]) => ({ pid: Number(p), ppid: Number(pp), comm }));
  const found = [];
  const walk = (parent) => {
    for (const row of rows) {
      if (row.ppid === parent) {
        found.push(row.pid);
        names.set(row.pid, row.comm);
        walk(row.pid);
      }
    }
  };
  walk(pid);
  return found;
}
const processName = (pid) => names.get(pid) ?? 'npm start';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function login(base, email, password) {
  return fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
}

async function signIn(base, email, password) {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  assert.equal(res.status, 200, `sign-in of ${email}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()).accessToken;
}

/** One call of the API; a status in `missing` answers undefined. */
async function api(base, token, method, url, body, missing = []) {
  const res = await fetch(`${base}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (missing.includes(res.status)) return undefined;
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function until(probe, what, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not finish within ${ms / 1000} s`);
    await sleep(250);
  }
}

/** The temporary data folder (with the embedded server's data), and this run's Redis keys or database. */
async function cleanUp(dataDir, prefix) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (REDIS_URL !== 'embedded') {
    const Redis = require('ioredis');
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  }
  if (DATABASE_URL !== 'embedded') {
    const { Client } = require('pg');
    const url = new URL(DATABASE_URL);
    const name = url.pathname.slice(1);
    if (!name.startsWith('steering_embtest_')) return; // only a database this check named is dropped
    url.pathname = '/postgres';
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}

const started = Date.now();
main().then(
  () => {
    console.log(`embedded start: ${results.length} passed, 0 failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  },
  (error) => {
    console.error(error.stack || error.message);
    console.log(`embedded start: ${results.length} passed, 1 failed`);
    process.exit(1);
  },
);
