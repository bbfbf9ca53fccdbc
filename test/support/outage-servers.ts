import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo, createServer, connect, Server, Socket } from 'node:net';

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server of the test's own, on a free port, without persistence: stopping it is
 * Redis going down (the machine's Redis is never touched); starting it again on the same
 * port is Redis coming back, empty.
 */
export class RedisTestServer {
  private child?: ChildProcess;
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts it (again, on the same port); nothing if it runs. */
  async start(): Promise<this> {
    if (this.child) return this;
    this.port ||= await freePort();
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) {
          child.stdout!.off('data', onData);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code) => {
        this.child = undefined;
        reject(new Error(`redis-server exited ${code} before it was ready: ${output}`));
      });
    });
    // keep reading so a full pipe never blocks it
    child.stdout!.resume();
    child.stderr!.resume();
    return this;
  }

  /** Kills it (SIGKILL: no goodbye to its clients) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }
}

/**
 * A TCP proxy on a free port to a server (PostgreSQL at 127.0.0.1:5432): an app whose pool
 * goes through it loses its database when the proxy is cut — connections refused and open
 * ones reset — while the real server and every other client go on.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly targetPort: number, private readonly targetHost = '127.0.0.1') {}

  /** Starts forwarding (again, on the same port); nothing if it forwards. */
  async start(): Promise<this> {
    if (this.server) return this;
    this.port ||= await freePort();
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      const endBoth = () => {
        client.destroy();
        upstream.destroy();
      };
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', endBoth);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    return this;
  }

  /** Stops listening and resets every connection through it. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.resetAndDestroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

/** Milliseconds `work` took, with its result. */
export async function timed<T>(work: () => PromiseLike<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: Math.round(performance.now() - started), result };
}
