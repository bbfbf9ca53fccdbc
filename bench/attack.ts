/**
 * `npm run attack` — a bounded hostile-input sweep over every operation of the API's OpenAPI
 * document, against an API this script starts for itself.
 *
 * It creates a migrated database of its own (steering_bench_attack_…), starts the API from the
 * sources (apps/api/src/main.ts through ts-node) on 127.0.0.1 with its own Redis prefix
 * (steering-bench-attack-…), a random JWT secret and a random admin password, seeds one of
 * everything through the API (departments, a group, a user of each role, a plan, tasks, a meeting,
 * an extension request and so a notification), signs in as each role and reads /api/docs-json.
 * Then, for EVERY operation, as the first role the operation lets through (and also with no
 * token, a garbage token and an unsigned one), it sends a bounded set of hostile requests:
 *
 *   path parameters   'x', '1e+308', '-1', '2024-02-30', NUL, invalid UTF-8 (raw and %-encoded),
 *                     5,000 characters, '__proto__', a well-formed id that does not exist, …
 *   query parameters  the same, plus wrong types, repeated and bracketed (`p[]=`, `p[a]=`)
 *                     parameters, 8 KB values, `__proto__[x]=` keys, unknown parameters
 *   JSON bodies       every field: wrong types, null, NUL, invalid dates and ids, 1e308, a 1 MB
 *                     string, deep nesting, missing; the whole body: {}, [], not JSON, cut-off
 *                     JSON, invalid UTF-8 bytes, `__proto__` and `constructor` keys, extra
 *                     fields, 100,000-deep arrays and 50,000-deep objects (under the 1 MB limit),
 *                     a wrong content type
 *   uploads           a zip bomb XLSX (a 400 MB cell in 0.4 MB), an XLSX whose merge and data
 *                     validation cover A1:XFD1048576, a 100,000-column CSV, a 20 MB CSV, a file
 *                     that is none of these — after every other operation (a bomb may hold the
 *                     API for minutes), one at a time, /health timed while each is in flight
 *
 * Each request has a time limit (ATTACK_TIMEOUT_MS, 15 s): past it, it is counted as a hang.
 * The sweep stops by itself after ATTACK_DEADLINE_S (240 s) of attacks, whatever is left. It
 * prints the counts by status, and per operation each 5xx and hang with the request that caused
 * it; it exits 1 when there is any 5xx, hang or crash of the API. The API's own log is kept in a
 * file whose path is printed. Everything it made (process, database, Redis keys) is removed at
 * the end, also on an error or Ctrl-C.
 *
 * Settings (environment): ATTACK_TIMEOUT_MS (15000), ATTACK_DEADLINE_S (240), ATTACK_CONCURRENCY
 * (4), ATTACK_ONLY (a substring of "METHOD /path": attack only the matching operations),
 * REDIS_URL, BENCH_DATABASE_SERVER_URL.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, WriteStream } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { createDeflateRaw, crc32 } from 'node:zlib';
import { Workbook } from 'exceljs';
import JSZip from 'jszip';
import { BENCH_QUEUE_PREFIX, deleteBenchRedisKeys, freePort, HOST } from './api-support';
import { BENCH_SERVER_URL, BenchDatabase, createBenchDatabase } from './dataset';

const root = resolve(__dirname, '..');
const REDIS_URL = process.env.REDIS_URL ?? `redis://${HOST}:6379`;
const settings = {
  timeoutMs: Number(process.env.ATTACK_TIMEOUT_MS ?? 15_000),
  deadlineMs: Number(process.env.ATTACK_DEADLINE_S ?? 240) * 1000,
  concurrency: Math.max(1, Number(process.env.ATTACK_CONCURRENCY ?? 4)),
  only: process.env.ATTACK_ONLY,
};
/** Bounds: no operation gets more than this many hostile requests. */
const MAX_PER_OPERATION = 400;
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// HTTP: node:http, not fetch, so that raw bytes (invalid UTF-8, NUL) reach the server as sent

const agent = new Agent({ keepAlive: true, maxSockets: 16 });
let baseUrl = '';

interface Outcome {
  /** The status code, 'hang' (no answer within the time limit) or 'no answer' (connection closed). */
  status: number | 'hang' | 'no answer';
  ms: number;
  /** The start of the answer's body (or the connection error). */
  answer: string;
}

interface Attack {
  method: string;
  /** The request path and query, exactly as sent (latin1: each char one byte). */
  path: string;
  description: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

function send(attack: Attack, timeoutMs = settings.timeoutMs, freshConnection = false): Promise<Outcome> {
  const started = performance.now();
  return new Promise((done) => {
    let settled = false;
    const finish = (status: Outcome['status'], body = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done({ status, ms: performance.now() - started, answer: body });
    };
    const url = new URL(baseUrl);
    const req = httpRequest(
      {
        agent: freshConnection ? false : agent,
        host: url.hostname,
        port: url.port,
        method: attack.method,
        path: attack.path,
        headers: { ...(attack.body ? { 'content-length': String(attack.body.length) } : {}), ...attack.headers },
        insecureHTTPParser: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MB) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        res.on('error', () => finish(res.statusCode ?? 'no answer'));
      },
    );
    const timer = setTimeout(() => {
      finish('hang');
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => finish('no answer', (error as Error).message));
    req.end(attack.body);
  });
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
const jsonHeaders = (token?: string): Record<string, string> => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });

