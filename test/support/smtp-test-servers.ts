import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the test SMTP server accepted (it answered 250 to its data). */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/**
 * A real SMTP server on 127.0.0.1 (random port) that records what it accepts, and can
 * refuse (451, so the sender retries), refuse for good (550), or be slow before each
 * message so a test can kill the sender in the middle.
 */
export class SmtpTestServer {
  readonly messages: ReceivedMail[] = [];
  /** Every DATA the server saw, accepted or refused. */
  dataAttempts = 0;
  /** Refuse this many next messages with 451, then accept. */
  refuseNext = 0;
  /** Refuse every message with 550. */
  refuseAll = false;
  /** Wait this long before answering each MAIL FROM. */
  delayMs = 0;
  /** Called with the count of MAIL FROM commands seen so far, when each arrives. */
  onMailFrom?: (count: number) => void;
  private mailFroms = 0;
  private server!: SMTPServer;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      disableReverseLookup: true,
      logger: false,
      onMailFrom: (_address, _session, callback) => {
        this.onMailFrom?.(++this.mailFroms);
        if (this.delayMs) setTimeout(() => callback(), this.delayMs);
        else callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.dataAttempts++;
          if (this.refuseAll) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
          if (this.refuseNext > 0) {
            this.refuseNext--;
            return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          }
          simpleParser(Buffer.concat(chunks)).then(
            (mail) => {
              this.messages.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
                subject: mail.subject ?? '',
                text: mail.text ?? '',
                html: typeof mail.html === 'string' ? mail.html : '',
                messageId: mail.messageId ?? '',
              });
              callback();
            },
            (error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = ((this.server as unknown as { server: Server }).server.address() as AddressInfo).port;
    return this;
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface ReceivedCall {
  headers: IncomingHttpHeaders;
  rawBody: string;
  json: Record<string, any>;
}

/** A real HTTP server standing for NOTIFY_WEBHOOK_URL; records the calls it answers 2xx. */
export class WebhookTestServer {
  readonly calls: ReceivedCall[] = [];
  /** Answer this many next calls with 503. */
  failNext = 0;
  attempts = 0;
  private server!: Server;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/steering`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.attempts++;
        if (this.failNext > 0) {
          this.failNext--;
          res.writeHead(503).end('busy');
          return;
        }
        const rawBody = Buffer.concat(chunks).toString('utf8');
        this.calls.push({ headers: req.headers, rawBody, json: JSON.parse(rawBody) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
