import { startTestApp, signIn, TestEnv } from './support/test-app';

describe('platform: sign-in, roles, departments, errors, health, docs', () => {
  let env: TestEnv;
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    env = await startTestApp();
    admin = await signIn(env, 'admin');
  });
  afterAll(() => env.close());

  describe('sign-in', () => {
    it('signs in and tells who I am', async () => {
      const me = await env.http().get('/api/v1/me').set(admin.auth).expect(200);
      expect(me.body).toMatchObject({ id: admin.id, role: 'admin', departmentId: null });
      expect(me.body.passwordHash).toBeUndefined();
    });

    it('answers the same 401 for a wrong password and an unknown user', async () => {
      const created = await env.http().post('/api/v1/users').set(admin.auth)
        .send({ email: 'wrong.pw@test.local', fullName: 'A', password: 'right-password', role: 'viewer' }).expect(201);
      expect(created.body).toMatchObject({ email: 'wrong.pw@test.local', role: 'viewer', version: 1 });
      const wrong = await env.http().post('/api/v1/auth/login').send({ email: 'wrong.pw@test.local', password: 'nope-nope' }).expect(401);
      const unknown = await env.http().post('/api/v1/auth/login').send({ email: 'nobody@test.local', password: 'nope-nope' }).expect(401);
      const { requestId: wrongId, ...wrongAnswer } = wrong.body;
      const { requestId: unknownId, ...unknownAnswer } = unknown.body;
      expect(wrongAnswer).toEqual(unknownAnswer);
      expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'UNAUTHORIZED', message: 'wrong e-mail or password', requestId: wrongId });
      expect(unknownId).not.toBe(wrongId);
    });

    it.each([
      ['missing', undefined],
      ['not bearer', 'Basic abc'],
      ['garbage', 'Bearer not.a.jwt'],
    ])('refuses a %s token with 401', async (_, header) => {
      const req = env.http().get('/api/v1/me');
      if (header) req.set('Authorization', header);
      const res = await req.expect(401);
      expect(res.body.message).toBe('sign in first: a valid bearer token is required');
    });

    it('refuses a tampered and an expired token with 401', async () => {
      const [h, p, s] = admin.token.split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...payload, sub: '00000000-0000-0000-0000-000000000000' })).toString('base64url');
      await env.http().get('/api/v1/me').set('Authorization', `Bearer ${h}.${forged}.${s}`).expect(401);
      const { JwtService } = await import('@nestjs/jwt');
      const expired = await env.app.get(JwtService).signAsync({ sub: admin.id }, { expiresIn: -10 });
      await env.http().get('/api/v1/me').set('Authorization', `Bearer ${expired}`).expect(401);
    });

    it('throttles repeated failed sign-ins for one e-mail', async () => {
      const email = 'throttle@test.local';
      for (let i = 0; i < 5; i++) await env.http().post('/api/v1/auth/login').send({ email, password: 'bad-password' }).expect(401);
      const res = await env.http().post('/api/v1/auth/login').send({ email, password: 'bad-password' }).expect(429);
      expect(res.body.message).toMatch(/too many failed sign-ins/);
    });

    it('creates the first admin only when none exists', async () => {
      const { UsersService } = await import('@app/users');
      const created = await env.app.get(UsersService).ensureFirstAdmin('second.admin@test.local', 'long-enough-pw');
      expect(created).toBeNull();
    });
  });

  describe('role × endpoint matrix', () => {
    let tokens: Record<string, { Authorization: string }>;
    let departmentId: string;

    beforeAll(async () => {
      const dept = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'MATRIX', name: 'Sở Ma trận' }).expect(201);
      departmentId = dept.body.id;
      tokens = {
        admin: admin.auth,
        secretariat: (await signIn(env, 'secretariat')).auth,
        focal_point: (await signIn(env, 'focal_point', departmentId)).auth,
        viewer: (await signIn(env, 'viewer')).auth,
      };
    });

    const n = () => Math.random().toString(36).slice(2, 8).toUpperCase();
    const endpoints: { call: string; allowed: string[]; send: () => [string, string, object?] }[] = [
      { call: 'GET /me', allowed: ['admin', 'secretariat', 'focal_point', 'viewer'], send: () => ['get', '/api/v1/me'] },
      { call: 'GET /departments', allowed: ['admin', 'secretariat', 'focal_point', 'viewer'], send: () => ['get', '/api/v1/departments'] },
      { call: 'POST /departments', allowed: ['admin'], send: () => ['post', '/api/v1/departments', { code: n(), name: `Sở ${n()}` }] },
      { call: 'GET /department-groups', allowed: ['admin', 'secretariat', 'focal_point', 'viewer'], send: () => ['get', '/api/v1/department-groups'] },
      { call: 'POST /department-groups', allowed: ['admin'], send: () => ['post', '/api/v1/department-groups', { code: n(), name: `Nhóm ${n()}` }] },
      { call: 'GET /users', allowed: ['admin'], send: () => ['get', '/api/v1/users'] },
      { call: 'POST /users', allowed: ['admin'], send: () => ['post', '/api/v1/users', { email: `${n()}@test.local`, fullName: 'X', password: 'password-1', role: 'viewer' }] },
    ];

    for (const endpoint of endpoints) {
      for (const role of ['admin', 'secretariat', 'focal_point', 'viewer', 'anonymous']) {
        const expected = role === 'anonymous' ? 401 : endpoint.allowed.includes(role) ? [200, 201] : 403;
        it(`${endpoint.call} as ${role} → ${expected}`, async () => {
          const [method, path, body] = endpoint.send();
          let req = (env.http() as any)[method](path);
          if (role !== 'anonymous') req = req.set(tokens[role]);
          const res = await (body ? req.send(body) : req);
          if (Array.isArray(expected)) expect(expected).toContain(res.status);
          else expect(res.status).toBe(expected);
        });
      }
    }

    it('PATCH /departments/:id and /users/:id are admin-only', async () => {
      await env.http().patch(`/api/v1/departments/${departmentId}`).set(tokens.secretariat).send({ name: 'x' }).expect(403);
      await env.http().patch(`/api/v1/users/${admin.id}`).set(tokens.viewer).send({ fullName: 'x' }).expect(403);
      const ok = await env.http().patch(`/api/v1/departments/${departmentId}`).set(admin.auth).send({ aliases: ['SMT'], version: 1 }).expect(200);
      expect(ok.body).toMatchObject({ aliases: ['SMT'], version: 2 });
    });
  });

  describe('departments and groups', () => {
    it('creates, lists, edits; 409 on a duplicate code or name; stale version 409', async () => {
      const a = await env.http().post('/api/v1/departments').set(admin.auth)
        .send({ code: 'STTTT', name: 'Sở Thông tin và Truyền thông', aliases: ['Sở TTTT', 'Sở TT&TT'] }).expect(201);
      expect(a.body).toMatchObject({ id: expect.any(String), code: 'STTTT', aliases: ['Sở TTTT', 'Sở TT&TT'], version: 1 });
      const dupCode = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'STTTT', name: 'Khác' }).expect(409);
      expect(dupCode.body.message).toBe('a department with this code already exists');
      const dupName = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'OTHER', name: 'Sở Thông tin và Truyền thông' }).expect(409);
      expect(dupName.body.message).toBe('a department with this name already exists');
      await env.http().patch(`/api/v1/departments/${a.body.id}`).set(admin.auth).send({ name: 'Sở TT', version: 7 }).expect(409);

      const b = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'SNV', name: 'Sở Nội vụ' }).expect(201);
      const g = await env.http().post('/api/v1/department-groups').set(admin.auth)
        .send({ code: 'ALL', name: 'Các Sở, ban, ngành; địa phương', departmentIds: [a.body.id] }).expect(201);
      expect(g.body.departmentIds).toEqual([a.body.id]);
      const g2 = await env.http().patch(`/api/v1/department-groups/${g.body.id}`).set(admin.auth)
        .send({ departmentIds: [a.body.id, b.body.id], version: g.body.version }).expect(200);
      expect(g2.body.departmentIds.sort()).toEqual([a.body.id, b.body.id].sort());
      const unknown = await env.http().post('/api/v1/department-groups').set(admin.auth)
        .send({ code: 'BAD', name: 'Bad', departmentIds: ['00000000-0000-4000-8000-000000000000'] }).expect(400);
      expect(unknown.body.message).toMatch(/departmentIds: unknown department 00000000/);

      const list = await env.http().get('/api/v1/departments?limit=1&page=2').set(admin.auth).expect(200);
      expect(list.body).toMatchObject({ page: 2, limit: 1, total: expect.any(Number) });
      expect(list.body.items).toHaveLength(1);
    });

    it('binds a focal point to exactly one department', async () => {
      const noDept = await env.http().post('/api/v1/users').set(admin.auth)
        .send({ email: 'fp@test.local', fullName: 'FP', password: 'password-1', role: 'focal_point' }).expect(400);
      expect(noDept.body.message).toMatch(/^departmentId/);
      const viewerWithDept = await env.http().post('/api/v1/users').set(admin.auth)
        .send({ email: 'v@test.local', fullName: 'V', password: 'password-1', role: 'viewer', departmentId: '00000000-0000-4000-8000-000000000000' }).expect(400);
      expect(viewerWithDept.body.message).toMatch(/^departmentId/);
      const dup = await env.http().post('/api/v1/users').set(admin.auth)
        .send({ email: 'WRONG.PW@test.local', fullName: 'A', password: 'password-1', role: 'viewer' }).expect(409);
      expect(dup.body.message).toBe('a user with this email already exists');
    });
  });

  describe('bad input', () => {
    it('rejects unknown fields and wrong types, naming the field', async () => {
      const extra = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'X1', name: 'X', isAdmin: true }).expect(400);
      expect(extra.body).toEqual({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'isAdmin: unknown field', requestId: extra.headers['x-request-id'] });
      const wrongType = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'X2', name: 42 }).expect(400);
      expect(wrongType.body.message).toMatch(/^name must be/);
      const badAlias = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'X3', name: 'X3', aliases: 'Sở' }).expect(400);
      expect(badAlias.body.message).toMatch(/aliases/);
    });

    it('answers 400 for malformed JSON and 413 for an oversized body', async () => {
      const malformed = await env.http().post('/api/v1/departments').set(admin.auth).set('Content-Type', 'application/json').send('{"code": ').expect(400);
      expect(malformed.body).toEqual({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'the request body is not valid JSON', requestId: malformed.headers['x-request-id'] });
      const big = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'BIG', name: 'x'.repeat(2_000_000) }).expect(413);
      expect(big.body).toEqual({ statusCode: 413, error: 'Payload Too Large', code: 'PAYLOAD_TOO_LARGE', message: 'the request body is too large (at most 1 MB)', requestId: big.headers['x-request-id'] });
      const text = await env.http().post('/api/v1/departments').set(admin.auth).set('Content-Type', 'text/csv').send('code,name').expect(415);
      expect(text.body).toEqual({ statusCode: 415, error: 'Unsupported Media Type', code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the request body as application/json', requestId: text.headers['x-request-id'] });
      const poisoned = await env.http().post('/api/v1/departments').set(admin.auth).set('Content-Type', 'application/json')
        .send('{"code": "P", "name": "P", "__proto__": {"admin": true}}').expect(400);
      expect(poisoned.body.statusCode).toBe(400);
    });

    it('takes an empty body sent as JSON as no body', async () => {
      const run = await env.http().post('/api/v1/reminders/run').set(admin.auth).set('Content-Type', 'application/json').send('').expect(202);
      expect(run.body.jobId).toEqual(expect.any(String));
      const missing = await env.http().post('/api/v1/departments').set(admin.auth).set('Content-Type', 'application/json').send('').expect(400);
      expect(missing.body.message).toMatch(/code/);
    });

    it('stores SQL-looking strings as text', async () => {
      const name = "Sở'; DROP TABLE departments; --";
      const res = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'SQLI', name }).expect(201);
      expect(res.body.name).toBe(name);
      const again = await env.http().get(`/api/v1/departments/${res.body.id}`).set(admin.auth).expect(200);
      expect(again.body.name).toBe(name);
    });

    it('answers 404 in the error shape for unknown routes and ids, 400 for a malformed id', async () => {
      const route = await env.http().get('/api/v1/nothing-here').set(admin.auth).expect(404);
      expect(route.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      const id = await env.http().get('/api/v1/departments/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
      expect(id.body.message).toBe('department 00000000-0000-4000-8000-000000000000 not found');
      const bad = await env.http().get("/api/v1/departments/1' OR '1'='1").set(admin.auth).expect(400);
      expect(bad.body.message).toMatch(/^id must be a UUID/);
    });

    it('rejects a page size over 200', async () => {
      const res = await env.http().get('/api/v1/departments?limit=500').set(admin.auth).expect(400);
      expect(res.body.message).toMatch(/^limit/);
    });
  });

  describe('health and docs', () => {
    it('is healthy with PostgreSQL and Redis up', async () => {
      const res = await env.http().get('/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', database: 'up', redis: 'up' });
    });

    it('serves the OpenAPI document describing every endpoint', async () => {
      const res = await env.http().get('/api/docs-json').expect(200);
      for (const path of ['/api/v1/auth/login', '/api/v1/me', '/api/v1/users', '/api/v1/departments', '/api/v1/department-groups/{id}']) {
        expect(Object.keys(res.body.paths)).toContain(path);
      }
      // the body of POST /departments, whatever its schema is named, describes the aliases
      const ref: string = res.body.paths['/api/v1/departments'].post.requestBody.content['application/json'].schema.$ref;
      expect(res.body.components.schemas[ref.split('/').pop()!].properties).toHaveProperty('aliases');
      await env.http().get('/api/docs').expect(200);
    });
  });
});
