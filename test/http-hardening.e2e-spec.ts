// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it times request limits and slow clients.
import { ArgumentsHost, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CODED_THINGS, codeWord, DEFAULT_ERROR_CODES, ERROR_CODES } from '@app/common';
import { helmetOptions } from '../apps/api/src/configure-app';
import { DATABASE_ERRORS, ErrorFilter, HTTP_CODES } from '../apps/api/src/http/error.filter';
import { signIn, startTestApp, TestEnv } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The API's log lines, as the test captures them from pino's destination stream. */
class LogLines {
  readonly stream = new PassThrough();
  private text = '';
  constructor() {
    this.stream.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
  }
  get raw(): string[] {
    return this.text.split('\n').filter(Boolean);
  }
  get parsed(): Record<string, any>[] {
    return this.raw.map((line) => JSON.parse(line));
  }
  /** Lines are written asynchronously: wait until one matches. */
  async waitFor(match: (line: Record<string, any>) => boolean): Promise<Record<string, any>> {
    for (let i = 0; i < 100; i++) {
      const found = this.parsed.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no such log line');
  }
}

describe('HTTP hardening: headers, CORS, request ids and JSON logs, error codes, hostile input', () => {
  let env: TestEnv;
  let admin: Awaited<ReturnType<typeof signIn>>;
  const logs = new LogLines();

  beforeAll(async () => {
    env = await startTestApp({}, { logStream: logs.stream, logLevel: 'info' });
    admin = await signIn(env, 'admin');
  });
  afterAll(() => env.close());

  describe('security headers', () => {
    it('sends a Content-Security-Policy that allows only this origin’s scripts, inline styles, no framing', async () => {
      const res = await env.http().get('/health').expect(200);
      const csp = Object.fromEntries(
        String(res.headers['content-security-policy']).split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]),
      );
      expect(csp).toEqual({
        'default-src': "'self'",
        'script-src': "'self'",
        'script-src-attr': "'none'",
        'style-src': "'self' 'unsafe-inline'",
        'img-src': "'self' data:",
        'font-src': "'self' data:",
        'connect-src': "'self'",
        'frame-ancestors': "'none'",
        'object-src': "'none'",
        'base-uri': "'self'",
        'form-action': "'self'",
      });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('sends no Strict-Transport-Security outside production (the API is served over plain http there)', async () => {
      const res = await env.http().get('/health').expect(200);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });

    it('asks for HSTS in production: 180 days, this host only, no preload', () => {
      expect(helmetOptions({ nodeEnv: 'production' }).strictTransportSecurity).toEqual({ maxAge: 15_552_000, includeSubDomains: false, preload: false });
      expect(helmetOptions({ nodeEnv: 'development' }).strictTransportSecurity).toBe(false);
    });

    it('serves the Swagger UI under that policy: no inline script, and every script and style it loads answers 200', async () => {
      const page = await env.http().get('/api/docs').expect(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      const html: string = page.text;
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/\bsrc=/); // an inline script would be blocked by script-src 'self'
        expect(body.trim()).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+=/i); // nor an inline event handler (script-src-attr 'none')
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
      for (const asset of assets) {
        expect(asset).not.toMatch(/^(https?:)?\/\//); // same origin only
        const url = new URL(asset, 'http://host/api/docs').pathname; // as the browser resolves it from the page
        await env.http().get(url).expect(200);
      }
      const doc = await env.http().get('/api/docs-json').expect(200);
      expect(doc.body.openapi).toMatch(/^3\./);
    });
  });

  describe('request ids and JSON logs', () => {
    it('gives every answer an X-Request-Id (a new UUID), and every error answer the same id as requestId', async () => {
      const res = await env.http().get('/api/v1/me').expect(401);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'UNAUTHORIZED',
        message: 'sign in first: a valid bearer token is required',
        requestId: res.headers['x-request-id'],
      });
      const ok = await env.http().get('/health').expect(200);
      expect(ok.headers['x-request-id']).toMatch(UUID);
      expect(ok.headers['x-request-id']).not.toBe(res.headers['x-request-id']);
    });

    it('keeps a sane incoming X-Request-Id and replaces one that could forge log lines', async () => {
      const kept = await env.http().get('/api/v1/nothing-here').set('X-Request-Id', 'proxy-7f3a9c21.trace:01').expect(404);
      expect(kept.headers['x-request-id']).toBe('proxy-7f3a9c21.trace:01');
      expect(kept.body.requestId).toBe('proxy-7f3a9c21.trace:01');
      for (const hostile of ['a b c d e f g h', 'x'.repeat(200), 'short', '"}{"level":60']) {
        const res = await env.http().get('/health').set('X-Request-Id', hostile).expect(200);
        expect(res.headers['x-request-id']).toMatch(UUID);
      }
    });

    it('writes every log line of a request as JSON carrying its request id, without its token', async () => {
      const id = `log-test-${Date.now()}`;
      await env.http().get('/api/v1/departments?limit=5000').set(admin.auth).set('X-Request-Id', id).expect(400);
      const completed = await logs.waitFor((l) => l.requestId === id && l.msg === 'request completed');
      expect(completed).toMatchObject({ level: 30, requestId: id, res: { statusCode: 400 } });
      expect(typeof completed.time).toBe('number');
      const incoming = logs.parsed.find((l) => l.requestId === id && l.msg === 'incoming request');
      expect(incoming).toMatchObject({ req: { method: 'GET', url: '/api/v1/departments?limit=5000' } });
      for (const line of logs.raw) expect(() => JSON.parse(line)).not.toThrow();
      expect(logs.raw.join('\n')).not.toContain(admin.token);
    });

    it('writes Nest’s own Logger lines as JSON through the same logger', async () => {
      new Logger('HttpHardeningSpec').warn('a warning from Nest’s Logger');
      const line = await logs.waitFor((l) => l.context === 'HttpHardeningSpec');
      expect(line).toMatchObject({ level: 40, msg: 'a warning from Nest’s Logger' });
    });
  });

