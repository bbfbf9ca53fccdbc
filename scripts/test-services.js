// `npm test`'s services (README, Tests): the machine's PostgreSQL and Redis when they answer
// (CI here), else ones of the run's own, started before the command and stopped after it:
// - PostgreSQL: the embedded server npm start uses (scripts/embedded-services.js), its data in a
//   temporary folder removed afterwards;
// - Redis: a redis-server from PATH on a free port. Unlike PostgreSQL, no Redis server binary
//   comes from the npm registry, and the suite cannot do without one: several tests start,
//   stop and restart redis-servers of their own to prove what survives Redis' faults. Without
//   one the run stops at once and says what to install.
// TEST_SERVICES=own starts both even when the machine's answer (to try this path on a machine
// that has them); TEST_DATABASE_SERVER_URL / TEST_REDIS_URL name other servers.
//
// Usage: node scripts/test-services.js '<shell command>'
const { spawn, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { answers, freePort, startEmbeddedPostgres } = require('./embedded-services');

const say = (line) => console.log(`[test services] ${line}`);

/** Refuses at once, before anything is started, when no redis-server can be. */
function checkRedisServerBinary() {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(
      'nothing answers on 127.0.0.1:6379 and there is no redis-server on PATH to start one: the tests need a Redis server ' +
        '(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), or TEST_REDIS_URL naming one',
    );
  }
}

async function ownRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await answers('127.0.0.1', port, 300))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} at start`);
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within 10 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  process.once('exit', () => child.exitCode === null && child.kill('SIGKILL'));
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main() {
  const command = process.argv.slice(2).join(' ');
  if (!command) throw new Error("usage: node scripts/test-services.js '<command>'");
  const own = process.env.TEST_SERVICES?.trim() === 'own';
  const env = { ...process.env };
  const stops = [];
  let dataDir;
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => say(`stopping: ${e.message}`));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const startRedis = !env.TEST_REDIS_URL && (own || !(await answers('127.0.0.1', 6379)));
  if (startRedis) checkRedisServerBinary();
  try {
    if (!env.TEST_DATABASE_SERVER_URL && (own || !(await answers('127.0.0.1', 5432)))) {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steering-test-services-'));
      const secrets = {};
      const postgres = await startEmbeddedPostgres({ dataDir, secret: (name) => (secrets[name] ??= randomBytes(18).toString('hex')), log: say });
      stops.push(() => postgres.stop());
      env.TEST_DATABASE_SERVER_URL = postgres.url.replace(/\/steering$/, '/postgres');
      say(`PostgreSQL: an embedded server of this run on 127.0.0.1:${postgres.port}, data in ${postgres.dir} (removed afterwards)`);
    } else {
      say(`PostgreSQL: ${env.TEST_DATABASE_SERVER_URL ? 'TEST_DATABASE_SERVER_URL' : "the machine's, 127.0.0.1:5432"}`);
    }
    if (startRedis) {
      const redis = await ownRedis();
      stops.push(() => redis.stop());
      env.TEST_REDIS_URL = redis.url;
      say(`Redis: a redis-server of this run at ${redis.url}`);
    } else {
      say(`Redis: ${env.TEST_REDIS_URL ? 'TEST_REDIS_URL' : "the machine's, 127.0.0.1:6379"}`);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  const child = spawn(command, { shell: true, stdio: 'inherit', env });
  // Ctrl-C reaches the command (same process group); the services stop once it has ended
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  await stopAll();
  process.exit(code);
}

main().catch((error) => {
  console.error(`[test services] ${error.message}`);
  process.exit(1);
});
