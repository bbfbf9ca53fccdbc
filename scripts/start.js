#!/usr/bin/env node
// npm start: build if needed, start an embedded PostgreSQL when asked or when none answers
// (scripts/embedded-services.js), create the database if missing, migrate, load demo data into
// an empty database, then run the API and the worker; Ctrl-C (or SIGTERM) stops both, then the
// embedded server.
require('reflect-metadata');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root, buildIfNeeded, loadConfigOrExit } = require('./build-if-needed');
const { migrate } = require('./migrate');
const { EMBEDDED, decideModes, startEmbeddedPostgres, describeDatabase, describeRedis } = require('./embedded-services');

/** The embedded servers this start runs, stopped last (after the API and the worker). */
const embedded = [];
async function stopEmbedded() {
  while (embedded.length) await embedded.pop().stop().catch((error) => console.error(`stopping an embedded service: ${error.message}`));
}
/** A signal before the API and the worker run: stop what was started, then leave. */
let earlySignal = null;
const onEarlySignal = (signal) => {
  earlySignal = signal;
  stopEmbedded().finally(() => process.exit(130));
};

async function main() {
  process.on('SIGINT', onEarlySignal);
  process.on('SIGTERM', onEarlySignal);
  buildIfNeeded();
  const production = process.env.NODE_ENV?.trim() === 'production';
  // Outside production nothing secret is fixed: the JWT secret (config), the first admin's and
  // the demo users' passwords are random per install, made at first start and kept in data/.
  const { localSecret, dataDir: dataDirOf } = require('./local-secrets');
  const dataDir = dataDirOf();
  const modes = await decideModes();
  // no Redis: the queues, the sign-in throttle and the session marks live in PostgreSQL (the
  // config's queueBackend 'postgres'), which the API and the worker learn from REDIS_URL=embedded
  if (modes.redis.mode === EMBEDDED) process.env.REDIS_URL = EMBEDDED;
  let database;
  if (modes.database.mode === EMBEDDED) {
    database = await startEmbeddedPostgres({ dataDir, secret: (name) => localSecret(name), log: (line) => console.log(line) });
    embedded.push(database);
    if (earlySignal) return;
    process.env.DATABASE_URL = database.url;
  }
  console.log(describeDatabase(modes.database, database));
  const localAdmin = !production && !process.env.ADMIN_EMAIL && !process.env.ADMIN_PASSWORD;
  if (localAdmin) {
    process.env.ADMIN_EMAIL = 'admin@steering.local';
    process.env.ADMIN_PASSWORD = localSecret('ADMIN_PASSWORD', 12);
  }
  const config = loadConfigOrExit();
  console.log(describeRedis(modes.redis, config));
  // as the owner; answers the URL of the application role the API and the worker connect as
  const appUrl = await migrate('run');
  const appConfig = appUrl ? { ...config, databaseAppUrl: appUrl } : config;
  const childEnv = appUrl ? { ...process.env, DATABASE_APP_URL: appUrl } : process.env;
  const demo = path.join(root, 'dist/apps/api/libs/demo/src/load-demo-data.js');
  const demoPassword = production ? undefined : localSecret('DEMO_PASSWORD', 12);
  if (demoPassword && fs.existsSync(demo)) await require(demo).loadDemoDataIfEmpty(appConfig, demoPassword);

  // V8 lets an idle heap grow to four times what survives a collection; 30 % keeps the API's
  // peak memory under load near 180 MB instead of 300 MB at the same throughput (BENCHMARKS.md)
  process.off('SIGINT', onEarlySignal);
  process.off('SIGTERM', onEarlySignal);
  if (earlySignal) return;
  const children = [
    ['api', 'dist/apps/api/apps/api/src/main.js', ['--heap-growing-percent=30']],
    ['worker', 'dist/apps/worker/apps/worker/src/main.js', []],
  ].map(([name, entry, flags]) => {
    const child = spawn(process.execPath, [...flags, path.join(root, entry)], { stdio: 'inherit', env: childEnv });
    child.name = name;
    return child;
  });
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGTERM'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  let remaining = children.length;
  let exitCode = 0;
  for (const child of children) {
    child.on('exit', (code, signal) => {
      if (!stopping) console.error(`${child.name} stopped (${signal ?? code}); stopping the rest`);
      if (code) exitCode = code;
      stop('SIGTERM');
      if (--remaining === 0) stopEmbedded().finally(() => process.exit(exitCode));
    });
  }
  if (!production) {
    const kept = path.relative(root, dataDir).startsWith('..') ? dataDir : path.relative(root, dataDir);
    console.log(`sign-ins of this install (kept in ${kept}/local-secrets.json):`);
    if (localAdmin) console.log(`  admin        ${config.adminEmail} / ${config.adminPassword}`);
    console.log(`  secretariat  thuongtruc@steering.local / ${demoPassword}`);
    console.log(`  focal point  daumoi.stttt@steering.local / ${demoPassword}  (Sở TTTT)`);
    console.log(`  viewer       lanhdao@steering.local / ${demoPassword}`);
  }
}

main().catch((error) => {
  console.error(`start failed: ${error.message}`);
  stopEmbedded().finally(() => process.exit(1));
});
