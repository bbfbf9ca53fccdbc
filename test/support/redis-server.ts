import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server of a test's own, on a free port, never the machine's (6379): a test may
 * stop it, restart it, and lose its data. `persistent` runs it with append-only
 * persistence in its own directory, as production should.
 */
export class OwnRedisServer {
  private child?: ChildProcess;
  private output = '';
  constructor(
    readonly port: number,
    private readonly persistence: { dir: string } | null = null,
  ) {}

  static async start(persistence: { dir: string } | null = null): Promise<OwnRedisServer> {
    const server = new OwnRedisServer(await freePort(), persistence);
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const persistence = this.persistence
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.persistence.dir]
      : ['--appendonly', 'no'];
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence,
      '--maxmemory-policy', 'noeviction', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => (this.output += d));
    this.child.stderr!.on('data', (d) => (this.output += d));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`redis-server exited: ${this.output}`);
      const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined); // not up yet: asked again below
      const up = await client.connect().then(() => client.ping()).then(() => true, () => false);
      client.disconnect();
      if (up) return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not answer: ${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Kills it at once (SIGKILL): without persistence, everything it held is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Stops it, then starts it again on the same port (and the same directory when persistent). */
  async restart(downMs = 0): Promise<void> {
    await this.kill();
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }
}
