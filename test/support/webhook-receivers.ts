import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface VerifiedCall {
  headers: IncomingHttpHeaders;
  rawBody: string;
  json: Record<string, any>;
}

/** Every request a receiver saw, and what it answered. */
export interface SeenRequest {
  headers: IncomingHttpHeaders;
  rawBody: string;
  status: number;
  /** Why it was refused (the verifier's message, or "duplicate webhook-id"), if it was. */
  refusal?: string;
}

const single = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A receiver as the Standard Webhooks docs tell one to be: it verifies every request with
 * `new Webhook(secret).verify(body, headers)` (signature, and a timestamp within five minutes),
 * and refuses a webhook-id it has already accepted, so a replay inside the window is caught too.
 * 401 for a bad or old signature, 409 for a repeat, 204 when accepted.
 */
export class VerifyingWebhookReceiver {
  readonly seen: SeenRequest[] = [];
  readonly accepted: VerifiedCall[] = [];
  /** Answer this many next valid calls with 503 (before accepting them), so the sender retries. */
  failNext = 0;
  /** How far the receiver's clock is ahead of the real one (to stand for a replay sent later). */
  clockAheadMs = 0;
  private readonly acceptedIds = new Set<string>();
  private server!: Server;
  port = 0;

  constructor(private readonly verifier: Webhook) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/steering`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const answer = (status: number, refusal?: string) => {
          this.seen.push({ headers: req.headers, rawBody, status, refusal });
          res.writeHead(status).end(refusal ?? '');
        };
        let json: Record<string, any>;
        try {
          json = this.verifyAt(rawBody, single(req.headers)) as Record<string, any>;
        } catch (error) {
          return answer(401, (error as Error).message);
        }
        const id = String(req.headers['webhook-id']);
        if (this.acceptedIds.has(id)) return answer(409, 'duplicate webhook-id');
        if (this.failNext > 0) {
          this.failNext--;
          return answer(503, 'busy');
        }
        this.acceptedIds.add(id);
        this.accepted.push({ headers: req.headers, rawBody, json });
        answer(204);
      });
    });
    this.port = await listen(this.server);
    return this;
  }

  /** standardwebhooks reads Date.now(); the verify is synchronous, so the shift covers it alone. */
  private verifyAt(rawBody: string, headers: Record<string, string>): unknown {
    if (!this.clockAheadMs) return this.verifier.verify(rawBody, headers);
    const realNow = Date.now;
    Date.now = () => realNow() + this.clockAheadMs;
    try {
      return this.verifier.verify(rawBody, headers);
    } finally {
      Date.now = realNow;
    }
  }

  close(): Promise<void> {
    return close(this.server);
  }
}

/** Answers every request with a redirect to `target` (307 keeps the method and body). */
export class RedirectingReceiver {
  requests = 0;
  private server!: Server;
  port = 0;

  constructor(private readonly target: string, private readonly status = 307) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/old-hook`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.requests++;
        res.writeHead(this.status, { location: this.target }).end();
      });
    });
    this.port = await listen(this.server);
    return this;
  }

  close(): Promise<void> {
    return close(this.server);
  }
}

/** Records every request it gets and answers 204: where a redirect pointed. */
export class RecordingReceiver {
  readonly requests: { method?: string; headers: IncomingHttpHeaders }[] = [];
  private server!: Server;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/elsewhere`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.requests.push({ method: req.method, headers: req.headers });
        res.writeHead(204).end();
      });
    });
    this.port = await listen(this.server);
    return this;
  }

  close(): Promise<void> {
    return close(this.server);
  }
}
