// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it stops Redis and PostgreSQL under a running app and times the answers.
import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { MeetingSummaryJobs } from '@app/meetings';
import { QUEUES } from '@app/queue';
import { ReminderJobs } from '@app/reminders';
import { describeOutage } from '../apps/api/src/health/outages';
import { createDepartment, createPlan, createTask } from './support/builders';
import { createTestDatabase, SERVER_URL } from './support/databases';
import { RedisTestServer, TcpProxy, timed } from './support/outage-servers';
import { waitUntil } from './support/wait';
import { signIn, startTestApp, TestEnv } from './support/test-app';

type Who = Awaited<ReturnType<typeof signIn>>;

/** An outage is answered at once: well under the 2 s a client or a proxy would wait. */
const AT_ONCE_MS = 2_000;

/**
 * The API with Redis or PostgreSQL down: every request that needs it answers 503
 * SERVICE_UNAVAILABLE with Retry-After at once, a refused request never runs later, and the
 * API serves again by itself once the service is back. Redis is a redis-server of this
 * test's own and PostgreSQL is reached through a TCP proxy of its own: the machine's
 * servers are never stopped.
 */
describe('outages: answered at once with 503, recovered by themselves', () => {
  const redis = new RedisTestServer();
  // to the tests' PostgreSQL server, wherever it listens (scripts/test-services.js may have started one)
  const proxy = new TcpProxy(Number(new URL(SERVER_URL).port || 5432));
  let env: TestEnv;
  let dropDatabase: () => Promise<void>;
  let admin: Who, sec: Who;
  let meetingId: string;
  let worker: INestApplicationContext;
  const figures: Record<string, number> = {};

  const notices = async () => (await env.db.query(`SELECT count(*)::int AS n FROM notifications`))[0].n;
  const expectUnavailable = (res: { status: number; body: any; headers: Record<string, unknown> }, service: RegExp) => {
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'SERVICE_UNAVAILABLE' });
    expect(res.body.message).toMatch(service);
    expect(res.headers['retry-after']).toBe('5');
  };

  beforeAll(async () => {
    await redis.start();
    await proxy.start();
    const database = await createTestDatabase();
    dropDatabase = database.drop;
    const viaProxy = (url: string) => Object.assign(new URL(url), { port: String(proxy.port) }).toString();
    env = await startTestApp({
      REDIS_URL: redis.url,
      DATABASE_URL: viaProxy(database.url),
      DATABASE_APP_URL: viaProxy(database.appUrl),
      REMINDER_CRON: '0 7 1 1 *',
    });
    admin = await signIn(env, 'admin');
    sec = await signIn(env, 'secretariat');
    const dept = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    await signIn(env, 'focal_point', dept); // the department's focal point exists, as in production
    const planId = await createPlan(env, sec.auth);
    await createTask(env, sec.auth, { planId, code: '1', title: 'Xây dựng Kho dữ liệu dùng chung', leadDepartmentId: dept, dueDate: '2024-06-18' });
    meetingId = (await env.http().post('/api/v1/meetings').set(sec.auth)
      .send({ title: 'Phiên họp tháng 6', heldOn: '2024-06-20', asOf: '2024-06-14', planIds: [planId] }).expect(201)).body.id;
    worker = await env.startWorker();
  });

  afterAll(async () => {
    await proxy.start().catch(() => undefined);
    await redis.start().catch(() => undefined);
    await env?.close();
    await dropDatabase?.();
    await redis.stop();
    await proxy.cut();
    console.log(`outage figures (ms): ${JSON.stringify(figures)}`);
  });

  it('gives the API\'s queues connections that fail fast and the worker\'s connections that wait for Redis', () => {
    for (const name of Object.values(QUEUES)) {
      expect(env.app.get(getQueueToken(name)).opts.connection).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 0, port: redis.port });
      const patient = worker.get(getQueueToken(name)).opts.connection;
      expect(patient).toMatchObject({ maxRetriesPerRequest: null, port: redis.port });
      expect(patient.enableOfflineQueue).toBeUndefined();
    }
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After within 2 s to the reminder run, a summary, sign-in and health while Redis is down', async () => {
    await redis.stop();

    const run = await timed(() => env.http().post('/api/v1/reminders/run').set(sec.auth).send({ asOf: '2024-06-15' }));
    expectUnavailable(run.result, /Redis/);
    const summary = await timed(() => env.http().post(`/api/v1/meetings/${meetingId}/summary`).set(sec.auth));
    expectUnavailable(summary.result, /Redis/);
    const login = await timed(() => env.http().post('/api/v1/auth/login').send({ email: 'someone@test.local', password: 'whatever-it-is' }));
    expectUnavailable(login.result, /Redis/);
    const health = await timed(() => env.http().get('/health'));
    expect(health.result.status).toBe(503);
    expect(health.result.body).toEqual({ status: 'unavailable', database: 'up', redis: 'down' });
    // behind the sign-in check (which needs Redis too), the queues themselves refuse at once rather than keep the job for later
    const trigger = await timed(() => env.app.get(ReminderJobs).trigger('2024-06-15').then(() => null, (error) => error));
    expect(describeOutage(trigger.result)).toMatch(/^Redis/);
    const request = await timed(() => env.app.get(MeetingSummaryJobs).request(meetingId, '2024-06-14').then(() => null, (error) => error));
    expect(describeOutage(request.result)).toMatch(/^Redis/);
    figures.redisDownQueueAdd = Math.max(trigger.ms, request.ms);
    // a signed-in read too: its session is checked in Redis
    const read = await timed(() => env.http().get('/api/v1/plans').set(sec.auth));
    expectUnavailable(read.result, /Redis/);
    Object.assign(figures, { redisDownRun: run.ms, redisDownSummary: summary.ms, redisDownLogin: login.ms, redisDownHealth: health.ms, redisDownRead: read.ms });
    for (const { ms } of [run, summary, login, health, read, trigger, request]) expect(ms).toBeLessThan(AT_ONCE_MS);
  });

  it('never runs a request it refused once Redis is back, and serves again by itself', async () => {
    const back = Date.now();
    await redis.start();
    await waitUntil('the health check to pass again', async () => (await env.http().get('/health')).status === 200, 10_000);
    await waitUntil('a sign-in to pass again', async () => (await env.http().post('/api/v1/auth/login').send({ email: 'x@test.local', password: 'wrong-password' })).status === 401, 10_000);
    figures.redisRecovery = Date.now() - back;

    // the worker is up and watching the queues: had the refused run been kept and sent on reconnect, it would have run by now
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await notices()).toBe(0);
    expect(await env.db.query(`SELECT count(*)::int AS n FROM meeting_summaries`)).toEqual([{ n: 0 }]);

    // asked again, it runs: the worker would have run the refused one had it been queued
    await env.http().post('/api/v1/reminders/run').set(sec.auth).send({ asOf: '2024-06-15' }).expect(202);
    await waitUntil('the run asked again to record its reminder', async () => (await notices()) === 1, 20_000);
    await env.http().post(`/api/v1/meetings/${meetingId}/summary`).set(sec.auth).expect(202);
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After within 2 s while PostgreSQL is down, health as before', async () => {
    await proxy.cut();

    const list = await timed(() => env.http().get('/api/v1/plans').set(sec.auth));
    expectUnavailable(list.result, /PostgreSQL/);
    const write = await timed(() => env.http().post('/api/v1/plans').set(sec.auth).send({
      number: '99/KH-UBND', kind: 'plan', title: 'Kế hoạch khi mất cơ sở dữ liệu', issuedOn: '2024-01-12', issuer: 'UBND tỉnh', year: 2024,
    }));
    expectUnavailable(write.result, /PostgreSQL/);
    const login = await timed(() => env.http().post('/api/v1/auth/login').send({ email: 'someone@test.local', password: 'whatever-it-is' }));
    expectUnavailable(login.result, /PostgreSQL/);
    const health = await timed(() => env.http().get('/health'));
    expect(health.result.status).toBe(503);
    expect(health.result.body).toEqual({ status: 'unavailable', database: 'down', redis: 'up' });
    Object.assign(figures, { pgDownList: list.ms, pgDownWrite: write.ms, pgDownLogin: login.ms, pgDownHealth: health.ms });
    for (const { ms } of [list, write, login, health]) expect(ms).toBeLessThan(AT_ONCE_MS);
  });

  it('serves again by itself once PostgreSQL is back, and the write it refused was not made', async () => {
    const back = Date.now();
    await proxy.start();
    await waitUntil('a list to be served again', async () => (await env.http().get('/api/v1/plans').set(sec.auth)).status === 200, 10_000);
    figures.pgRecovery = Date.now() - back;
    await env.http().get('/health').expect(200);
    const plans = await env.http().get('/api/v1/plans').set(sec.auth).expect(200);
    expect(JSON.stringify(plans.body)).not.toContain('99/KH-UBND');
  });
});
