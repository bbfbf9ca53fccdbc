// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it starts two APIs and two workers.
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DateTime } from 'luxon';
import { AddressInfo, createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { QUEUES } from '@app/queue';
import { createDepartment, createPlan, createTask } from './support/builders';
import { createTestDatabase, deleteRedisKeys, onServer, TEST_REDIS_URL, uniqueName } from './support/databases';
import { startProcess, waitForExit, waitForOutput } from './support/processes';
import { SmtpTestServer } from './support/smtp-test-servers';
import { waitForSummary, waitUntil } from './support/wait';

jest.setTimeout(240_000);

type Child = ReturnType<typeof startProcess>;
type Api = { http: () => ReturnType<typeof request> };
type Auth = { Authorization: string };

const ZONE = 'Asia/Ho_Chi_Minh';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * How a province runs the tracker when one machine is not enough: two API processes and two
 * workers (apps/api/src/main.ts and apps/worker/src/main.ts, each its own Node process with its
 * own caches and connections) on one PostgreSQL and one Redis. What one API wrote, the other
 * reads at once; the morning run and a meeting summary happen once however many workers listen.
 * The processes run on the real clock: "today" is today in Vietnam.
 */
describe('two API processes and two workers on one PostgreSQL and one Redis', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let smtp: SmtpTestServer;
  const prefix = uniqueName('steering-test-');
  const children: Child[] = [];
  let api1: Api, api2: Api;
  let admin: Auth, secretariat: Auth;
  let planId: string;
  const departments: string[] = [];
  const focalEmails: string[] = [];
  let secretariatEmail: string;
  const today = DateTime.now().setZone(ZONE);
  const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
  const password = randomBytes(12).toString('base64url');

  const query = async <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => onServer(async (c) => (await c.query(sql, params)).rows, db.name);

  async function signIn(api: Api, email: string): Promise<Auth> {
    const res = await api.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
    return { Authorization: `Bearer ${res.body.accessToken}` };
  }

  async function addUser(role: string, departmentId: string | null = null): Promise<string> {
    const email = `${role}.${randomBytes(4).toString('hex')}@two-of-each.test`;
    await api1.http().post('/api/v1/users').set(admin).send({ email, password, fullName: `Người dùng ${role}`, role, departmentId }).expect(201);
    return email;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await new SmtpTestServer().start();
    const common = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATABASE_APP_URL: db.appUrl,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      // one secret for every API process: a token signed by one is good at the other
      JWT_SECRET: randomBytes(36).toString('base64url'),
      // both APIs start with the same first admin, as replicas of one service would
      ADMIN_EMAIL: 'admin@two-of-each.test',
      ADMIN_PASSWORD: password,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Ban Chỉ đạo <bcd@steering.test>',
      // the schedulers fire only when the test asks (1 January, 07:00)
      REMINDER_CRON: '0 7 1 1 *',
      REMINDER_CHECK_CRON: '0 6 1 1 *',
      LOG_LEVEL: 'info',
    };
    const ports = [await freePort(), await freePort()];
    const apis = ports.map((port) => startProcess('api', { ...common, PORT: String(port), HOST: '127.0.0.1' }));
    const workers = [startProcess('worker', common), startProcess('worker', common)];
    children.push(...apis, ...workers);
    await Promise.all([
      ...apis.map((child) => waitForOutput(child, /API on http/, 180_000)),
      ...workers.map((child) => waitForOutput(child, /worker started/, 180_000)),
    ]);
    [api1, api2] = ports.map((port) => ({ http: () => request(`http://127.0.0.1:${port}`) }));

    admin = await signIn(api1, common.ADMIN_EMAIL);
    for (const code of ['S1', 'S2', 'S3']) {
      const id = await createDepartment(api1, admin, code, `Sở số ${code}`);
      departments.push(id);
      focalEmails.push(await addUser('focal_point', id));
    }
    secretariatEmail = await addUser('secretariat');
    secretariat = await signIn(api1, secretariatEmail);
    planId = await createPlan(api1, secretariat, { number: '30/KH-BCĐCĐS', issuedOn: day(-60), year: today.year });
    // per department: one task due in 3 days and one a day late, both reminded this morning
    for (const [i, id] of departments.entries()) {
      await createTask(api1, secretariat, { planId, code: `${i + 1}.1`, title: 'Báo cáo sơ kết', leadDepartmentId: id, dueDate: day(3) });
      await createTask(api1, secretariat, { planId, code: `${i + 1}.2`, title: 'Triển khai phần mềm', leadDepartmentId: id, dueDate: day(-1) });
    }
  });

  afterAll(async () => {
    // the processes first, whatever happened: a worker left alive would write its keys again
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((child) => waitForExit(child, 20_000).catch(() => undefined)));
    await deleteRedisKeys(prefix);
    await db?.drop();
    await smtp?.close();
  });

  it('started both APIs with one first admin, and both workers on every queue', async () => {
    expect(await query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`)).toEqual([{ n: 1 }]);
    await api2.http().get('/api/v1/me').set(admin).expect(200);
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      for (const name of Object.values(QUEUES)) {
        const queue = new Queue(name, { connection: redis, prefix });
        expect([name, (await queue.getWorkers()).length]).toEqual([name, 2]);
      }
    } finally {
      redis.disconnect();
    }
  });

  it('reads through one API what was written through the other, at once, both ways', async () => {
    const created = await createTask(api1, secretariat, { planId, code: '9.1', title: 'Cập nhật cổng dữ liệu', leadDepartmentId: departments[0] });
    const list = (api: Api, status: string) =>
      api.http().get(`/api/v1/tasks?planId=${planId}&status=${status}&limit=100`).set(secretariat).expect(200).then((r) => r.body.items.map((t: any) => t.id));
    let version = created.version;
    // each round: both APIs have read the task and its lists (their caches are warm), then one writes and the other reads
    const rounds: [Api, Api, string][] = [
      [api1, api2, 'in_progress'],
      [api2, api1, 'blocked'],
      [api1, api2, 'in_progress'],
      [api2, api1, 'in_progress'],
      [api1, api2, 'blocked'],
      [api2, api1, 'in_progress'],
    ];
    for (const [n, [writer, reader, status]] of rounds.entries()) {
      for (const api of [api1, api2]) {
        await api.http().get(`/api/v1/tasks/${created.id}`).set(secretariat).expect(200);
        await list(api, status);
        await list(api, 'not_started');
      }
      const note = `Tiến độ lần ${n + 1}`;
      const written = await writer.http().post(`/api/v1/tasks/${created.id}/updates`).set(secretariat).send({ version, status, progressNote: note }).expect(201);
      version = written.body.version;
      const read = await reader.http().get(`/api/v1/tasks/${created.id}`).set(secretariat).expect(200);
      expect([n, read.body.status, read.body.progressNote, read.body.version]).toEqual([n, status, note, version]);
      expect([n, (await list(reader, status)).includes(created.id)]).toEqual([n, true]);
      expect([n, (await list(reader, 'not_started')).includes(created.id)]).toEqual([n, false]);
      // the writer's own version is stale now: the other API refuses it too
      await reader.http().post(`/api/v1/tasks/${created.id}/updates`).set(secretariat).send({ version: version - 1, progressNote: 'muộn' }).expect(409);
    }
  });

  it('sends each reminder of the morning once with both workers running', async () => {
    // asked through both APIs at once: one job
    const asked = await Promise.all([api1, api2].map((api) => api.http().post('/api/v1/reminders/run').set(secretariat).send({ asOf: day(0) }).expect(202)));
    expect(asked[0].body.jobId).toBe(asked[1].body.jobId);
    await waitUntil('the morning run to finish', async () => {
      const runs = (await api2.http().get('/api/v1/reminders/runs').set(secretariat).expect(200)).body.items;
      return runs.some((r: any) => r.day === day(0) && r.state === 'done');
    }, 60_000);
    // 3 departments × 2 tasks for their focal points, and the secretariat's digest
    const notices = await query(`SELECT user_id, task_id, kind, data->>'rule' AS rule, count(*)::int AS n FROM notifications GROUP BY 1, 2, 3, 4`);
    expect(notices.filter((r) => r.kind !== 'overdue_digest')).toHaveLength(6);
    expect(notices.filter((r) => r.kind === 'overdue_digest')).toHaveLength(1);
    expect(notices.every((r) => r.n === 1)).toBe(true);
    // one e-mail per user and morning: 3 focal points and the secretariat
    await waitUntil('the e-mails to be sent', async () => {
      const [{ pending }] = await query(`SELECT count(*)::int AS pending FROM deliveries WHERE status = 'pending'`);
      return pending === 0 && smtp.messages.length >= 4;
    }, 60_000);
    await new Promise((r) => setTimeout(r, 1000)); // an e-mail sent twice would arrive by now
    expect(await query(`SELECT channel, status, count(*)::int AS n FROM deliveries GROUP BY 1, 2`)).toEqual([{ channel: 'email', status: 'sent', n: 4 }]);
    expect(smtp.messages.map((m) => m.to.join()).sort()).toEqual([...focalEmails, secretariatEmail].sort());
  });

  it('computes a meeting summary in one job, asked through both APIs', async () => {
    const meeting = (await api1.http().post('/api/v1/meetings').set(secretariat)
      .send({ title: 'Phiên họp Ban Chỉ đạo', heldOn: day(0), asOf: day(0), planIds: [planId] }).expect(201)).body;
    const asked = await Promise.all([api1, api2].map((api) => api.http().post(`/api/v1/meetings/${meeting.id}/summary`).set(secretariat).expect(202)));
    expect(asked[1].body.jobId).toBe(asked[0].body.jobId);
    const summary = await waitForSummary(api2, secretariat, meeting.id, { timeoutMs: 60_000 });
    expect(summary.meetingId).toBe(meeting.id);
    await new Promise((r) => setTimeout(r, 1000)); // a second run of the job would have written by now
    expect(await query(`SELECT count(*)::int AS n FROM meeting_summaries WHERE meeting_id = $1`, [meeting.id])).toEqual([{ n: 1 }]);
    const told = await query(`SELECT user_id, count(*)::int AS n FROM notifications WHERE kind = 'summary_ready' GROUP BY 1`);
    expect(told.length).toBeGreaterThan(0);
    expect(told.every((r) => r.n === 1)).toBe(true);
    // the queue's own record: the job went active once and completed once, in one of the two workers
    const redis = new Redis(TEST_REDIS_URL);
    const events = await redis.xrange(`${prefix}:${QUEUES.summaries}:events`, '-', '+').finally(() => redis.disconnect());
    const ofJob = events.map(([, fields]) => fields).filter((f) => f[f.indexOf('jobId') + 1] === asked[0].body.jobId);
    expect(ofJob.map((f) => f[1]).filter((e) => e === 'active' || e === 'completed')).toEqual(['active', 'completed']);
  });
});
