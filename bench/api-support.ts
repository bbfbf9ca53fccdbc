/**
 * Plumbing of `npm run bench:api`: the servers as child processes, their memory, free
 * ports, and the cleanup of what the benchmark made in Redis. Only ever 127.0.0.1.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import Redis from 'ioredis';

export const HOST = '127.0.0.1';
/** Redis key prefixes the benchmark makes start with this; nothing else is deleted. */
export const BENCH_QUEUE_PREFIX = 'steering-bench-';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process from /proc (Linux): now (VmRSS) and its peak so far (VmHWM), in MB. */
export function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** CPU time a process has used so far (user + system), in milliseconds, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
  try {
    // the fields after the command name (which may hold spaces) start at the state, field 3
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks of 1/100 s
  } catch {
    return NaN;
  }
}

export interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  /** Highest VmRSS seen by the sampler (MB); VmHWM is read at the end too. */
  peakRss: number;
  stop: () => Promise<void>;
}

const running = new Set<ChildProcess>();

/**
 * Starts a server process, echoes its output with its name, and waits until it answers.
 * Ready means "/api/v1/me answers 401": routing and the auth guard are up, in the API and in
 * the baseline (which has no health endpoint).
 */
export async function startServer(name: string, args: string[], env: NodeJS.ProcessEnv, port: number): Promise<Server> {
  const ready = '/api/v1/me';
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const echo = (data: Buffer) => {
    for (const line of data.toString().split('\n').filter(Boolean)) console.log(`    [${name}] ${line}`);
  };
  child.stdout!.on('data', echo);
  child.stderr!.on('data', echo);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  const url = `http://${HOST}:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before answering`);
    try {
      const res = await fetch(`${url}${ready}`);
      if (res.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer ${ready} within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const server: Server = {
    name,
    url,
    child,
    peakRss: 0,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return server;
}

/** Kills whatever is still running (on an error or Ctrl-C): the benchmark leaves no process behind. */
export function killAll(): void {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
}

/** Samples VmRSS of the servers while a workload runs. */
export function sampleMemory(servers: Server[], everyMs = 200): () => void {
  const timer = setInterval(() => {
    for (const server of servers) {
      const mem = server.child.pid ? memoryOf(server.child.pid) : null;
      if (mem && mem.rss > server.peakRss) server.peakRss = mem.rss;
    }
  }, everyMs);
  return () => clearInterval(timer);
}

/** Deletes every key under the benchmark's own queue prefixes, and its users' sign-in counters. */
export async function deleteBenchRedisKeys(redisUrl: string, prefixes: string[]): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  let deleted = 0;
  try {
    await redis.connect();
    const patterns = [...prefixes.map((prefix) => {
      if (!prefix.startsWith(BENCH_QUEUE_PREFIX)) throw new Error(`refusing to delete keys of ${prefix}`);
      return `${prefix}:*`;
    }), 'login-fail:email:*@bench.local'];
    for (const pattern of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length) deleted += await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}
