import { startTestApp, signIn, TestEnv } from './support/test-app';

/** Bull Board on Fastify: admins only, the same token checks as the API, errors in the API's shape. */
describe('queue dashboard (/admin/queues, Bull Board on Fastify)', () => {
  let env: TestEnv;
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    env = await startTestApp();
    admin = await signIn(env, 'admin');
  });
  afterAll(() => env.close());

  it('answers its errors in the error filter\'s shape { statusCode, error, code, message }', async () => {
    const anonymous = await env.http().get('/admin/queues/api/queues').set('Accept', 'application/json').expect(401);
    expect(anonymous.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'UNAUTHORIZED', message: 'sign in as an admin first: a valid bearer token is required' });
    const viewer = await signIn(env, 'viewer');
    const forbidden = await env.http().get('/admin/queues/api/queues').set(viewer.auth).expect(403);
    expect(forbidden.body).toEqual({ statusCode: 403, error: 'Forbidden', code: 'FORBIDDEN', message: 'the queue dashboard needs the role admin' });
    const unknownQueue = await env.http().put('/admin/queues/api/queues/no-such-queue/pause').set(admin.auth).expect(404);
    expect(unknownQueue.body).toEqual({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: 'queue not found' });
    const unknownPath = await env.http().get('/admin/queues/api/no-such-thing').set(admin.auth).expect(404);
    expect(unknownPath.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND' });
  });

  it('refuses a token whose session has ended, as the API does; signing out of the dashboard ends the token', async () => {
    const other = await signIn(env, 'admin');
    await env.http().get('/admin/queues/api/queues').set(other.auth).expect(200);
    await env.http().post('/api/v1/auth/logout').set(other.auth).expect(204);
    await env.http().get('/admin/queues/api/queues').set(other.auth).expect(401);

    const third = await signIn(env, 'admin');
    await env.http().post('/admin/queues/logout').set('Cookie', `steering_queues=${third.token}`).expect(303);
    await env.http().get('/api/v1/me').set(third.auth).expect(401);
  });

  it('throttles its sign-in form like the API\'s: 429 with Retry-After', async () => {
    const email = 'form.guess@test.local';
    for (let i = 0; i < 5; i++) await env.http().post('/admin/queues/login').type('form').send({ email, password: 'wrong' }).expect(401);
    const res = await env.http().post('/admin/queues/login').type('form').send({ email, password: 'wrong' }).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.text).toContain('<form method="post" action="/admin/queues/login">');
  });
});
