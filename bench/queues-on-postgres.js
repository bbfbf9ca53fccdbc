#!/usr/bin/env node
// node bench/queues-on-postgres.js — what BullMQ 6's PostgreSQL backend does of what the product
// needs from its queues (issue 20: queues without Redis), on an embedded PostgreSQL in a temporary
// folder (removed afterwards): job schedulers (every, cron with a time zone), retries with backoff,
// UnrecoverableError, a parent waiting for its children (the morning run's parts), and a worker
// process killed mid-job (its job finished once by another worker), and the time each took.
const { fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { withBackend, WaitingChildrenError, UnrecoverableError } = require('bullmq');
const { createPostgresBackend } = require('bullmq/dist/cjs/postgres');
const { Client } = require('pg');
const { startEmbeddedPostgres } = require('../scripts/embedded-services');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const OPTS = { lockDuration: 2000, stalledInterval: 1000, maxStalledCount: 2 };

if (process.argv[2] === '--worker') {
  // the worker that is killed mid-job
  const { Worker } = withBackend(createPostgresBackend);
  new Worker('checks', async (job) => {
    if (job.name === 'slow') {
      process.send('started');
      await new Promise(() => {});
    }
  }, { connection: { connectionString: process.argv[3], schema: 'bullmq' }, ...OPTS });
  return;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steering-queues-pg-'));
  const secrets = {};
  const pg = await startEmbeddedPostgres({ dataDir, secret: (name) => (secrets[name] ??= require('node:crypto').randomBytes(24).toString('base64url')) });
  const results = [];
  const check = (what, ok, detail) => {
    results.push(ok);
    console.log(`${ok ? 'ok' : 'NOT OK'} - ${what} (${detail})`);
  };
  try {
    const admin = new Client({ connectionString: pg.url.replace(/\/steering$/, '/postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE queues_check');
    await admin.end();
    const url = pg.url.replace(/\/steering$/, '/queues_check');
    const { Queue, Worker } = withBackend(createPostgresBackend);
    const connection = { connectionString: url, schema: 'bullmq', migrate: true };
    const queue = new Queue('checks', { connection });
    let t = Date.now();
    await queue.waitUntilReady();
    check('schema made (migrate: true)', true, `${Date.now() - t} ms`);

    await queue.upsertJobScheduler('tick', { every: 500 }, { name: 'tick', data: {} });
    await queue.upsertJobScheduler('morning', { pattern: '0 7 * * *', tz: 'Asia/Ho_Chi_Minh' }, { name: 'morning', data: {} });
    await queue.upsertJobScheduler('morning', { pattern: '0 7 * * *', tz: 'Asia/Ho_Chi_Minh' }, { name: 'morning', data: {} });
    const schedulers = await queue.getJobSchedulers();
    check('job schedulers: upsert is idempotent, getJobSchedulers', schedulers.length === 2, schedulers.map((s) => `${s.key}: ${s.pattern ?? s.every}${s.tz ? ' ' + s.tz : ''}`).join(', '));

    const seen = { tick: 0, retry: 0, parent: 0, child: 0 };
    const worker = new Worker('checks', async (job, token) => {
      seen[job.name] = (seen[job.name] ?? 0) + 1;
      if (job.name === 'retry' && job.attemptsMade < 2) throw new Error('again');
      if (job.name === 'unrecoverable') throw new UnrecoverableError('no');
      if (job.name === 'parent') {
        if (!job.data.queued) {
          await queue.addBulk([1, 2, 3].map((i) => ({ name: 'child', data: {}, opts: { jobId: `part-${i}`, parent: { id: job.id, queue: job.queueQualifiedName } } })));
          await job.updateData({ queued: true });
        }
        if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();
        return 'parts done';
      }
      return 'done';
    }, { connection, ...OPTS });
    t = Date.now();
    const retry = await queue.add('retry', {}, { attempts: 3, backoff: { type: 'exponential', delay: 100 } });
    const unrecoverable = await queue.add('unrecoverable', {}, { attempts: 3 });
    await queue.add('parent', {}, { jobId: 'run-1' });
    await queue.add('parent', {}, { jobId: 'run-1' }); // the same id twice: one job
    const state = async (id) => (await queue.getJob(id))?.getState();
    for (let i = 0; i < 100 && !((await state(retry.id)) === 'completed' && (await state('run-1')) === 'completed'); i++) await sleep(100);
    check('retries with backoff', (await state(retry.id)) === 'completed' && seen.retry === 3, `3 tries, completed in ${Date.now() - t} ms`);
    check('UnrecoverableError fails at once', (await state(unrecoverable.id)) === 'failed' && (seen.unrecoverable ?? 0) === 1, `tries: ${seen.unrecoverable}`);
    check('a parent waits for its children (moveToWaitingChildren), one job per id', (await state('run-1')) === 'completed' && seen.child === 3 && seen.parent === 2,
      `parent ran ${seen.parent}×, children ${seen.child}`);
    await sleep(1200);
    check('the every-500-ms scheduler ticks', seen.tick >= 2, `${seen.tick} ticks`);
    await worker.close();
    await queue.removeJobScheduler('tick');

    // a worker process killed mid-job: another worker finishes it, once
    await queue.add('slow', {}, { jobId: 'slow-1' });
    const child = fork(__filename, ['--worker', url], { stdio: 'inherit' });
    await new Promise((resolve) => child.once('message', resolve));
    child.kill('SIGKILL');
    t = Date.now();
    let runs = 0;
    const second = new Worker('checks', async (job) => {
      if (job.name === 'slow') runs++;
    }, { connection, ...OPTS });
    for (let i = 0; i < 150 && (await state('slow-1')) !== 'completed'; i++) await sleep(100);
    const job = await queue.getJob('slow-1');
    check('stalled-job recovery after SIGKILL of its worker', (await job.getState()) === 'completed' && runs === 1,
      `finished by another worker ${Date.now() - t} ms after the kill (lockDuration 2 s), run ${runs}×, stalledCounter ${job.stalledCounter}`);
    const counts = await queue.getJobCounts();
    check('getJobCounts (what the dashboard reads)', typeof counts.completed === 'number', JSON.stringify(counts));
    await second.close();
    await queue.close();
  } finally {
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const failed = results.filter((ok) => !ok).length;
  console.log(`queues on PostgreSQL: ${results.length - failed} passed, ${failed} failed`);
  if (failed) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