  describe('no PostgreSQL text in any answer', () => {
    /** Runs the app's error filter on a real PostgreSQL error, as it would for a request with that id. */
    async function answerTo(sql: string, requestId: string) {
      const error = await env.db.query(sql).then(() => undefined, (e: unknown) => e);
      expect(error).toBeDefined();
      const filter = new ErrorFilter(env.app.get(HttpAdapterHost));
      const fastify = env.app.getHttpAdapter().getInstance();
      const request = { id: requestId, log: fastify.log.child({ requestId }) };
      let sent: { body: any; status: number } | undefined;
      const host = {
        switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
      } as unknown as ArgumentsHost;
      const adapter = env.app.get(HttpAdapterHost).httpAdapter;
      const reply = jest.spyOn(adapter, 'reply').mockImplementation((_res: unknown, body: any, status?: number) => (sent = { body, status: status! }));
      try {
        filter.catch(error, host);
      } finally {
        reply.mockRestore();
      }
      return { error: error as { message: string }, sent: sent! };
    }

    it.each([
      ['a malformed uuid', "SELECT 'not-a-uuid'::uuid", 400, 'VALIDATION_FAILED'],
      ['an impossible date', "SELECT '2024-02-30'::date", 400, 'VALIDATION_FAILED'],
      ['a number out of range', 'SELECT 99999999999::int4', 400, 'VALIDATION_FAILED'],
      ['a duplicate', "CREATE TEMP TABLE dup_probe (x int PRIMARY KEY); INSERT INTO dup_probe VALUES (1), (1)", 409, 'DUPLICATE'],
    ])('answers %s in its own words, and logs the database’s words under the request id', async (_, sql, status, code) => {
      const requestId = `pg-${code}-${Date.now()}-${status}`;
      const { error, sent } = await answerTo(sql, requestId);
      expect(sent.status).toBe(status);
      expect(sent.body).toMatchObject({ statusCode: status, code, requestId });
      expect(sent.body.message).not.toContain(error.message);
      expect(JSON.stringify(sent.body)).not.toMatch(/uuid|int4|integer|syntax|dup_probe|pkey|constraint|relation|column/i);
      const line = await logs.waitFor((l) => l.requestId === requestId);
      expect(line.database.pgMessage).toBe(error.message);
    });

    it('answers an unexpected error 500 with only the request id, the detail in the log', async () => {
      const requestId = `unexpected-${Date.now()}`;
      const filter = new ErrorFilter(env.app.get(HttpAdapterHost));
      const request = { id: requestId, log: env.app.getHttpAdapter().getInstance().log.child({ requestId }) };
      let sent: any;
      const adapter = env.app.get(HttpAdapterHost).httpAdapter;
      const reply = jest.spyOn(adapter, 'reply').mockImplementation((_r: unknown, body: unknown) => (sent = body));
      try {
        filter.catch(new TypeError('secret internals at /srv/app.js:12'), { switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }) } as unknown as ArgumentsHost);
      } finally {
        reply.mockRestore();
      }
      expect(sent).toEqual({ statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL_ERROR', message: `internal error: quote request id ${requestId}`, requestId });
      const line = await logs.waitFor((l) => l.requestId === requestId);
      expect(line).toMatchObject({ level: 50, err: { message: 'secret internals at /srv/app.js:12' } });
    });
  });

