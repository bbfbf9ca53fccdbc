#!/usr/bin/env node
// npm start: build if needed, create the database if missing, migrate, load demo data into
// an empty database, then run the API and the worker; Ctrl-C (or SIGTERM) stops both.
require('reflect-metadata');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root, buildIfNeeded, lib, loadConfigOrExit } = require('./build-if-needed');
const { migrate } = require('./migrate');

async function main() {
  buildIfNeeded();
  const config = loadConfigOrExit();
  await migrate('run');
  const demo = path.join(root, 'dist/apps/api/libs/imports/src/demo/load-demo-data.js');
  if (fs.existsSync(demo)) await require(demo).loadDemoDataIfEmpty(config);

  // V8 lets an idle heap grow to four times what survives a collection; 30 % keeps the API's
  // peak memory under load near 180 MB instead of 300 MB at the same throughput (BENCHMARKS.md)
  const children = [
    ['api', 'dist/apps/api/apps/api/src/main.js', ['--heap-growing-percent=30']],
    ['worker', 'dist/apps/worker/apps/worker/src/main.js', []],
  ].map(([name, entry, flags]) => {
    const child = spawn(process.execPath, [...flags, path.join(root, entry)], { stdio: 'inherit', env: process.env });
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
      if (--remaining === 0) process.exit(exitCode);
    });
  }
  if (config.adminEmail && config.adminPassword && !process.env.ADMIN_PASSWORD) {
    console.log(`first admin (development default): ${config.adminEmail} / ${config.adminPassword}`);
  }
}

main().catch((error) => {
  console.error(`start failed: ${error.message}`);
  process.exit(1);
});