/** A plain JSON call of the set-up (not an attack): fails loudly when it does not answer `expect`. */
async function call<T = any>(method: string, path: string, token: string | undefined, body: unknown, expect: number[]): Promise<T> {
  const out = await send({ method, path, description: 'set-up', headers: jsonHeaders(token), body: body === undefined ? undefined : json(body) }, 60_000);
  if (!expect.includes(out.status as number)) throw new Error(`set-up ${method} ${path} answered ${out.status}: ${out.answer}`);
  return (out.answer ? JSON.parse(out.answer) : undefined) as T;
}

// ---------------------------------------------------------------------------------------------
// The API process, its database and Redis keys

let api: ChildProcess | undefined;
let apiExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
let database: BenchDatabase | undefined;
const prefixes: string[] = [];
let logFile: WriteStream | undefined;
const logPath = join(tmpdir(), `steering-attack-${Date.now()}.log`);

async function startApi(env: NodeJS.ProcessEnv): Promise<void> {
  logFile = createWriteStream(logPath);
  const child = spawn(
    process.execPath,
    ['--heap-growing-percent=30', '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, 'apps/api/src/main.ts')],
    { cwd: root, env: { ...env, TS_NODE_PROJECT: join(root, 'tsconfig.json') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  api = child;
  child.stdout!.pipe(logFile, { end: false });
  child.stderr!.pipe(logFile, { end: false });
  child.once('exit', (code, signal) => (apiExit = { code, signal }));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (apiExit) throw new Error(`the API exited with code ${apiExit.code} before answering (log: ${logPath})`);
    const out = await send({ method: 'GET', path: '/api/v1/me', description: 'ready?' }, 2000);
    if (out.status === 401) return;
    if (Date.now() > deadline) throw new Error(`the API did not answer within 120 s (log: ${logPath})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

let cleaned = false;
async function cleanUp(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  if (api && !apiExit) {
    api.kill('SIGTERM');
    const timer = setTimeout(() => api?.kill('SIGKILL'), 10_000);
    await once(api, 'exit').catch(() => undefined);
    clearTimeout(timer);
  }
  agent.destroy();
  await database?.drop().catch((e) => console.error(`could not drop ${database?.name}: ${e.message}`));
  await deleteBenchRedisKeys(REDIS_URL, prefixes).catch((e) => console.error(`could not delete the Redis keys: ${e.message}`));
  logFile?.end();
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI document

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  example?: unknown;
  nullable?: boolean;
  minimum?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  method: string;
  /** The OpenAPI path, e.g. /api/v1/tasks/{id}. */
  path: string;
  label: string;
  parameters: Parameter[];
  jsonBody?: Schema;
  multipart?: Schema;
}

function operationsOf(doc: any): Operation[] {
  const resolveRef = (s: Schema | undefined): Schema | undefined => {
    if (!s) return s;
    if (s.$ref) return resolveRef(doc.components?.schemas?.[s.$ref.split('/').pop()!]);
    if (s.allOf) return s.allOf.map(resolveRef).reduce<Schema>((all, part) => ({ ...all, ...part, properties: { ...all.properties, ...part?.properties }, required: [...(all.required ?? []), ...(part?.required ?? [])] }), {});
    return s;
  };
  const deep = (s: Schema | undefined, depth = 0): Schema | undefined => {
    const r = resolveRef(s);
    if (!r || depth > 4) return r;
    return {
      ...r,
      items: r.items ? deep(r.items, depth + 1) : undefined,
      properties: r.properties ? Object.fromEntries(Object.entries(r.properties).map(([k, v]) => [k, deep(v, depth + 1)!])) : undefined,
    };
  };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        label: `${method.toUpperCase()} ${path}`,
        parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Parameter) => ({ ...p, schema: deep(p.schema) })),
        jsonBody: content['application/json'] ? deep(content['application/json'].schema) : undefined,
        multipart: content['multipart/form-data'] ? deep(content['multipart/form-data'].schema) : undefined,
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------
// Seeded objects, so that path and body ids can point at things that exist

interface World {
  tokens: Record<Role, string>;
  passwords: Record<Role, string>;
  emails: Record<Role, string>;
  ids: Record<string, string>;
}
const ROLES = ['secretariat', 'admin', 'focal_point', 'viewer'] as const;
type Role = (typeof ROLES)[number];
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** The real id a path parameter or body field most likely means, from its name and the path. */
function realId(name: string, path = ''): string | undefined {
  const n = name.toLowerCase();
  const { ids } = world;
  if (n !== 'id') {
    if (n.includes('group')) return ids.group;
    if (n.includes('department')) return ids.department;
    if (n.includes('plan')) return ids.plan;
    if (n.includes('meeting')) return ids.meeting;
    if (n.includes('task') || n.includes('parent')) return ids.task;
    if (n.includes('user')) return ids.victim;
    return undefined;
  }
  const resource = path.replace(/^\/api\/v1\//, '').split('/')[0];
  return (
    {
      users: ids.victim,
      tasks: ids.task,
      plans: ids.plan,
      departments: ids.department,
      'department-groups': ids.group,
      meetings: ids.meeting,
      notifications: ids.notification,
      'extension-requests': ids.extension,
    }[resource] ?? MISSING_ID
  );
}

let world: World;

async function seed(adminEmail: string, adminPassword: string): Promise<World> {
  const signIn = async (email: string, password: string) => (await call<{ accessToken: string }>('POST', '/api/v1/auth/login', undefined, { email, password }, [200, 201])).accessToken;
  const admin = await signIn(adminEmail, adminPassword);
  const ids: Record<string, string> = {};
  ids.department = (await call('POST', '/api/v1/departments', admin, { code: 'STTTT', name: 'Sở Thông tin và Truyền thông', aliases: ['Sở TT&TT'] }, [201])).id;
  ids.department2 = (await call('POST', '/api/v1/departments', admin, { code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo', aliases: [] }, [201])).id;
  ids.group = (await call('POST', '/api/v1/department-groups', admin, { code: 'ALL', name: 'Các Sở', departmentIds: [ids.department, ids.department2] }, [201])).id;
  const emails = { admin: adminEmail } as Record<Role, string>;
  const passwords = { admin: adminPassword } as Record<Role, string>;
  for (const role of ['secretariat', 'focal_point', 'viewer'] as const) {
    emails[role] = `${role.replace('_', '-')}.attack@bench.local`;
    passwords[role] = randomBytes(12).toString('base64url');
    await call('POST', '/api/v1/users', admin, { email: emails[role], fullName: `Attack ${role}`, password: passwords[role], role, departmentId: role === 'focal_point' ? ids.department : undefined }, [201]);
  }
  ids.victim = (await call('POST', '/api/v1/users', admin, { email: 'victim.attack@bench.local', fullName: 'Victim', password: randomBytes(12).toString('base64url'), role: 'viewer' }, [201])).id;
  const tokens = { admin } as Record<Role, string>;
  for (const role of ['secretariat', 'focal_point', 'viewer'] as const) tokens[role] = await signIn(emails[role], passwords[role]);
  const sec = tokens.secretariat;
  ids.plan = (await call('POST', '/api/v1/plans', sec, { number: '30/KH-BCĐCĐS', kind: 'plan', title: 'Kế hoạch chuyển đổi số năm 2024', issuedOn: '2024-02-06', issuer: 'UBND tỉnh', year: 2024 }, [201])).id;
  ids.task = (await call('POST', '/api/v1/tasks', sec, { planId: ids.plan, code: '1', title: 'Kế hoạch Chuyển đổi số', leadDepartmentId: ids.department, deadlineText: 'Quý IV/2030' }, [201])).id;
  ids.collective = (await call('POST', '/api/v1/tasks', sec, { planId: ids.plan, code: '2', title: 'Nhiệm vụ chung', leadGroupId: ids.group, deadlineText: '31/12/2030' }, [201])).id;
  ids.meeting = (await call('POST', '/api/v1/meetings', sec, { title: 'Phiên họp', heldOn: '2030-07-05', asOf: '2030-06-30', planIds: [ids.plan] }, [201])).id;
  ids.extension = (await call('POST', `/api/v1/tasks/${ids.task}/extension-requests`, tokens.focal_point, { proposedDueDate: '2031-06-30', reason: 'Chờ số liệu' }, [201])).id;
  const inbox = await call('GET', '/api/v1/notifications', sec, undefined, [200]);
  ids.notification = inbox.items?.[0]?.id ?? MISSING_ID;
  return { tokens, passwords, emails, ids };
}

/** Signs in again any role whose token an attack ended (a logout, a role change of the victim…). */
async function keepSignedIn(): Promise<void> {
  for (const role of ROLES) {
    const me = await send({ method: 'GET', path: '/api/v1/me', description: 'still signed in?', headers: jsonHeaders(world.tokens[role]) }, 15_000);
    if (me.status === 200) continue;
    const out = await send({ method: 'POST', path: '/api/v1/auth/login', description: 'sign in again', headers: jsonHeaders(), body: json({ email: world.emails[role], password: world.passwords[role] }) }, 15_000);
    if (out.status === 200 || out.status === 201) world.tokens[role] = JSON.parse(out.answer).accessToken;
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values

const HUGE = 'A'.repeat(MB - 4096); // 1 MB less room for the rest of the body: under the body limit
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
/** Raw bytes that are not UTF-8: a lone continuation byte, an overlong form, a cut-off sequence. */
const INVALID_UTF8 = Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xc0, 0xaf, 0xe2, 0x82]);

/** Values for a path segment: [text sent as is (latin1 bytes), description]. */
const PATH_VALUES: [string, string][] = [
  ['x', "'x'"],
  ['1e%2B308', "'1e+308'"],
  ['-1', "'-1'"],
  ['0', "'0'"],
  ['2024-02-30', "'2024-02-30'"],
  ['%00', 'NUL (%00)'],
  [`${MISSING_ID}%00`, 'a uuid and NUL'],
  ['%C3%28%FF', 'invalid UTF-8, %-encoded'],
  ['\u00c3\u0028\u00ff\u00fe', 'invalid UTF-8, raw bytes'],
  ['a'.repeat(5000), '5,000 characters'],
  ['__proto__', "'__proto__'"],
  ['constructor', "'constructor'"],
  ['..%2F..%2Fetc%2Fpasswd', 'an encoded ../'],
  [MISSING_ID, 'an id that does not exist'],
  ['00000000-0000-0000-0000-00000000000g', 'a uuid with a bad digit'],
];

/** Values for a query parameter: [raw query text after `name=`, description]. */
const QUERY_VALUES: [string, string][] = [
  ['x', "'x'"],
  ['1e%2B308', "'1e+308'"],
  ['1e308', "'1e308'"],
  ['-1', "'-1'"],
  ['0', "'0'"],
  ['99999999999999999999', 'a 20-digit number'],
  ['1.5', "'1.5'"],
  ['2024-02-30', "'2024-02-30'"],
  ['true', "'true'"],
  ['', 'empty'],
  ['%00', 'NUL'],
  ['a%00b', 'NUL inside'],
  ['%C3%28%FF', 'invalid UTF-8, %-encoded'],
  ['\u00c3\u0028\u00ff', 'invalid UTF-8, raw bytes'],
  ['a'.repeat(8000), '8,000 characters'],
  ['__proto__', "'__proto__'"],
  [MISSING_ID, 'an id that does not exist'],
];

/** Wrong or hostile values of one JSON field. */
function fieldValues(schema: Schema | undefined): [unknown | { raw: string }, string][] {
  const type = schema?.type;
  const values: [unknown | { raw: string }, string][] = [
    [null, 'null'],
    [true, 'a boolean'],
    [{}, 'an object'],
    [[], 'an array'],
    [{ raw: '{"__proto__":{"polluted":true}}' }, 'an object with __proto__'],
    [{ raw: deepArray(20_000) }, '20,000-deep array'],
    ['\u0000', 'NUL'],
    ['a\u0000b', 'NUL inside'],
    [HUGE, '1 MB string'],
    ['x', "'x'"],
    ['2024-02-30', "'2024-02-30'"],
    ['1e+308', "'1e+308'"],
    [{ raw: '1e308' }, '1e308'],
    [{ raw: '-1e308' }, '-1e308'],
    [-1, '-1'],
    [1.5, '1.5'],
    [2 ** 53 + 1, '2^53+1'],
    [MISSING_ID, 'an id that does not exist'],
  ];
  if (type === 'string' || !type) values.push([123, 'a number']);
  if (type === 'array') values.push([[null], '[null]'], [['\u0000'], '[NUL]'], [Array(10_000).fill(MISSING_ID), '10,000 ids']);
  return values;
}

/** A plausible value of a field, so that one hostile field at a time meets valid others. */
function plausible(name: string, schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 3) return 'x';
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  const n = name.toLowerCase();
  switch (schema.type) {
    case 'integer':
    case 'number':
      return n === 'version' ? 1 : n === 'year' ? 2024 : Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? [plausible(name.replace(/Ids$/, 'Id'), schema.items, depth + 1)] : [];
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, plausible(k, v, depth + 1)]));
    default:
      if (schema.format === 'uuid' || n.endsWith('id')) return realId(name) ?? MISSING_ID;
      if (schema.format === 'date' || /(on|date)$/i.test(name)) return '2030-06-30';
      if (n.includes('email')) return 'someone@bench.local';
      if (n.includes('password')) return 'not-the-password-1';
      return `attack ${name}`;
  }
}

/** JSON text of an object with one field's value replaced by raw JSON text. */
function withRaw(base: Record<string, unknown>, field: string, raw: string): string {
  const marker = `"@@RAW-${randomBytes(4).toString('hex')}@@"`;
  return JSON.stringify({ ...base, [field]: JSON.parse(marker) }).replace(marker, raw);
}

// ---------------------------------------------------------------------------------------------
// Upload attacks (built here, small; the bomb is built by streaming, never held uncompressed)

const XLSX_PARTS = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml':
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Nhiệm vụ" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
};

/** Deflates `chunks` (a generator of the uncompressed bytes) without ever holding them whole. */
async function deflateStream(chunks: Iterable<Buffer>): Promise<{ compressed: Buffer; crc: number; size: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  let crc = 0;
  let size = 0;
  for (const chunk of chunks) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflate.write(chunk)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  return { compressed: Buffer.concat(out), crc, size };
}

/** A ZIP (deflate) of entries given already compressed: the container written by hand, as the format says. */
function zipOf(entries: { name: string; compressed: Buffer; crc: number; size: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An XLSX whose one cell holds 400 MB of 'A': about 0.4 MB on the wire. */
async function zipBomb(): Promise<Buffer> {
  const sheetStart = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c><c r="B1" t="inlineStr"><is><t>';
  const sheetEnd = '</t></is></c></row></sheetData></worksheet>';
  const block = Buffer.alloc(MB, 'A');
  function* sheet() {
    yield Buffer.from(sheetStart);
    for (let i = 0; i < 400; i++) yield block;
    yield Buffer.from(sheetEnd);
  }
  const parts = await Promise.all(Object.entries(XLSX_PARTS).map(async ([name, text]) => ({ name, ...(await deflateStream([Buffer.from(text)])) })));
  return zipOf([...parts, { name: 'xl/worksheets/sheet1.xml', ...(await deflateStream(sheet())) }]);
}

/** A small task table whose sheet declares a merge and a data validation over the whole sheet. */
async function wholeSheetMerge(): Promise<Buffer> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('Nhiệm vụ');
  ws.addRow(['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn']);
  ws.addRow([1, 'Nhiệm vụ', 'Sở Thông tin và Truyền thông', 'Quý IV/2030']);
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  const path = 'xl/worksheets/sheet1.xml';
  const xml = await zip.file(path)!.async('string');
  const everything = 'A1:XFD1048576';
  zip.file(
    path,
    xml.replace(
      '</sheetData>',
      `</sheetData><mergeCells count="1"><mergeCell ref="${everything}"/></mergeCells>` +
        `<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="${everything}"><formula1>"a,b"</formula1></dataValidation></dataValidations>`,
    ),
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function manyColumnsCsv(columns: number): Buffer {
  const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
  return Buffer.from(`${header}\r\n${'1,'.repeat(columns - 1)}1\r\n`);
}

function bigCsv(bytes: number): Buffer {
  const line = Buffer.from('1,Nhiệm vụ rất dài để làm đầy tệp,Sở Thông tin và Truyền thông,Quý IV/2030\r\n');
  const header = Buffer.from('STT,Nội dung nhiệm vụ,Đơn vị chủ trì,Thời hạn\r\n');
  return Buffer.concat([header, ...Array(Math.ceil(bytes / line.length)).fill(line)]);
}

function multipart(field: string, fileName: string, type: string, content: Buffer): { headers: Record<string, string>; body: Buffer } {
  const boundary = `----attack${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body };
}

// ---------------------------------------------------------------------------------------------
// Attacks of one operation

function fillPath(op: Operation, override?: { name: string; raw: string }): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (override?.name === name ? override.raw : realId(name, op.path) ?? MISSING_ID));
}

function baseQuery(op: Operation): string {
  return op.parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${p.name}=${encodeURIComponent(String(plausible(p.name, p.schema)))}`)
    .join('&');
}

const MANY_KEYS_ROUTES = ['POST /api/v1/auth/login', 'POST /api/v1/tasks'];

function attacksOf(op: Operation, token: string | undefined): Attack[] {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const attacks: Attack[] = [];
  const path = fillPath(op);
  const query = baseQuery(op);
  const withQuery = (p: string, extra: string) => `${p}${[query, extra].filter(Boolean).length ? '?' : ''}${[query, extra].filter(Boolean).join('&')}`;
  const baseBody = op.jsonBody ? (plausible('body', op.jsonBody) as Record<string, unknown>) : undefined;
  const bodyOf = (b?: Buffer) => (b ?? (baseBody ? json(baseBody) : undefined));
  const headersOf = (b?: Buffer): Record<string, string> => ({ ...auth, ...(b || baseBody ? { 'content-type': 'application/json' } : {}) });
  const add = (description: string, p: string, body?: Buffer, headers?: Record<string, string>) =>
    attacks.push({ method: op.method, path: p, description, body: bodyOf(body), headers: headers ?? headersOf(body) });

  // who is asking
  attacks.push({ method: op.method, path: withQuery(path, ''), description: 'no token', headers: { 'content-type': 'application/json' }, body: bodyOf() });
  attacks.push({ method: op.method, path: withQuery(path, ''), description: 'a garbage token', headers: { authorization: 'Bearer x.y.z', 'content-type': 'application/json' }, body: bodyOf() });
  const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: world.ids.victim, role: 'admin', exp: 4102444800 })).toString('base64url')}.`;
  attacks.push({ method: op.method, path: withQuery(path, ''), description: 'an unsigned (alg none) admin token', headers: { authorization: `Bearer ${unsigned}`, 'content-type': 'application/json' }, body: bodyOf() });

  // path parameters
  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    for (const [raw, what] of PATH_VALUES) add(`path ${param.name} = ${what}`, withQuery(fillPath(op, { name: param.name, raw }), ''));
  }

  // query parameters
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  for (const param of queryParams) {
    const others = (p: string) => query.split('&').filter((kv) => kv && !kv.startsWith(`${param.name}=`)).concat(p).join('&');
    for (const [raw, what] of QUERY_VALUES) add(`query ${param.name} = ${what}`, `${path}?${others(`${param.name}=${raw}`)}`);
    add(`query ${param.name} twice`, `${path}?${others(`${param.name}=1&${param.name}=2`)}`);
    add(`query ${param.name}[]`, `${path}?${others(`${param.name}[]=1`)}`);
    add(`query ${param.name}[a]`, `${path}?${others(`${param.name}[a]=1`)}`);
    add(`query ${param.name}[__proto__]`, `${path}?${others(`${param.name}[__proto__][x]=1`)}`);
  }
  if (op.method === 'GET') {
    add('query __proto__[x]', withQuery(path, '__proto__[x]=1'));
    add('query constructor[prototype][x]', withQuery(path, 'constructor[prototype][x]=1'));
    add('an unknown query parameter', withQuery(path, 'unknownParameter=1'));
    add('100 KB query (over the header limit)', withQuery(path, `q=${'a'.repeat(100_000)}`));
  }

  // JSON bodies
  if (op.jsonBody && baseBody && typeof baseBody === 'object') {
    const raw = (text: string | Buffer) => (typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    add('body {}', path, raw('{}'));
    add('body []', path, raw('[]'));
    add('body null', path, raw('null'));
    add('body "text"', path, raw('"text"'));
    add('body 1e308', path, raw('1e308'));
    add('body not JSON', path, raw('not json'));
    add('body cut-off JSON', path, raw('{"a":'));
    add('body with invalid UTF-8 bytes in a string', path, Buffer.concat([raw('{"x":"'), INVALID_UTF8, raw('"}')]));
    add('body with invalid UTF-8 bytes as a key', path, Buffer.concat([raw('{"'), INVALID_UTF8, raw('":1}')]));
    add('body with a __proto__ key', path, raw(withRaw(baseBody, '__proto__', '{"role":"admin","polluted":true}')));
    add('body with a constructor.prototype key', path, raw(withRaw(baseBody, 'constructor', '{"prototype":{"polluted":true}}')));
    add('body with extra fields', path, json({ ...baseBody, extra: 'x', role: 'admin', isAdmin: true, id: MISSING_ID }));
    add('body of a 100,000-deep array', path, raw(deepArray(100_000)));
    add('body of a 50,000-deep object', path, raw(deepObject(50_000)));
    // many unknown keys cost the validation dearly: the full 70,000 (0.8 MB) only where it hurts
    // most (sign-in, open to anyone) and on one signed-in route; 1,000 elsewhere, to stay bounded
    const keys = MANY_KEYS_ROUTES.includes(op.label) ? 70_000 : 1_000;
    add(`body of ${keys.toLocaleString('en-US')} unknown keys`, path, raw(`{${Array.from({ length: keys }, (_, i) => `"k${String(i).padStart(5, '0')}":0`).join(',')}}`));
    add('body over 1 MB', path, raw(JSON.stringify({ x: 'A'.repeat(MB + 10) })));
    add('JSON sent as text/plain', path, json(baseBody), { ...auth, 'content-type': 'text/plain' });
    add('JSON with charset=latin1', path, json(baseBody), { ...auth, 'content-type': 'application/json; charset=latin1' });
    add('JSON sent as application/x-www-form-urlencoded', path, raw('a=1&__proto__[x]=1'), { ...auth, 'content-type': 'application/x-www-form-urlencoded' });
    add('an empty JSON body', path, Buffer.alloc(0), { ...auth, 'content-type': 'application/json', 'content-length': '0' });
    const fields = Object.entries(op.jsonBody.properties ?? {});
    for (const [field, schema] of fields) {
      const { [field]: _, ...without } = baseBody;
      add(`body without ${field}`, path, json(without));
      for (const [value, what] of fieldValues(schema)) {
        const text = value && typeof value === 'object' && 'raw' in (value as object) ? withRaw(baseBody, field, (value as { raw: string }).raw) : JSON.stringify({ ...baseBody, [field]: value });
        add(`body ${field} = ${what}`, path, raw(text));
      }
      // one level down: the fields of objects in an array (e.g. outputDocuments[].issuedOn)
      const item = schema.type === 'array' ? schema.items : schema.type === 'object' ? schema : undefined;
      for (const [sub, subSchema] of Object.entries(item?.properties ?? {})) {
        const inner = plausible(field, item) as Record<string, unknown>;
        for (const [value, what] of fieldValues(subSchema).filter(([, w]) => !['1 MB string', '20,000-deep array', '10,000 ids'].includes(w))) {
          const hostile = { ...inner, [sub]: value && typeof value === 'object' && 'raw' in (value as object) ? null : value };
          add(`body ${field}${schema.type === 'array' ? '[]' : ''}.${sub} = ${what}`, path, json({ ...baseBody, [field]: schema.type === 'array' ? [hostile] : hostile }));
        }
      }
    }
  } else if (['POST', 'PATCH', 'PUT'].includes(op.method) && !op.multipart) {
    add('an unexpected body of a 100,000-deep array', path, Buffer.from(deepArray(100_000)));
    add('an unexpected body with NUL', path, Buffer.from('{"x":"\\u0000"}'));
  }
  return attacks.slice(0, MAX_PER_OPERATION);
}

async function uploadAttacksOf(op: Operation, token: string): Promise<Attack[]> {
  const field = Object.entries(op.multipart?.properties ?? {}).find(([, s]) => s.format === 'binary')?.[0] ?? 'file';
  const path = `${fillPath(op)}?${op.parameters.some((p) => p.name === 'dryRun') ? 'dryRun=true' : ''}`;
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const files: [string, string, string, Buffer][] = [
    ['a zip bomb XLSX', 'bomb.xlsx', xlsx, await zipBomb()],
    ['an XLSX with a merge and a validation over A1:XFD1048576', 'merge.xlsx', xlsx, await wholeSheetMerge()],
    ['a 100,000-column CSV', 'columns.csv', 'text/csv', manyColumnsCsv(100_000)],
    ['a 20 MB CSV', 'big.csv', 'text/csv', bigCsv(20 * MB)],
    ['a file that is neither CSV nor XLSX', 'x.pdf', 'application/pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), INVALID_UTF8, Buffer.from('\u0000')])],
    ['an XLSX that is a broken ZIP', 'broken.xlsx', xlsx, Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(2000)])],
  ];
  const attacks: Attack[] = files.map(([description, name, type, content]) => {
    const form = multipart(field, name, type, content);
    return { method: op.method, path, description: `upload: ${description} (${(content.length / MB).toFixed(2)} MB)`, headers: { ...form.headers, authorization: `Bearer ${token}` }, body: form.body };
  });
  attacks.push({ method: op.method, path, description: 'upload: a multipart body without a boundary', headers: { 'content-type': 'multipart/form-data', authorization: `Bearer ${token}` }, body: Buffer.from('--x\r\n\r\n') });
  attacks.push({ method: op.method, path, description: 'upload: a multipart body cut off', headers: { 'content-type': 'multipart/form-data; boundary=zz', authorization: `Bearer ${token}` }, body: Buffer.from('--zz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nSTT') });
  return attacks;
}

// ---------------------------------------------------------------------------------------------
// The sweep

/** What is kept of each hostile request (never its body: some are 20 MB). */
interface Result extends Outcome {
  operation: string;
  role: string;
  method: string;
  path: string;
  description: string;
}
const resultOf = (attack: Attack, outcome: Outcome, operation: string, role: string): Result => ({
  operation,
  role,
  method: attack.method,
  path: attack.path.length > 200 ? `${attack.path.slice(0, 160)}… (${attack.path.length} characters)` : attack.path,
  description: attack.description,
  ...outcome,
  answer: outcome.answer.slice(0, 300),
});
const results: Result[] = [];
const healthDuringUploads: { attack: string; healthMs: number | 'hang'; attackMs: number | 'hang' }[] = [];
const skippedOperations: string[] = [];
/** When /health stopped answering for 30 s (the sweep stops there). */
const unresponsive: string[] = [];
let sweepStarted = Date.now();
const allOperations: string[] = [];
const timeLeft = () => settings.deadlineMs - (Date.now() - sweepStarted);
let planned = 0;

async function runAll(operation: string, role: string, attacks: Attack[], opDeadline: number): Promise<void> {
  planned += attacks.length;
  const mine: { attack: Attack; result: Result }[] = [];
  let next = 0;
  const lane = async () => {
    while (next < attacks.length && timeLeft() > 0 && Date.now() < opDeadline && !apiExit) {
      const attack = attacks[next++];
      let outcome = await send(attack);
      // a kept-alive connection the server had just closed (after a 413, 431…) is not an answer:
      // try once more on a connection of its own
      if (outcome.status === 'no answer') outcome = await send(attack, settings.timeoutMs, true);
      mine.push({ attack, result: resultOf(attack, outcome, operation, role) });
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, lane));
  // while one request holds the API, those beside it hang too: send each hung one again, alone,
  // once the API answers /health, so that a hang is pinned on the request that caused it
  for (const entry of mine) {
    if (entry.result.status !== 'hang' || apiExit) continue;
    if (!(await healthy(30_000))) break;
    const alone = await send(entry.attack);
    if (alone.status !== 'hang') {
      const note = ` (hung beside another request; alone it answered ${alone.status} in ${(alone.ms / 1000).toFixed(1)} s)`;
      entry.result = { ...resultOf(entry.attack, alone, operation, role), description: entry.attack.description + note };
    }
  }
  results.push(...mine.map((m) => m.result));
}

/** Whether /health answers within `withinMs` (polled): the API is free again. */
async function healthy(withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until && !apiExit) {
    if ((await send({ method: 'GET', path: '/health', description: 'health' }, 5000)).status === 200) return true;
  }
  return false;
}

/** The first role (in ROLES order) the operation does not refuse with 401/403, and the answer it gave. */
async function roleFor(op: Operation): Promise<Role | undefined> {
  for (const role of ROLES) {
    const headers = { authorization: `Bearer ${world.tokens[role]}`, 'content-type': 'application/json' };
    // an empty JSON object: enough to pass or fail the guard; refused by validation if anything
    const out = await send({ method: op.method, path: fillPath(op), description: 'role probe', headers, body: op.method === 'GET' ? undefined : Buffer.from('{}') });
    if (out.status !== 401 && out.status !== 403) return role;
  }
  return undefined;
}

function printReport(): boolean {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(String(r.status), (counts.get(String(r.status)) ?? 0) + 1);
  const bad = results.filter((r) => r.status === 'hang' || (typeof r.status === 'number' && r.status >= 500));
  const noAnswer = results.filter((r) => r.status === 'no answer');
  const elapsed = ((Date.now() - sweepStarted) / 1000).toFixed(0);
  const notAttacked = allOperations.filter((label) => !results.some((r) => r.operation === label));
  console.log(`\n=== ${results.length} hostile requests of ${planned} planned, in ${elapsed} s${timeLeft() <= 0 ? ' (stopped by the time limit: ATTACK_DEADLINE_S)' : ''} ===`);
  console.log(`by status: ${[...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}: ${n}`).join(', ')}`);
  const fiveXx = bad.filter((r) => r.status !== 'hang').length;
  const hangs = bad.length - fiveXx;
  console.log(`5xx: ${fiveXx}   hangs (no answer within ${settings.timeoutMs / 1000} s): ${hangs}   connections closed without an answer: ${noAnswer.length}${apiExit ? `   THE API EXITED (code ${apiExit.code}, signal ${apiExit.signal})` : ''}`);
  if (notAttacked.length) console.log(`operations not reached before the time limit: ${notAttacked.join(', ')}`);
  if (unresponsive.length) console.log(`THE API STOPPED ANSWERING /health for 30 s ${unresponsive.join('; ')}: the sweep stopped there`);
  if (skippedOperations.length) console.log(`operations refused to every role (attacked without a token only): ${skippedOperations.join(', ')}`);
  if (healthDuringUploads.length) {
    console.log('\n/health while each upload attack was in flight:');
    for (const h of healthDuringUploads) console.log(`  ${typeof h.healthMs === 'number' ? `${h.healthMs.toFixed(0)} ms` : 'HANG'}  (attack answered in ${typeof h.attackMs === 'number' ? `${(h.attackMs / 1000).toFixed(1)} s` : 'HANG'})  ${h.attack}`);
  }
  const byOperation = new Map<string, Result[]>();
  for (const r of [...bad, ...noAnswer]) byOperation.set(r.operation, [...(byOperation.get(r.operation) ?? []), r]);
  if (byOperation.size) console.log('\nper operation, each 5xx, hang or unanswered request (as role; what was sent; the answer):');
  for (const [operation, list] of byOperation) {
    console.log(`  ${operation}  (${list.length}${list.length > 30 ? ', the first 30 shown' : ''})`);
    for (const r of list.slice(0, 30)) {
      const shown = r.path.length > 120 ? `${r.path.slice(0, 117)}...` : r.path;
      console.log(`    ${String(r.status).padEnd(9)} ${r.role.padEnd(11)} ${r.method} ${JSON.stringify(shown).slice(1, -1)}  — ${r.description}${r.status !== 'hang' ? `  → ${r.answer.slice(0, 160)}` : ''}`);
    }
  }
  const slowest = results.filter((r) => r.status !== 'hang').sort((a, b) => b.ms - a.ms).slice(0, 8);
  console.log('\nslowest answered requests:');
  for (const r of slowest) console.log(`  ${(r.ms / 1000).toFixed(2)} s  ${r.status}  ${r.operation} — ${r.description}`);
  console.log(`\nthe API's log: ${logPath}`);
  return bad.length === 0 && !apiExit && unresponsive.length === 0;
}

