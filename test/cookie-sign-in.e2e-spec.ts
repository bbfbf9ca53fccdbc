// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): its many sign-ins in a row run against the sign-in throttle's windows.
import { NotificationsService } from '@app/notifications';
import { UsersService } from '@app/users';
import { startTestApp, signIn, TestEnv } from './support/test-app';

/** The web pages' sign-in: a cookie page scripts cannot read, whose changes must come from this origin. */
describe('sign-in by cookie for the web pages', () => {
  let env: TestEnv;
  let n = 0;
  /** The host a browser asks for, and the origin its pages send (supertest's own port changes per request). */
  const HOST = 'tracker.local:3000';
  const ownOrigin = `http://${HOST}`;

  beforeAll(async () => {
    env = await startTestApp({ CORS_ORIGINS: 'https://portal.example.gov.vn' });
  });
  afterAll(() => env.close());

  const newUser = async () => {
    const email = `cookie.${++n}@test.local`;
    const user = await env.app.get(UsersService).create({ email, password: 'the-password-1', fullName: 'Cookie', role: 'viewer' });
    return { id: user.id, email, password: 'the-password-1' };
  };
  /** Signs in with ?cookie=true; answers the cookie as a browser would send it back. */
  const cookieSignIn = async (email: string, password: string) => {
    const res = await env.http().post('/api/v1/auth/login?cookie=true').send({ email, password }).expect(200);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    return { res, setCookie, cookie: setCookie[0]?.split(';')[0] ?? '' };
  };

  it('sets an httpOnly, SameSite=Strict cookie for the whole site, and answers no token a page script could read', async () => {
    const user = await newUser();
    const { res, setCookie, cookie } = await cookieSignIn(user.email, user.password);
    expect(res.body).toEqual({ mustChangePassword: false });
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(/^steering_session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(setCookie[0]).toMatch(/; HttpOnly/);
    expect(setCookie[0]).toMatch(/; SameSite=Strict/);
    expect(setCookie[0]).toMatch(/; Path=\//);
    expect(setCookie[0]).toMatch(/; Max-Age=43200/);
    expect(setCookie[0]).not.toMatch(/; Secure/);
    const me = await env.http().get('/api/v1/me').set('Host', HOST).set('Cookie', cookie).expect(200);
    expect(me.body).toMatchObject({ id: user.id, email: user.email });
  });

  it('marks the cookie Secure when the request came by https through a trusted proxy', async () => {
    const behind = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
    try {
      const email = 'cookie.https@test.local';
      await behind.app.get(UsersService).create({ email, password: 'the-password-1', fullName: 'Cookie', role: 'viewer' });
      const res = await behind.http().post('/api/v1/auth/login?cookie=true').set('X-Forwarded-Proto', 'https').send({ email, password: 'the-password-1' }).expect(200);
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await behind.close();
    }
  });

  it('takes a change made with the cookie only from a page of this origin (or one CORS_ORIGINS lists): else 403 CROSS_SITE_REQUEST', async () => {
    const user = await newUser();
    const { cookie } = await cookieSignIn(user.email, user.password);
    for (const origin of [undefined, 'https://evil.example', 'null']) {
      const req = env.http().post('/api/v1/notifications/read-all').set('Host', HOST).set('Cookie', cookie);
      const res = await (origin ? req.set('Origin', origin) : req).expect(403);
      expect(res.body).toMatchObject({ code: 'CROSS_SITE_REQUEST' });
    }
    await env.http().post('/api/v1/notifications/read-all').set('Host', HOST).set('Cookie', cookie).set('Origin', ownOrigin).expect(200);
    await env.http().post('/api/v1/notifications/read-all').set('Host', HOST).set('Cookie', cookie).set('Origin', 'https://portal.example.gov.vn').expect(200);
    // a Referer of this origin stands in for a missing Origin
    await env.http().post('/api/v1/notifications/read-all').set('Host', HOST).set('Cookie', cookie).set('Referer', `${ownOrigin}/notifications`).expect(200);
    // reading needs no Origin; a Bearer client never needs one
    await env.http().get('/api/v1/notifications').set('Host', HOST).set('Cookie', cookie).expect(200);
    const bearer = await signIn(env, 'viewer');
    await env.http().post('/api/v1/notifications/read-all').set(bearer.auth).expect(200);
  });

  it('signs out: the cookie is cleared, and the old cookie is refused (SESSION_ENDED)', async () => {
    const user = await newUser();
    const { cookie } = await cookieSignIn(user.email, user.password);
    const out = await env.http().post('/api/v1/auth/logout').set('Host', HOST).set('Cookie', cookie).set('Origin', ownOrigin).expect(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^steering_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
    const after = await env.http().get('/api/v1/me').set('Host', HOST).set('Cookie', cookie).expect(401);
    expect(after.body.code).toBe('SESSION_ENDED');
  });

  it('changes the password with the cookie: a fresh cookie, no token in the body, the old cookie ended', async () => {
    const user = await newUser();
    const { cookie } = await cookieSignIn(user.email, user.password);
    const res = await env.http().post('/api/v1/me/password').set('Host', HOST).set('Cookie', cookie).set('Origin', ownOrigin)
      .send({ currentPassword: user.password, newPassword: 'a-new-password-2' }).expect(200);
    expect(res.body).toEqual({ mustChangePassword: false });
    const fresh = String(res.headers['set-cookie']).split(';')[0];
    expect(fresh).toMatch(/^steering_session=.+/);
    expect(fresh).not.toBe(cookie);
    await env.http().get('/api/v1/me').set('Host', HOST).set('Cookie', fresh).expect(200);
    await env.http().get('/api/v1/me').set('Host', HOST).set('Cookie', cookie).expect(401);
  });

  it('marks every unread notification of the user read at once, and only the user\'s', async () => {
    const [user, other] = [await newUser(), await newUser()];
    const notifications = env.app.get(NotificationsService);
    await env.db.transaction((m) =>
      notifications.notify(m, { userIds: [user.id, other.id], kind: 'summary_ready', title: 'Báo cáo đã lập', body: 'x', taskId: null, data: {} }),
    );
    await env.db.transaction((m) => notifications.notify(m, { userIds: [user.id], kind: 'summary_ready', title: 'Báo cáo thứ hai', body: 'y', taskId: null, data: {} }));
    const { cookie } = await cookieSignIn(user.email, user.password);
    expect((await env.http().get('/api/v1/notifications').set('Host', HOST).set('Cookie', cookie).expect(200)).body.unread).toBe(2);
    const marked = await env.http().post('/api/v1/notifications/read-all').set('Host', HOST).set('Cookie', cookie).set('Origin', ownOrigin).expect(200);
    expect(marked.body).toEqual({ marked: 2 });
    expect((await env.http().get('/api/v1/notifications').set('Host', HOST).set('Cookie', cookie).expect(200)).body.unread).toBe(0);
    const otherCookie = (await cookieSignIn(other.email, other.password)).cookie;
    expect((await env.http().get('/api/v1/notifications').set('Host', HOST).set('Cookie', otherCookie).expect(200)).body.unread).toBe(1);
  });
});
