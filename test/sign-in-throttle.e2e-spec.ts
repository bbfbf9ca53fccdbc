// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it times the sign-in throttle's windows.
import { randomUUID } from 'node:crypto';
import { passwords, TokenService, UsersService } from '@app/users';
import { startTestApp, signIn, TestEnv } from './support/test-app';

const PASSWORD = 'the-right-password';

/** Sign-in counted in Redis before the password check: per account and address, per account, per address. */
describe('sign-in that cannot be hammered', () => {
  describe('behind a trusted proxy (TRUST_PROXY=true): limits 5 per account and address, 12 per account, 60 per address', () => {
    let env: TestEnv;
    let admin: Awaited<ReturnType<typeof signIn>>;
    let n = 0;

    beforeAll(async () => {
      env = await startTestApp({
        TRUST_PROXY: 'true',
        LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS: '5',
        LOGIN_FAILURES_PER_ACCOUNT: '12',
        LOGIN_FAILURES_PER_ADDRESS: '60',
      });
      admin = await signIn(env, 'admin');
    });
    afterAll(() => env.close());
    afterEach(() => jest.restoreAllMocks());

    const newUser = async () => {
      const email = `throttle.${++n}@test.local`;
      const user = await env.app.get(UsersService).create({ email, password: PASSWORD, fullName: 'Throttled', role: 'viewer' });
      return { id: user.id, email };
    };
    const login = (email: string, password: string, address: string) =>
      env.http().post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ email, password });

    it('of 50 parallel wrong passwords for one account from one address, no more than the limit (5) reach the password check; the others answer 429 LOGIN_THROTTLED with Retry-After', async () => {
      const { email } = await newUser();
      const checks = jest.spyOn(passwords, 'matches');
      const answers = await Promise.all(Array.from({ length: 50 }, () => login(email, 'wrong-password', '203.0.113.1')));
      expect(checks.mock.calls.length).toBeLessThanOrEqual(5);
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(checks.mock.calls.length);
      expect(statuses.filter((s) => s === 429)).toHaveLength(50 - checks.mock.calls.length);
      const throttled = answers.find((a) => a.status === 429)!;
      expect(throttled.body).toMatchObject({ statusCode: 429, code: 'LOGIN_THROTTLED', message: expect.stringMatching(/too many failed sign-ins/) });
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(throttled.body.retryAfterSeconds).toBe(Number(throttled.headers['retry-after']));
      // even the right password waits at that address now: the count came before the check
      await login(email, PASSWORD, '203.0.113.1').expect(429);
    });

    it('locking one account never locks another: a second account signs in from the same address', async () => {
      const locked = await newUser();
      const other = await newUser();
      for (let i = 0; i < 6; i++) await login(locked.email, 'wrong-password', '203.0.113.2');
      await login(locked.email, PASSWORD, '203.0.113.2').expect(429);
      const ok = await login(other.email, PASSWORD, '203.0.113.2').expect(200);
      expect(ok.body).toEqual({ accessToken: expect.any(String), mustChangePassword: false });
    });

    it('an attacker without the password cannot lock the user out: from another address the user still signs in', async () => {
      const { email } = await newUser();
      await Promise.all(Array.from({ length: 20 }, () => login(email, 'wrong-password', '198.51.100.66')));
      await login(email, PASSWORD, '198.51.100.66').expect(429);
      await login(email, PASSWORD, '203.0.113.3').expect(200);
    });

    it('a successful sign-in resets the count of its account and address', async () => {
      const { email } = await newUser();
      for (let i = 0; i < 4; i++) await login(email, 'wrong-password', '203.0.113.4').expect(401);
      await login(email, PASSWORD, '203.0.113.4').expect(200);
      for (let i = 0; i < 5; i++) await login(email, 'wrong-password', '203.0.113.4').expect(401);
      await login(email, 'wrong-password', '203.0.113.4').expect(429);
    });

    it('counts two X-Forwarded-For addresses apart when TRUST_PROXY is set', async () => {
      const { email } = await newUser();
      for (let i = 0; i < 5; i++) await login(email, 'wrong-password', '192.0.2.10').expect(401);
      await login(email, 'wrong-password', '192.0.2.10').expect(429);
      await login(email, 'wrong-password', '192.0.2.11').expect(401);
    });

    it('guesses spread over many addresses meet the slower per-account limit for every address, until an admin unlocks the account (POST /users/:id/unlock, admin only)', async () => {
      const user = await newUser();
      // 5 counted at each of two addresses (the 6th at the first is refused before counting), then 2 more: 12
      for (let i = 0; i < 6; i++) await login(user.email, 'wrong-password', '198.51.100.1');
      for (let i = 0; i < 5; i++) await login(user.email, 'wrong-password', '198.51.100.2').expect(401);
      for (let i = 0; i < 2; i++) await login(user.email, 'wrong-password', '198.51.100.3').expect(401);
      const everywhere = await login(user.email, PASSWORD, '198.51.100.4').expect(429);
      expect(everywhere.body.code).toBe('LOGIN_THROTTLED');

      const viewer = await signIn(env, 'viewer');
      await env.http().post(`/api/v1/users/${user.id}/unlock`).set(viewer.auth).expect(403);
      await env.http().post(`/api/v1/users/${randomUUID()}/unlock`).set(admin.auth).expect(404);
      await env.http().post(`/api/v1/users/${user.id}/unlock`).set(admin.auth).expect(204);
      // the account's count and its pairs (the blocked first address too) start afresh
      await login(user.email, PASSWORD, '198.51.100.1').expect(200);
      await login(user.email, PASSWORD, '198.51.100.4').expect(200);
    });

    it('counts a change of one\'s own password as a sign-in attempt (a stolen token cannot guess the current password)', async () => {
      const user = await newUser();
      const token = (await login(user.email, PASSWORD, '198.51.100.20').expect(200)).body.accessToken;
      const change = (current: string) =>
        env.http().post('/api/v1/me/password').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', '198.51.100.20')
          .send({ currentPassword: current, newPassword: 'a-new-long-password' });
      for (let i = 0; i < 5; i++) await change(`guess-${i}`).expect(400);
      const res = await change(PASSWORD).expect(429);
      expect(res.body.code).toBe('LOGIN_THROTTLED');
      expect(res.headers['retry-after']).toBeDefined();
    });
  });

  describe('without TRUST_PROXY: limits 5 per account and address, 10 per address', () => {
    let env: TestEnv;

    beforeAll(async () => {
      env = await startTestApp({ LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS: '5', LOGIN_FAILURES_PER_ADDRESS: '10' });
    });
    afterAll(() => env.close());

    it('ignores X-Forwarded-For: a client cannot pick its own address to escape the count', async () => {
      const email = 'spoof@test.local';
      await env.app.get(UsersService).create({ email, password: PASSWORD, fullName: 'Spoof', role: 'viewer' });
      for (let i = 0; i < 5; i++) {
        await env.http().post('/api/v1/auth/login').set('X-Forwarded-For', `192.0.2.${i}`).send({ email, password: 'wrong-password' }).expect(401);
      }
      await env.http().post('/api/v1/auth/login').set('X-Forwarded-For', '192.0.2.99').send({ email, password: 'wrong-password' }).expect(429);
    });

    it('one address trying many accounts meets the per-address limit (10 here, counting the 6 attempts above)', async () => {
      for (let i = 0; i < 4; i++) {
        await env.http().post('/api/v1/auth/login').send({ email: `nobody.${i}@test.local`, password: 'wrong-password' }).expect(401);
      }
      const res = await env.http().post('/api/v1/auth/login').send({ email: 'nobody.else@test.local', password: 'wrong-password' }).expect(429);
      expect(res.body.code).toBe('LOGIN_THROTTLED');
    });
  });

  it('answers 503 SERVICE_UNAVAILABLE, never 500, to a sign-in or a signed-in request when Redis cannot be reached', async () => {
    const env = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const login = await env.http().post('/api/v1/auth/login').send({ email: 'anyone@test.local', password: 'whatever-it-is' }).expect(503);
      expect(login.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
      const user = await env.app.get(UsersService).create({ email: 'no.redis@test.local', password: PASSWORD, fullName: 'X', role: 'viewer' });
      const token = await env.app.get(TokenService).sign({ id: user.id, tokenVersion: 0 });
      const me = await env.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(503);
      expect(me.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await env.close().catch(() => undefined);
    }
  });
});