  describe('error codes in the OpenAPI document', () => {
    let doc: any;
    beforeAll(async () => {
      doc = (await env.http().get('/api/docs-json').expect(200)).body;
    });

    it('gives every operation the ErrorResponse as its 4XX, 5XX and default answer', () => {
      const schema = doc.components.schemas.ErrorResponse;
      expect(schema.required).toEqual(['statusCode', 'error', 'code', 'message', 'requestId']);
      expect(doc.components.responses.Error.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
      let operations = 0;
      for (const [path, item] of Object.entries<any>(doc.paths)) {
        for (const [method, operation] of Object.entries<any>(item)) {
          operations++;
          for (const status of ['4XX', '5XX', 'default']) {
            expect({ operation: `${method.toUpperCase()} ${path}`, status, response: operation.responses[status] }).toEqual({
              operation: `${method.toUpperCase()} ${path}`,
              status,
              response: { $ref: '#/components/responses/Error' },
            });
          }
        }
      }
      expect(operations).toBeGreaterThan(30);
    });

    it('lists, with its meaning, every code the error filter and the feature code can send', () => {
      const listed: string[] = doc.components.schemas.ErrorResponse.properties.code.enum;
      const description: string = doc.components.schemas.ErrorResponse.properties.code.description;
      const sendable = new Set<string>([
        ...Object.values(HTTP_CODES),
        'HTTP_ERROR',
        ...Object.values(DATABASE_ERRORS).map((e) => e.code),
        ...Object.values(DEFAULT_ERROR_CODES),
        ...CODED_THINGS.flatMap((t) => [`${codeWord(t)}_NOT_FOUND`, `${codeWord(t)}_VERSION_STALE`]),
        ...codesThrownInSources(),
      ]);
      expect(sendable.has('TASK_VERSION_STALE')).toBe(true);
      expect(sendable.has('DUPLICATE')).toBe(true);
      for (const code of sendable) {
        expect({ code, listed: listed.includes(code) }).toEqual({ code, listed: true });
        expect(description).toContain(`\`${code}\`: `);
      }
      for (const code of Object.keys(ERROR_CODES)) expect(listed).toContain(code);
    });

    it('makes <THING>_NOT_FOUND and <THING>_VERSION_STALE only of listed things', () => {
      const named = thingsNamedInSources();
      expect(named).toContain('task');
      for (const thing of named) expect({ thing, coded: CODED_THINGS.includes(thing) }).toEqual({ thing, coded: true });
    });
  });

  describe('hostile input answers 400, never 500', () => {
    it.each([
      ['a body string', () => env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'NUL1', name: 'Sở\u0000Nội vụ' }), 'name'],
      ['a string inside a body array', () => env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'NUL2', name: 'Sở X', aliases: ['ok', 'b\u0000ad'] }), 'aliases.1'],
      ['the search q', () => env.http().get('/api/v1/tasks?q=chuyen%00doi').set(admin.auth), 'q'],
      ['the sign-in e-mail (unauthenticated)', () => env.http().post('/api/v1/auth/login').send({ email: 'a\u0000@x.vn', password: 'whatever-pw' }), 'email'],
      ['a path parameter', () => env.http().get('/api/v1/departments/abc%00def').set(admin.auth), 'id'],
    ])('refuses a NUL character in %s, naming the field', async (_, send, field) => {
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: `${field}: must not contain the NUL character (\\u0000)` });
    });

    it('refuses a NUL character in a task’s title and progress note', async () => {
      const secretariat = await signIn(env, 'secretariat');
      const plan = await env.http().post('/api/v1/plans').set(secretariat.auth).send({ number: 'NUL/KH', kind: 'plan', title: 'Kế hoạch', issuer: 'UBND', issuedOn: '2024-01-10', year: 2024 }).expect(201);
      const title = await env.http().post('/api/v1/tasks').set(secretariat.auth).send({ planId: plan.body.id, code: '1', title: 'Nhiệm vụ\u0000' });
      expect(title.status).toBe(400);
      expect(title.body.message).toBe('title: must not contain the NUL character (\\u0000)');
      const note = await env.http().post('/api/v1/tasks/00000000-0000-4000-8000-000000000000/updates').set(secretariat.auth).send({ progressNote: 'đang\u0000làm' });
      expect(note.status).toBe(400);
      expect(note.body.message).toBe('progressNote: must not contain the NUL character (\\u0000)');
    });

    it('refuses a body of 70,000 unknown keys (under 1 MB), also on the unauthenticated sign-in, without parsing it', async () => {
      const keys = `{${Array.from({ length: 70_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
      for (const path of ['/api/v1/tasks', '/api/v1/auth/login']) {
        const res = await env.http().post(path).set(admin.auth).set('Content-Type', 'application/json').send(keys);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: 'the request body holds more than 5000 keys and items' });
      }
    });

    it('refuses JSON nested 100,000 deep (under 1 MB), also on the unauthenticated sign-in, without parsing it', async () => {
      for (const body of ['['.repeat(100_000), '{"a":'.repeat(100_000), `{"email":${'['.repeat(100_000)}`]) {
        for (const path of ['/api/v1/departments', '/api/v1/auth/login']) {
          const res = await env.http().post(path).set(admin.auth).set('Content-Type', 'application/json').send(body);
          expect(res.status).toBe(400);
          expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: 'the request body nests deeper than 64 levels' });
        }
      }
      // 64 levels pass the check (and are then refused by validation, naming the field)
      const deep = `{"code":"D64","name":${'['.repeat(63)}${']'.repeat(63)}}`;
      const res = await env.http().post('/api/v1/departments').set(admin.auth).set('Content-Type', 'application/json').send(deep).expect(400);
      expect(res.body.message).toMatch(/^name /);
      // brackets inside strings are text, not nesting
      const text = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'BRK', name: `Sở ${'['.repeat(200)}` }).expect(201);
      expect(text.body.name).toHaveLength(203);
    });

    describe.each(['/api/v1/users', '/api/v1/departments', '/api/v1/department-groups', '/api/v1/tasks'])('%s', (path) => {
      it.each(['1e+308', '1e400', '-1', '0', '1.5', 'abc', '100001', '', 'Infinity', '0x10'])('answers page=%s with 400 naming page', async (page) => {
        const res = await env.http().get(`${path}?page=${encodeURIComponent(page)}`).set(admin.auth);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^page /) });
      });

      it.each(['201', '0', '1e+308', '-5'])('answers limit=%s with 400 naming limit', async (limit) => {
        const res = await env.http().get(`${path}?limit=${limit}`).set(admin.auth);
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/^limit /);
      });

      it('answers the last allowed page (100000, 200 a page) with an empty page', async () => {
        const res = await env.http().get(`${path}?page=100000&limit=200`).set(admin.auth).expect(200);
        expect(res.body).toMatchObject({ items: [], page: 100000, limit: 200 });
      });
    });

    it('answers invalid UTF-8, __proto__, constructor and a huge string field without a 500', async () => {
      const invalidUtf8 = Buffer.concat([Buffer.from('{"code":"UTF","name":"S'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]);
      const utf8 = await env.http().post('/api/v1/departments').set(admin.auth).set('Content-Type', 'application/json').send(invalidUtf8);
      expect([201, 400]).toContain(utf8.status);
      for (const body of ['{"code":"P1","name":"P","__proto__":{"role":"admin"}}', '{"code":"P2","name":"P","constructor":{"prototype":{"role":"admin"}}}']) {
        const res = await env.http().post('/api/v1/departments').set(admin.auth).set('Content-Type', 'application/json').send(body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      const huge = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'HUGE', name: 'x'.repeat(900_000) }).expect(400);
      expect(huge.body.message).toMatch(/^name /);
      const hugeQuery = await env.http().get(`/api/v1/tasks?q=${'x'.repeat(8000)}`).set(admin.auth);
      expect(hugeQuery.status).toBe(400);
      expect(hugeQuery.body.message).toMatch(/^q /);
    });
  });

  // last: a second app takes over Nest's (process-wide) Logger
  describe('CORS', () => {
    it('is off by default: no Access-Control-Allow-Origin for any origin', async () => {
      const res = await env.http().get('/health').set('Origin', 'https://tracker.example.gov.vn').expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('with CORS_ORIGINS, allows exactly the listed origins', async () => {
      const cors = await startTestApp({ CORS_ORIGINS: 'https://tracker.example.gov.vn,https://bcd.example.gov.vn' });
      try {
        const listed = await cors.http().get('/health').set('Origin', 'https://bcd.example.gov.vn').expect(200);
        expect(listed.headers['access-control-allow-origin']).toBe('https://bcd.example.gov.vn');
        expect(listed.headers['access-control-allow-credentials']).toBeUndefined();
        const unlisted = await cors.http().get('/health').set('Origin', 'https://evil.example.com').expect(200);
        expect(unlisted.headers['access-control-allow-origin']).toBeUndefined();
        const lookalike = await cors.http().get('/health').set('Origin', 'https://tracker.example.gov.vn.evil.example.com').expect(200);
        expect(lookalike.headers['access-control-allow-origin']).toBeUndefined();
        const preflight = await cors.http().options('/api/v1/tasks').set('Origin', 'https://tracker.example.gov.vn')
          .set('Access-Control-Request-Method', 'PATCH').set('Access-Control-Request-Headers', 'authorization,content-type');
        expect(preflight.status).toBe(204);
        expect(preflight.headers['access-control-allow-origin']).toBe('https://tracker.example.gov.vn');
        expect(preflight.headers['access-control-allow-methods']).toContain('PATCH');
        const refused = await cors.http().options('/api/v1/tasks').set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'PATCH');
        expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      } finally {
        await cors.close();
      }
    });
  });
});

/**
 * The stable codes feature code names in its throws: the last argument of invalid(), forbidden(),
 * conflict() and new DomainError() when it is a literal like 'ACCOUNT_LOCKED'.
 */
/** The things named by notFound('…') and staleVersion('…') in apps/ and libs/. */
function thingsNamedInSources(): string[] {
  const things = new Set<string>();
  for (const file of sourceFiles()) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:notFound|staleVersion)\(\s*'([^']+)'/g)) things.add(match[1]);
  }
  return [...things];
}

function sourceFiles(): string[] {
  const root = join(__dirname, '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'dist') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) files.push(path);
    }
  };
  walk(join(root, 'apps'));
  walk(join(root, 'libs'));
  return files;
}

function codesThrownInSources(): string[] {
  const codes = new Set<string>();
  for (const file of sourceFiles()) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\b(?:invalid|forbidden|conflict|new DomainError)\(/g)) {
      // the call's arguments, up to its closing parenthesis (strings may hold parentheses)
      let depth = 0;
      let end = match.index! + match[0].length - 1;
      let quote: string | undefined;
      for (; end < text.length; end++) {
        const c = text[end];
        if (quote) {
          if (c === '\\') end++;
          else if (c === quote) quote = undefined;
        } else if (c === "'" || c === '"' || c === '`') quote = c;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0) break;
      }
      const last = /,\s*'([A-Z][A-Z0-9_]+)'\s*,?\s*$/.exec(text.slice(match.index!, end));
      if (last) codes.add(last[1]);
    }
  }
  return [...codes];
}
