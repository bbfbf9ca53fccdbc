import { JwtService } from '@nestjs/jwt';
import * as jsonwebtoken from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { UsersService } from '@app/users';
import { startSecondApi } from './support/second-api';
import { startTestApp, signIn, TestEnv } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Tokens that expire, can be ended one by one or all at once, in every API process. */
describe('sessions that can be ended', () => {
  let env: TestEnv;
  let second: Awaited<ReturnType<typeof startSecondApi>>;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let n = 0;

  beforeAll(async () => {
    env = await startTestApp();
    second = await startSecondApi(env);
    admin = await signIn(env, 'admin');
  });
  afterAll(async () => {
    await second.close();
    await env.close();
  });

  const newUser = async (role: 'viewer' | 'focal_point' = 'viewer', departmentId: string | null = null) => {
    const email = `session.${++n}@test.local`;
    const user = await env.app.get(UsersService).create({ email, password: 'the-password-1', fullName: 'Session', role, departmentId });
    return { id: user.id, email, password: 'the-password-1' };
  };
  const login = async (email: string, password: string) => (await env.http().post('/api/v1/auth/login').send({ email, password }).expect(200)).body.accessToken as string;
  const version = async (id: string) => (await env.http().get(`/api/v1/users/${id}`).set(admin.auth).expect(200)).body.version as number;

  it('signs tokens that carry exp, a session id (jti) and the user\'s token version (tv)', async () => {
    const user = await newUser();
    const claims = env.app.get(JwtService).decode(await login(user.email, user.password));
    expect(claims).toMatchObject({ sub: user.id, tv: 0, jti: expect.stringMatching(/^[0-9a-f-]{36}$/), exp: expect.any(Number) });
    expect(claims.exp - claims.iat).toBe(12 * 3600);
  });

  it('refuses a token without exp even when signed with the right secret', async () => {
    const user = await newUser();
    const claims = { sub: user.id, tv: 0, jti: randomUUID() };
    const forever = jsonwebtoken.sign(claims, env.config.jwtSecret, { algorithm: 'HS256' });
    const res = await env.http().get('/api/v1/me').set(bearer(forever)).expect(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
    // the same claims with an expiry are accepted: exp is what was missing
    const expiring = jsonwebtoken.sign(claims, env.config.jwtSecret, { algorithm: 'HS256', expiresIn: 60 });
    await env.http().get('/api/v1/me').set(bearer(expiring)).expect(200);
  });

  it('POST /auth/logout ends that token at once in every API process; the user\'s other tokens live on', async () => {
    const user = await newUser();
    const [ending, other] = [await login(user.email, user.password), await login(user.email, user.password)];
    await second.http().get('/api/v1/me').set(bearer(ending)).expect(200); // the second process has it verified and cached
    await env.http().post('/api/v1/auth/logout').set(bearer(ending)).expect(204);
    const there = await second.http().get('/api/v1/me').set(bearer(ending)).expect(401);
    expect(there.body.code).toBe('SESSION_ENDED');
    await env.http().get('/api/v1/me').set(bearer(ending)).expect(401);
    await env.http().post('/api/v1/auth/logout').set(bearer(ending)).expect(401);
    await second.http().get('/api/v1/me').set(bearer(other)).expect(200);
    await env.http().get('/api/v1/me').set(bearer(other)).expect(200);
  });

  it('POST /me/password ends every earlier token of the user in every process and answers a fresh one; the new password signs in, the old one no more', async () => {
    const user = await newUser();
    const [first, secondToken] = [await login(user.email, user.password), await login(user.email, user.password)];
    await second.http().get('/api/v1/me').set(bearer(first)).expect(200);
    const changed = await env.http().post('/api/v1/me/password').set(bearer(first))
      .send({ currentPassword: user.password, newPassword: 'a-brand-new-password' }).expect(200);
    expect(changed.body).toEqual({ accessToken: expect.any(String), mustChangePassword: false });
    for (const api of [env, second]) {
      for (const old of [first, secondToken]) expect((await api.http().get('/api/v1/me').set(bearer(old)).expect(401)).body.code).toBe('SESSION_ENDED');
      await api.http().get('/api/v1/me').set(bearer(changed.body.accessToken)).expect(200);
    }
    await env.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(401);
    await login(user.email, 'a-brand-new-password');
  });

  it('POST /me/password refuses a wrong current password, a new one shorter than 8 characters or equal to the current one, naming the field (400)', async () => {
    const user = await newUser();
    const token = await login(user.email, user.password);
    const change = (body: object) => env.http().post('/api/v1/me/password').set(bearer(token)).send(body).expect(400);
    expect((await change({ currentPassword: 'not-the-password', newPassword: 'long-enough-pw' })).body).toMatchObject({ code: 'CURRENT_PASSWORD_WRONG', message: expect.stringMatching(/^currentPassword/) });
    expect((await change({ currentPassword: user.password, newPassword: 'short' })).body.message).toMatch(/^newPassword/);
    expect((await change({ currentPassword: user.password, newPassword: user.password })).body).toMatchObject({ code: 'PASSWORD_UNCHANGED', message: expect.stringMatching(/^newPassword/) });
    expect((await change({ newPassword: 'long-enough-pw' })).body.message).toMatch(/currentPassword/);
    await env.http().get('/api/v1/me').set(bearer(token)).expect(200);
  });

  describe('an admin\'s change ends the user\'s tokens at once, also in a second API process', () => {
    let deptA: string;
    let deptB: string;

    beforeAll(async () => {
      deptA = (await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'SESS_A', name: 'Sở Phiên A' }).expect(201)).body.id;
      deptB = (await env.http().post('/api/v1/departments').set(admin.auth).send({ code: 'SESS_B', name: 'Sở Phiên B' }).expect(201)).body.id;
    });

    const cases: [string, () => Promise<{ id: string; email: string; password: string }>, (id: string) => object][] = [
      ['a password reset', () => newUser(), () => ({ password: 'reset-by-the-admin' })],
      ['a deactivation', () => newUser(), () => ({ active: false })],
      ['a change of role', () => newUser(), () => ({ role: 'secretariat' })],
      ['a change of department', () => newUser('focal_point', deptA), () => ({ departmentId: deptB })],
    ];
    for (const [change, make, patch] of cases) {
      it(`${change} ends them`, async () => {
        const user = await make();
        const token = await login(user.email, user.password);
        await second.http().get('/api/v1/me').set(bearer(token)).expect(200); // cached in the second process
        await env.http().get('/api/v1/me').set(bearer(token)).expect(200);
        await env.http().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ ...patch(user.id), version: await version(user.id) }).expect(200);
        await second.http().get('/api/v1/me').set(bearer(token)).expect(401);
        await env.http().get('/api/v1/me').set(bearer(token)).expect(401);
      });
    }

    it('a change of name or e-mail keeps them, and the new role is seen at once by every process', async () => {
      const user = await newUser();
      const token = await login(user.email, user.password);
      await second.http().get('/api/v1/me').set(bearer(token)).expect(200);
      await env.http().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ fullName: 'Renamed', email: `renamed.${user.email}`, version: await version(user.id) }).expect(200);
      const me = await second.http().get('/api/v1/me').set(bearer(token)).expect(200);
      expect(me.body).toMatchObject({ fullName: 'Renamed', mustChangePassword: false });
      // and a new role reaches the second process with the next sign-in's token
      await env.http().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ role: 'secretariat', version: await version(user.id) }).expect(200);
      const fresh = await login(`renamed.${user.email}`, user.password);
      await second.http().get('/api/v1/plans').set(bearer(fresh)).expect(200);
      expect((await second.http().get('/api/v1/me').set(bearer(fresh)).expect(200)).body.role).toBe('secretariat');
    });
  });

  describe('users\' version checks', () => {
    it('PATCH /users/:id needs version: 400 naming it when missing, 409 USER_VERSION_STALE when stale', async () => {
      const user = await newUser();
      const missing = await env.http().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ fullName: 'No version' }).expect(400);
      expect(missing.body.message).toMatch(/^version/);
      const stale = await env.http().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ fullName: 'Stale', version: 7 }).expect(409);
      expect(stale.body).toMatchObject({ code: 'USER_VERSION_STALE', currentVersion: 1 });
      const ok = await env.http().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ fullName: 'Fresh', version: 1 }).expect(200);
      expect(ok.body).toMatchObject({ fullName: 'Fresh', version: 2 });
    });

    it('of 10 concurrent edits of one user made on the same version, exactly one applies; the others answer 409 USER_VERSION_STALE', async () => {
      const user = await newUser();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => env.http().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ fullName: `Editor ${i}`, version: 1 })),
      );
      const applied = answers.filter((a) => a.status === 200);
      expect(applied).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual(Array(9).fill('USER_VERSION_STALE'));
      const now = await env.http().get(`/api/v1/users/${user.id}`).set(admin.auth).expect(200);
      expect(now.body).toMatchObject({ fullName: applied[0].body.fullName, version: 2 });
    });
  });

  it('outside production a password an admin chose needs no change: sign-in answers mustChangePassword false', async () => {
    await env.http().post('/api/v1/users').set(admin.auth).send({ email: 'dev.user@test.local', fullName: 'Dev', password: 'chosen-by-admin', role: 'viewer' }).expect(201);
    const res = await env.http().post('/api/v1/auth/login').send({ email: 'dev.user@test.local', password: 'chosen-by-admin' }).expect(200);
    expect(res.body.mustChangePassword).toBe(false);
  });
});

