import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { QUEUES } from '@app/queue';
import { createDepartment, createGroup } from './support/builders';
import { OpenApiValidator, Schema } from './support/openapi-schema';
import { waitUntil } from './support/wait';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/** A monthly report request for a group, over three months: periods made once, answers on time, late and never, reminders, the grid. */
describe('periodic reports', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, viewer: Who;
  const focal: Record<string, Who> = {};
  const dept: Record<string, string> = {};
  let seriesId: string;
  let queue: Queue;
  let doc: Schema;
  let validator: OpenApiValidator;

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2024-05-01T01:00:00Z'); // 08:00 in Vietnam, 1 May
    const admin = await signIn(env, 'admin');
    for (const code of ['A', 'B', 'C', 'D']) dept[code] = await createDepartment(env, admin.auth, `SO${code}`, `Sở thử ${code}`);
    const group = await createGroup(env, admin.auth, 'NHOM', 'Các sở thử', [dept.A, dept.B, dept.C]);
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    for (const code of ['A', 'B', 'C', 'D']) focal[code] = await signIn(env, 'focal_point', dept[code]);
    queue = env.app.get<Queue>(getQueueToken(QUEUES.reports));
    doc = (await env.http().get('/api/docs-json').expect(200)).body;
    validator = new OpenApiValidator(doc);
    await env.http().post('/api/v1/report-series').set(focal.A.auth).send({}).expect(403);
    const res = await env.http().post('/api/v1/report-series').set(secretariat.auth).send({
      number: '2062/SKH-THQH', issuer: 'Sở Kế hoạch và Đầu tư', title: 'Báo cáo tình hình kinh tế - xã hội',
      recurrence: 'monthly', dueDay: 10, groupId: group, startsOn: '2024-05-01',
    }).expect(201);
    seriesId = res.body.id;
  });
  afterAll(() => env.close());

  const schemaOf = (path: string, method = 'get', status = '200') => validator.resolve(doc.paths[path][method].responses[status]).content['application/json'].schema;

  /** `times` ticks queued at once, each waited for until the worker has finished it. */
  async function tick(day: string, times = 1) {
    env.clock.set(`${day}T01:00:00Z`);
    const ids: string[] = [];
    const answers = await Promise.all(Array.from({ length: times }, () => env.http().post('/api/v1/report-requests/run').set(secretariat.auth).expect(202)));
    for (const a of answers) ids.push(a.body.jobId);
    await waitUntil(`${times} report ticks of ${day}`, async () => {
      const states = await Promise.all(ids.map(async (id) => (await queue.getJob(id))?.getState()));
      if (states.includes('failed')) throw new Error(`a report tick failed: ${(await queue.getJob(ids[states.indexOf('failed')]))?.failedReason}`);
      return states.every((s) => s === 'completed');
    }, 60_000);
  }
  const requests = async () => (await env.http().get(`/api/v1/report-requests?seriesId=${seriesId}`).set(viewer.auth).expect(200)).body.items;
  const reminders = async (who: Who) =>
    (await env.http().get('/api/v1/notifications?limit=200').set(who.auth).expect(200)).body.items.filter((n: any) => n.kind === 'report_reminder');

  it('makes each month\'s request once, with two workers and a restart; records answers on time, late and never; reminds the missing only; the grid shows it', async () => {
    const first = await env.startWorker();
    await env.startWorker();

    await tick('2024-05-01', 4);
    let list = await requests();
    expect(list.map((r: any) => [r.period, r.dueDate, r.departments, r.notYet])).toEqual([['M5', '2024-05-10', 3, 3]]);
    expect(list[0].title).toBe('Báo cáo tình hình kinh tế - xã hội tháng 5 năm 2024');
    const may = list[0].id;

    // A answers on time, before any reminder
    env.clock.set('2024-05-02T03:00:00Z');
    await env.http().post(`/api/v1/report-requests/${may}/answers`).set(focal.D.auth).send({ number: '1/BC-D', issuedOn: '2024-05-02' }).expect(403);
    await env.http().post(`/api/v1/report-requests/${may}/answers`).set(viewer.auth).send({ number: '1/BC', issuedOn: '2024-05-02' }).expect(403);
    await env.http().post(`/api/v1/report-requests/${may}/answers`).set(focal.A.auth).send({ number: '1/BC-A', issuedOn: '2024-05-03' }).expect(400);
    const answered = await env.http().post(`/api/v1/report-requests/${may}/answers`).set(focal.A.auth).send({ number: '101/BC-SOA', issuedOn: '2024-05-02' }).expect(200);
    expect(validator.errors(answered.body, schemaOf('/api/v1/report-requests/{id}/answers', 'post'))).toEqual([]);
    expect(answered.body).toMatchObject({ onTime: 1, late: 0, notYet: 2 });

    // 7 days before the due date: the missing ones (B, C) are reminded, once however many ticks
    await tick('2024-05-03', 3);
    expect((await reminders(focal.B)).map((n: any) => n.title)).toEqual(['Sắp đến hạn gửi báo cáo 2062/SKH-THQH']);
    expect(await reminders(focal.C)).toHaveLength(1);
    expect(await reminders(focal.A)).toEqual([]);
    expect(await reminders(focal.D)).toEqual([]);

    // B answers late (after the 10th); C never does
    env.clock.set('2024-05-11T03:00:00Z');
    await env.http().post(`/api/v1/report-requests/${may}/answers`).set(focal.B.auth).send({ number: '55/BC-SOB', issuedOn: '2024-05-11' }).expect(200);
    await tick('2024-05-11', 2);
    expect((await reminders(focal.C)).map((n: any) => n.title)).toEqual(['Quá hạn gửi báo cáo 2062/SKH-THQH', 'Sắp đến hạn gửi báo cáo 2062/SKH-THQH']);
    expect(await reminders(focal.B)).toHaveLength(1);

    // the next month, then a worker restarted, then the month after
    await tick('2024-06-01', 3);
    await first.close();
    await env.startWorker();
    await tick('2024-07-01', 3);
    await tick('2024-07-01', 1);
    list = await requests();
    expect(list.map((r: any) => [r.period, r.dueDate])).toEqual([['M5', '2024-05-10'], ['M6', '2024-06-10'], ['M7', '2024-07-10']]);
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM report_requests WHERE series_id = $1`, [seriesId]);
    expect(n).toBe(3);
    expect(await reminders(focal.A)).toEqual([]);
    expect(await reminders(focal.D)).toEqual([]);

    const grid = (await env.http().get(`/api/v1/report-series/${seriesId}/grid`).set(viewer.auth).expect(200)).body;
    expect(validator.errors(grid, schemaOf('/api/v1/report-series/{id}/grid'))).toEqual([]);
    expect(grid.periods.map((p: any) => p.period)).toEqual(['M5', 'M6', 'M7']);
    expect(grid.rows.map((r: any) => [r.departmentName, ...r.cells.map((c: any) => `${c.state}${c.overdue ? '!' : ''}`)])).toEqual([
      ['Sở thử A', 'on_time', 'not_yet!', 'not_yet'],
      ['Sở thử B', 'late', 'not_yet!', 'not_yet'],
      ['Sở thử C', 'not_yet!', 'not_yet!', 'not_yet'],
    ]);
    expect(grid.rows[0].cells[0]).toMatchObject({ number: '101/BC-SOA', issuedOn: '2024-05-02' });
    const detail = (await env.http().get(`/api/v1/report-requests/${may}`).set(viewer.auth).expect(200)).body;
    expect(detail.answers.map((a: any) => [a.departmentName, a.state, a.number])).toEqual([
      ['Sở thử A', 'on_time', '101/BC-SOA'], ['Sở thử B', 'late', '55/BC-SOB'], ['Sở thử C', 'not_yet', null],
    ]);
  });
});