async function main(): Promise<void> {
  const stop = (signal: string) => {
    console.error(`\n${signal}: cleaning up`);
    cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  database = await createBenchDatabase(BENCH_SERVER_URL, 'attack');
  const prefix = `${BENCH_QUEUE_PREFIX}attack-${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  const port = await freePort();
  baseUrl = `http://${HOST}:${port}`;
  const adminEmail = 'admin.attack@bench.local';
  const adminPassword = randomBytes(18).toString('base64url');
  console.log(`database ${database.name}, Redis prefix ${prefix}, API on ${baseUrl} (log: ${logPath})`);
  await startApi(
    {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      HOST,
      PORT: String(port),
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      REMINDER_CRON: '0 7 1 1 *',
    },
  );
  world = await seed(adminEmail, adminPassword);
  const docs = await fetch(`${baseUrl}/api/docs-json`);
  if (docs.status !== 200) throw new Error(`/api/docs-json answered ${docs.status}`);
  const doc = await docs.json();
  let operations = operationsOf(doc);
  if (settings.only) operations = operations.filter((op) => op.label.includes(settings.only!));
  // session-ending operations last, so that they end nothing the others need
  const last = (op: Operation) => (/logout|password/.test(op.path) ? 1 : 0);
  operations.sort((a, b) => last(a) - last(b));
  allOperations.push(...operations.map((op) => op.label));
  console.log(`${operations.length} operations in /api/docs-json; signed in as ${ROLES.join(', ')}; ${settings.concurrency} at a time, ${settings.timeoutMs / 1000} s per request, ${settings.deadlineMs / 1000} s in all`);

  sweepStarted = Date.now();
  // uploads last: a bomb can hold the API for minutes, and must not starve the other operations
  const uploadReserveMs = Math.min(90_000, settings.deadlineMs / 3);
  const uploads: { op: Operation; role: Role }[] = [];
  for (const [index, op] of operations.entries()) {
    const phaseLeft = timeLeft() - uploadReserveMs;
    if (phaseLeft <= 0 || apiExit) break;
    if (!(await healthy(30_000))) {
      unresponsive.push(`before ${op.label}`);
      break;
    }
    // each operation its share of the time left (twice the even share: most need far less),
    // so that one slow operation cannot starve the others
    const opDeadline = Date.now() + Math.max(15_000, (2 * phaseLeft) / (operations.length - index));
    const role = await roleFor(op);
    if (!role) skippedOperations.push(op.label);
    if (last(op)) await keepSignedIn(); // the probe itself may have signed the role out
    const token = role ? world.tokens[role] : undefined;
    const before = results.length;
    await runAll(op.label, role ?? 'none', attacksOf(op, token), opDeadline);
    if (op.multipart && role) uploads.push({ op, role });
    const ran = results.slice(before);
    const fails = ran.filter((r) => r.status === 'hang' || (typeof r.status === 'number' && r.status >= 500)).length;
    console.log(`  ${op.label.padEnd(58)} as ${(role ?? 'none').padEnd(11)} ${String(ran.length).padStart(4)} requests${fails ? `  ${fails} 5xx/hang` : ''}`);
    if (!apiExit) await keepSignedIn();
  }
  for (const { op, role } of uploads) {
    await keepSignedIn();
    for (const attack of await uploadAttacksOf(op, world.tokens[role])) {
      if (timeLeft() <= 0 || apiExit) break;
      if (!(await healthy(30_000))) {
        unresponsive.push(`after the previous upload attack (${results[results.length - 1]?.description})`);
        break;
      }
      planned++;
      // one upload at a time, and /health asked 200 ms into it: does everyone else still get answers?
      const pending = send(attack);
      await new Promise((r) => setTimeout(r, 200));
      const health = await send({ method: 'GET', path: '/health', description: '/health during an upload attack' });
      const outcome = await pending;
      results.push(resultOf(attack, outcome, op.label, role));
      healthDuringUploads.push({ attack: attack.description, healthMs: health.status === 'hang' ? 'hang' : health.ms, attackMs: outcome.status === 'hang' ? 'hang' : outcome.ms });
      console.log(`  ${op.label} ${attack.description}: ${outcome.status}${outcome.status === 'hang' ? '' : ` in ${(outcome.ms / 1000).toFixed(1)} s`}`);
    }
  }
  const ok = printReport();
  await cleanUp();
  process.exit(ok ? 0 : 1);

}

main().catch(async (error) => {
  console.error(`attack failed: ${error?.stack ?? error}`);
  await cleanUp();
  process.exit(2);
});