describe('forced password change in production', () => {
  let env: TestEnv;
  const ADMIN_EMAIL = 'first.admin@test.local';
  const ADMIN_PASSWORD = `first-${randomUUID()}`;

  beforeAll(async () => {
    env = await startTestApp({ NODE_ENV: 'production', ADMIN_EMAIL, ADMIN_PASSWORD });
  });
  afterAll(() => env.close());

  it('the first admin, made from ADMIN_PASSWORD, must change it at first sign-in: until then every route but GET /me, POST /me/password and POST /auth/logout answers 403 PASSWORD_CHANGE_REQUIRED', async () => {
    // two API replicas starting together: one makes the admin, the other finds it made
    const users = env.app.get(UsersService);
    const made = await Promise.all([1, 2].map(() => users.ensureFirstAdmin(env.config.adminEmail, env.config.adminPassword)));
    expect(made.filter((user) => user === null)).toHaveLength(1);
    const created = made.find((user) => user !== null);
    expect(created).toMatchObject({ email: ADMIN_EMAIL, mustChangePassword: true });
    const signedIn = await env.http().post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200);
    expect(signedIn.body).toEqual({ accessToken: expect.any(String), mustChangePassword: true });
    const auth = bearer(signedIn.body.accessToken);
    for (const path of ['/api/v1/users', '/api/v1/tasks', '/api/v1/departments']) {
      const res = await env.http().get(path).set(auth).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
    }
    expect((await env.http().get('/admin/queues/api/queues').set(auth).expect(403)).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await env.http().get('/api/v1/me').set(auth).expect(200)).body).toMatchObject({ email: ADMIN_EMAIL, mustChangePassword: true });

    const changed = await env.http().post('/api/v1/me/password').set(auth).send({ currentPassword: ADMIN_PASSWORD, newPassword: 'chosen-by-the-admin-alone' }).expect(200);
    expect(changed.body.mustChangePassword).toBe(false);
    const fresh = bearer(changed.body.accessToken);
    await env.http().get('/api/v1/users').set(fresh).expect(200);
    expect((await env.http().get('/api/v1/me').set(fresh).expect(200)).body.mustChangePassword).toBe(false);
    await env.http().get('/admin/queues/api/queues').set(fresh).expect(200);
    await env.http().post('/api/v1/auth/logout').set(fresh).expect(204);
  });

  it('a password an admin sets (a new user, a reset) must be changed by its user at first sign-in; logout stays open meanwhile', async () => {
    const adminToken = (await env.http().post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: 'chosen-by-the-admin-alone' }).expect(200)).body.accessToken;
    const created = await env.http().post('/api/v1/users').set(bearer(adminToken))
      .send({ email: 'new.user@test.local', fullName: 'New', password: 'chosen-by-admin', role: 'viewer' }).expect(201);
    expect(created.body.mustChangePassword).toBe(true);
    const first = await env.http().post('/api/v1/auth/login').send({ email: 'new.user@test.local', password: 'chosen-by-admin' }).expect(200);
    expect(first.body.mustChangePassword).toBe(true);
    await env.http().get('/api/v1/plans').set(bearer(first.body.accessToken)).expect(403);
    const own = await env.http().post('/api/v1/me/password').set(bearer(first.body.accessToken)).send({ currentPassword: 'chosen-by-admin', newPassword: 'my-own-password' }).expect(200);
    await env.http().get('/api/v1/plans').set(bearer(own.body.accessToken)).expect(200);

    await env.http().patch(`/api/v1/users/${created.body.id}`).set(bearer(adminToken)).send({ password: 'reset-by-admin', version: 2 }).expect(200);
    const afterReset = await env.http().post('/api/v1/auth/login').send({ email: 'new.user@test.local', password: 'reset-by-admin' }).expect(200);
    expect(afterReset.body.mustChangePassword).toBe(true);
    await env.http().get('/api/v1/plans').set(bearer(afterReset.body.accessToken)).expect(403);
    await env.http().post('/api/v1/auth/logout').set(bearer(afterReset.body.accessToken)).expect(204);
  });
});
