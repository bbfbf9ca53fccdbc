/**
 * The baseline of `npm run bench:api`: what Node and PostgreSQL can do for the same four
 * requests without the framework. node:http and a pg Pool; the app's own data code
 * (TaskQueries, RollupsService, TaskProgressService and what they call) runs on a thin
 * stand-in for TypeORM's DataSource, so the SQL statements, their order, the transaction
 * and the JSON are the API's by construction. Left out on purpose: Nest (routing, guards,
 * pipes, filters), class-transformer/class-validator, Fastify, and TypeORM.
 * Authentication is kept, as any real server needs it: an HS256 check with node:crypto, with
 * verified tokens and users (10 s) cached as the API's guard caches them.
 *
 * Run by bench/api.ts as its own process (DATABASE_URL, PORT, JWT_SECRET); not a product.
 */
import 'reflect-metadata';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';
import { Pool, PoolClient, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import { Actor, Clock, DomainError, notFound, PageQuery } from '@app/common';
import { loadConfig } from '@app/config';
import { ReadCaches } from '@app/database';
import { dataSourceOptions } from '@app/data-source';
import { NotificationsService } from '@app/notifications';
import { RollupsService } from '@app/rollups';
import { TASK_STATUSES, TaskStatus, TaskHistory, TaskProgressService, TaskFilter, TaskQueries, TasksService } from '@app/tasks';
import { STATUS } from '../apps/api/src/http/error.filter';

const config = loadConfig();
// the API's pool size, read from the same options (importing them also sets the DATE parser)
const options = dataSourceOptions(config.databaseUrl) as { poolSize?: number };
const pool = new Pool({ connectionString: config.databaseUrl, max: options.poolSize ?? 10, application_name: 'steering-baseline' });

/** TypeORM answers [rows, count] to UPDATE and DELETE and the rows otherwise; so does this. */
const rowsOf = (result: QueryResult) => (result.command === 'UPDATE' || result.command === 'DELETE' ? [result.rows, result.rowCount] : result.rows);
const runner = (client: Pool | PoolClient) => ({ query: (sql: string, params?: unknown[]) => client.query(sql, params).then(rowsOf) });

/** The part of DataSource the data code uses: query, manager.query, transaction, and the pool. */
const dataSource = {
  ...runner(pool),
  manager: runner(pool),
  // TaskQueries runs its reads as prepared statements on TypeORM's pool (driver.master)
  driver: { master: pool },
  async transaction<T>(work: (manager: ReturnType<typeof runner>) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // the transaction's connection, where preparedQuery runs its named statements (as on TypeORM's query runner)
      const result = await work({ ...runner(client), queryRunner: { databaseConnection: client } } as ReturnType<typeof runner>);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  },
} as unknown as DataSource;

const clock = new Clock(config.businessTimeZone);
// one set of read caches for the whole server, as the API's DatabaseModule provides (READ_CACHES too)
const caches = new ReadCaches(config);
const queries = new TaskQueries(dataSource, caches);
const history = new TaskHistory(dataSource, clock);
// plans and departments are only used to create and edit tasks, never by these four requests
const tasks = new TasksService(dataSource, queries, history, undefined as never, undefined as never, clock);
const progress = new TaskProgressService(dataSource, tasks, history, new NotificationsService(dataSource, config), clock);
const rollups = new RollupsService(dataSource, clock, caches);

// ---- authentication: the API's guard without Nest (HS256, verified tokens and users cached) ----
const USER_CACHE_MS = 10_000;
const users = new Map<string, { actor: Actor | null; until: number }>();
const verified = new Map<string, { sub: string; expiresAt: number }>();
const secret = config.jwtSecret;
const unauthorized = () => new DomainError('unauthorized', 'sign in first: a valid bearer token is required');

function subjectOf(token: string): string {
  const known = verified.get(token);
  if (known && known.expiresAt > Date.now()) return known.sub;
  const [head, body, signature] = token.split('.');
  if (!head || !body || !signature) throw unauthorized();
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized();
  const { alg } = JSON.parse(Buffer.from(head, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { sub?: string; exp?: number };
  if (alg !== 'HS256' || typeof claims.sub !== 'string' || (claims.exp !== undefined && claims.exp * 1000 <= Date.now())) throw unauthorized();
  verified.set(token, { sub: claims.sub, expiresAt: claims.exp ? claims.exp * 1000 : Date.now() + USER_CACHE_MS });
  return claims.sub;
}

async function authenticate(header: string | undefined): Promise<Actor> {
  if (!header?.startsWith('Bearer ')) throw unauthorized();
  const sub = subjectOf(header.slice(7).trim());
  const now = Date.now();
  let hit = users.get(sub);
  if (!hit || hit.until <= now) {
    const [user] = /^[0-9a-f-]{36}$/i.test(sub)
      ? await pool.query(`SELECT id, role, department_id AS "departmentId" FROM users WHERE id = $1 AND active`, [sub]).then((r) => r.rows)
      : [];
    hit = { actor: user ?? null, until: now + USER_CACHE_MS };
    users.set(sub, hit);
  }
  if (!hit.actor) throw unauthorized();
  return hit.actor;
}

// ---- the requests, checked as strictly as the API's DTOs check them ----
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const bad = (message: string) => new DomainError('validation', message);
const uuid = (value: string | null, name: string) => {
  if (value !== null && !UUID.test(value)) throw bad(`${name} must be a UUID`);
  return value ?? undefined;
};
const list = (value: string | null) => (value === null ? undefined : value.split(',').map((v) => v.trim()).filter(Boolean));
const whole = (value: string | null, name: string, fallback: number, max: number) => {
  if (value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw bad(`${name} must be a whole number from 1 to ${max}`);
  return n;
};

function taskFilter(query: URLSearchParams): TaskFilter {
  const status = list(query.get('status'));
  if (status?.some((s) => !TASK_STATUSES.includes(s as TaskStatus))) throw bad(`each value in status must be one of ${TASK_STATUSES.join(', ')}`);
  const page: PageQuery = { page: whole(query.get('page'), 'page', 1, Number.MAX_SAFE_INTEGER), limit: whole(query.get('limit'), 'limit', 50, 200) };
  return { ...page, planId: uuid(query.get('planId'), 'planId'), departmentId: uuid(query.get('departmentId'), 'departmentId'), status: status as TaskStatus[] | undefined };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw bad('the request body is too large (at most 1 MB)');
    chunks.push(chunk as Buffer);
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error();
    return body;
  } catch {
    throw bad('the request body is not valid JSON');
  }
}

async function route(req: IncomingMessage): Promise<[number, unknown]> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  if (req.method === 'GET' && path === '/health') return [200, { status: 'ok' }];
  const actor = await authenticate(req.headers.authorization);
  // task reads come as JSON text from PostgreSQL, and go out as they come (as in the API)
  if (req.method === 'GET' && path === '/api/v1/tasks') return [200, new JsonText(await tasks.listJson(taskFilter(url.searchParams)))];
  const one = /^\/api\/v1\/tasks\/([^/]+)(\/updates)?$/.exec(path);
  if (one && req.method === 'GET' && !one[2]) {
    const id = uuid(one[1], 'id')!.toLowerCase();
    return [200, new JsonText(await tasks.getJson(id))];
  }
  if (one && req.method === 'POST' && one[2]) {
    const id = uuid(one[1], 'id')!.toLowerCase();
    const body = await readJson(req);
    if (!Number.isInteger(body.version)) throw bad('version must be an integer number');
    if (body.progressNote !== undefined && (typeof body.progressNote !== 'string' || body.progressNote.length > 10_000)) {
      throw bad('progressNote must be a string of at most 10000 characters');
    }
    const unknown = Object.keys(body).filter((key) => !['version', 'progressNote'].includes(key));
    // the benchmark sends notes only; the API's DTO also takes status, completedOn and documents
    if (unknown.length) throw bad(`${unknown[0]}: not handled by the baseline`);
    return [201, await progress.report(actor, id, { version: body.version as number, progressNote: body.progressNote as string | undefined })];
  }
  if (req.method === 'GET' && path === '/api/v1/rollups') {
    const planIds = list(url.searchParams.get('planId'));
    planIds?.forEach((id) => uuid(id, 'planId'));
    const asOf = url.searchParams.get('asOf') ?? undefined;
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw bad('asOf must be a date written YYYY-MM-DD');
    return [200, new JsonText(await rollups.rollupJson({ planIds, departmentId: uuid(url.searchParams.get('departmentId'), 'departmentId'), asOf }))];
  }
  throw notFound('route', `${req.method} ${path}`);
}

/** A body that is already JSON, as text or UTF-8 bytes. */
class JsonText {
  constructor(readonly text: string | Buffer) {}
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = body instanceof JsonText ? body.text : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

let stopping = false;
const server = createServer((req, res) => {
  route(req).then(
    ([status, body]) => send(res, status, body),
    (error) => {
      if (error instanceof DomainError) {
        const status = STATUS[error.code];
        send(res, status, { statusCode: status, error: STATUS_CODES[status], message: error.message, ...error.details });
      } else {
        if (!stopping) console.error(`baseline: ${error?.message ?? error}`);
        send(res, 500, { statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
      }
    },
  );
});
server.listen(config.port, '127.0.0.1', () => console.log(`baseline on http://127.0.0.1:${config.port}`));

const stop = () => {
  stopping = true;
  server.close(() => pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
