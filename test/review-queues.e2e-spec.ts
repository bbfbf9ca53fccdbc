import { getQueueToken } from '@nestjs/bullmq';
import { ConnectionOptions, Queue, Worker } from 'bullmq';
import { JOBS, patientRedisOptions, QUEUES } from '@app/queue';
import { summaryJobId } from '@app/meetings';
import { createDepartment, createGroup, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the secretariat's pages wait on: the completions waiting for review
 * (GET /tasks?awaitingReview=true) and where a meeting's summary job stands
 * (GET /meetings/:id/summary-status).
 */
describe('the secretariat\'s queues', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, viewer: Who, focal: Who;
  let planId: string, stttt: string;
  const task: Record<string, any> = {};

  const version = async (id: string) => (await env.http().get(`/api/v1/tasks/${id}`).set(viewer.auth).expect(200)).body.version;
  const complete = async (id: string, number: string) =>
    env.http().post(`/api/v1/tasks/${id}/updates`).set(focal.auth)
      .send({ version: await version(id), status: 'completed', completedOn: '2024-06-10', outputDocuments: [{ number, issuedOn: '2024-06-10', kind: 'issued' }] })
      .expect(201);
  const awaiting = async (query = 'awaitingReview=true') =>
    (await env.http().get(`/api/v1/tasks?${query}&limit=100`).set(viewer.auth).expect(200)).body;

  beforeAll(async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    stttt = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    const snv = await createDepartment(env, admin.auth, 'SNV', 'Sở Nội vụ');
    const group = await createGroup(env, admin.auth, 'ALL', 'Các Sở, ban, ngành; địa phương', [stttt, snv]);
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    focal = await signIn(env, 'focal_point', stttt);
    planId = await createPlan(env, secretariat.auth, { number: '30/KH-BCĐCĐS', issuedOn: '2024-02-06' });
    for (const code of ['1', '2', '3', '4']) {
      task[code] = await createTask(env, secretariat.auth, { planId, code, title: `Nhiệm vụ ${code}`, leadDepartmentId: stttt, deadlineText: '30/6/2024' });
    }
    task.collective = await createTask(env, secretariat.auth, { planId, code: '5', title: 'Nhiệm vụ chung', leadGroupId: group, deadlineText: '30/6/2024' });
  });
  afterAll(() => env.close());

  it('lists only the completions waiting for review, never a collective task, and keeps the count right as reviews happen', async () => {
    expect((await awaiting()).total).toBe(0);
    await complete(task['1'].id, '10/STTTT');
    await complete(task['2'].id, '11/STTTT');
    await complete(task['3'].id, '12/STTTT');
    // the Sở TTTT's part of the collective task: the child is reviewed, the parent (completed when all are) never listed
    const child = task.collective.children.find((c: any) => c.leadDepartmentId === stttt);
    await complete(child.id, '13/STTTT');
    let page = await awaiting();
    expect(page.items.map((t: any) => t.code).sort()).toEqual(['1', '2', '3', child.code].sort());
    expect(page.total).toBe(4);
    expect(page.items.every((t: any) => t.status === 'completed' && t.completionConfirmed === false)).toBe(true);

    // confirmed: off the list; returned: off the list (back in progress)
    await env.http().post(`/api/v1/tasks/${task['1'].id}/review`).set(secretariat.auth).send({ confirm: true, version: await version(task['1'].id) }).expect(200);
    await env.http().post(`/api/v1/tasks/${task['2'].id}/review`).set(secretariat.auth)
      .send({ confirm: false, note: 'Thiếu văn bản ban hành', version: await version(task['2'].id) }).expect(200);
    page = await awaiting();
    expect(page.items.map((t: any) => t.code).sort()).toEqual(['3', child.code].sort());
    expect(page.total).toBe(2);

    // false: every other task; combined with other filters
    const others = await awaiting('awaitingReview=false');
    expect(others.items.map((t: any) => t.code)).toEqual(expect.arrayContaining(['1', '2', '4', '5']));
    expect(others.items.some((t: any) => t.code === '3' || t.code === child.code)).toBe(false);
    expect((await awaiting(`awaitingReview=true&planId=${planId}&parentId=null`)).items.map((t: any) => t.code)).toEqual(['3']);
  });

  it('refuses a value other than true or false, naming the field', async () => {
    const res = await env.http().get('/api/v1/tasks?awaitingReview=yes').set(viewer.auth).expect(400);
    expect(JSON.stringify(res.body)).toContain('awaitingReview must be true or false');
  });

  it('tells where the summary job stands: none, queued, failed with the reason, queued again, done', async () => {
    const meeting = (await env.http().post('/api/v1/meetings').set(secretariat.auth)
      .send({ title: 'Phiên họp 6 tháng', heldOn: '2024-06-15', asOf: '2024-06-15', planIds: [planId] }).expect(201)).body;
    const status = async () => (await env.http().get(`/api/v1/meetings/${meeting.id}/summary-status`).set(viewer.auth).expect(200)).body;
    expect(await status()).toEqual({ state: 'none', failedReason: null, attemptsMade: 0, lastSummaryAt: null });
    await env.http().get('/api/v1/meetings/00000000-0000-4000-8000-00000000000c/summary-status').set(viewer.auth).expect(404);

    // a job of this meeting that fails for good (one attempt, a worker that throws)
    const queue = env.app.get<Queue>(getQueueToken(QUEUES.summaries));
    await queue.add(JOBS.meetingSummary, { meetingId: meeting.id, asOf: meeting.asOf }, { jobId: summaryJobId(meeting.id, meeting.asOf), attempts: 1 });
    expect(await status()).toMatchObject({ state: 'queued', lastSummaryAt: null });
    const failing = new Worker(QUEUES.summaries, async () => {
      throw new Error('the database went away');
    }, { connection: patientRedisOptions(env.config.redisUrl) as ConnectionOptions, prefix: env.config.queuePrefix });
    try {
      const until = Date.now() + 10_000;
      while ((await status()).state !== 'failed' && Date.now() < until) await sleep(50);
    } finally {
      await failing.close();
    }
    expect(await status()).toEqual({ state: 'failed', failedReason: 'the database went away', attemptsMade: 1, lastSummaryAt: null });

    // asking again tries again; the real worker computes it
    await env.http().post(`/api/v1/meetings/${meeting.id}/summary`).set(secretariat.auth).expect(202);
    expect(await status()).toEqual({ state: 'queued', failedReason: null, attemptsMade: 0, lastSummaryAt: null });
    await env.startWorker();
    const until = Date.now() + 20_000;
    while ((await status()).state !== 'done' && Date.now() < until) await sleep(50);
    const done = await status();
    expect(done).toMatchObject({ state: 'done', failedReason: null });
    const summary = (await env.http().get(`/api/v1/meetings/${meeting.id}/summary`).set(viewer.auth).expect(200)).body;
    expect(done.lastSummaryAt).toBe(summary.computedAt);
  });
});
