import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { QUEUES } from '@app/queue';
import { createDepartment, createGroup, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';
import { waitForSummary as waitForMeetingSummary } from './support/wait';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Reads a download whole into a Buffer (supertest would otherwise try to parse it as text). */
const download = (path: string, who: { Authorization: string }, env: TestEnv) =>
  env.http().get(path).set(who).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/**
 * A half-year meeting of the steering committee, walked through: the secretariat enters the
 * meeting, asks for its summary, the worker computes it as of the cut-off and freezes it, and
 * the figures are taken away as XLSX and CSV.
 *
 * Timeline (dates in Vietnam): plans and tasks entered on 1/3/2024; task 1 completed 20/3,
 * the Sở TTTT's part of collective task 4 on 15/5, task 3 on 10/6. Meeting of the first quarter
 * cut off on 31/3; the half-year meeting cut off on 30/6, held 5/7, next meeting 31/7.
 */
describe('meetings and their summaries', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let admin: Who, secretariat: Who, secretariat2: Who, viewer: Who, focal: Who;
  let stttt: string, sgddt: string, skhdt: string, plan30: string, plan36: string;
  const task: Record<string, any> = {};
  let q1: any, half: any;
  let firstSummary: any;

  const doc = (number: string, issuedOn: string, kind = 'issued') => ({ number, issuedOn, kind });
  async function report(id: string, body: Record<string, unknown>) {
    const { version } = (await env.http().get(`/api/v1/tasks/${id}`).set(secretariat.auth).expect(200)).body;
    await env.http().post(`/api/v1/tasks/${id}/updates`).set(secretariat.auth).send({ version, ...body }).expect(201);
  }
  /** Polls the API until a summary other than `notId` is there: the job ran in the worker. */
  const waitForSummary = (meetingId: string, notId?: string) => waitForMeetingSummary(env, viewer.auth, meetingId, { notId, timeoutMs: 20_000 });

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2024-03-01T03:00:00Z');
    admin = await signIn(env, 'admin');
    stttt = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    sgddt = await createDepartment(env, admin.auth, 'SGDDT', 'Sở Giáo dục và Đào tạo');
    skhdt = await createDepartment(env, admin.auth, 'SKHDT', 'Sở Kế hoạch và Đầu tư');
    const group = await createGroup(env, admin.auth, 'ALL', 'Các Sở, ban, ngành; địa phương', [stttt, sgddt]);
    secretariat = await signIn(env, 'secretariat');
    secretariat2 = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    focal = await signIn(env, 'focal_point', stttt);
    plan30 = await createPlan(env, secretariat.auth, { number: '30/KH-BCĐCĐS', issuedOn: '2024-02-06', title: 'Kế hoạch chuyển đổi số năm 2024' });
    plan36 = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND', kind: 'decision', issuedOn: '2024-01-12' });
    const add = (key: string, planId: string, fields: Record<string, unknown>) =>
      createTask(env, secretariat.auth, { planId, code: key, title: `Nhiệm vụ ${key}`, ...fields }).then((t) => (task[key] = t));
    await add('1', plan30, { title: 'Kế hoạch Chuyển đổi số năm 2024', leadDepartmentId: stttt, deadlineText: 'Quý I/2024' });
    await add('2', plan30, { title: 'Cập nhật Kiến trúc chính quyền điện tử tỉnh', leadDepartmentId: stttt, deadlineText: 'Tháng 4/2024' });
    await add('3', plan30, { title: 'Tổ chức Hội thi tin học trẻ tỉnh năm 2024', leadDepartmentId: sgddt, deadlineText: '30/6/2024' });
    await add('4', plan30, { title: 'Mỗi cơ quan, đơn vị có tối thiểu một sản phẩm chuyển đổi số', leadGroupId: group, deadlineText: 'Quý III/2024' });
    await add('5', plan30, { title: 'Hỗ trợ doanh nghiệp vừa và nhỏ chuyển đổi số', leadDepartmentId: skhdt, deadlineText: '15/7/2024' });
    await add('6', plan30, { title: 'Theo dõi, đôn đốc', leadDepartmentId: skhdt, deadlineText: 'Thường xuyên' });
    await add('155', plan36, { title: 'Kế hoạch Tuyên truyền, quảng bá trên các ấn phẩm báo chí', leadDepartmentId: stttt, deadlineText: 'Tháng 5/2024' });

    env.clock.set('2024-03-20T03:00:00Z');
    await report(task['1'].id, { status: 'completed', completedOn: '2024-03-20', outputDocuments: [doc('551/STTTT-CN', '2024-03-07', 'submitted'), doc('03-KH/BCĐCĐS', '2024-03-14')] });
    await report(task['2'].id, { status: 'in_progress' });
    env.clock.set('2024-05-15T03:00:00Z');
    const [partGd, partTt] = task['4'].children;
    await report(partTt.id, { status: 'completed', completedOn: '2024-05-15', outputDocuments: [doc('12/QĐ-STTTT', '2024-05-15')] });
    env.clock.set('2024-06-10T03:00:00Z');
    await report(task['3'].id, { status: 'completed', completedOn: '2024-06-10', outputDocuments: [doc('1158/KHPPH-STTTT-SGDĐT-TĐ', '2024-05-08', 'submitted')] });
    await report(task['5'].id, { status: 'in_progress' });
    await report(partGd.id, { status: 'in_progress' });
    env.clock.set('2024-07-01T01:00:00Z');
  });
  afterAll(() => env.close());

  it('enters meetings (secretariat), answers the whole object, reads them back', async () => {
    const body = { title: 'Phiên họp Ban Chỉ đạo 6 tháng đầu năm 2024', heldOn: '2024-07-05', asOf: '2024-06-30', nextMeetingOn: '2024-07-31', planIds: [plan30, plan36] };
    const res = await env.http().post('/api/v1/meetings').set(secretariat.auth).send(body).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String), title: body.title, heldOn: '2024-07-05', asOf: '2024-06-30', nextMeetingOn: '2024-07-31',
      planIds: [plan36, plan30], lastSummaryAt: null, version: 1, createdAt: expect.any(String), updatedAt: expect.any(String),
    });
    half = res.body;
    q1 = (await env.http().post('/api/v1/meetings').set(secretariat.auth)
      .send({ title: 'Phiên họp quý I/2024', heldOn: '2024-04-05', asOf: '2024-03-31', planIds: [plan30] }).expect(201)).body;
    expect(q1.nextMeetingOn).toBeNull();

    expect((await env.http().get(`/api/v1/meetings/${half.id}`).set(viewer.auth).expect(200)).body).toEqual(half);
    const list = await env.http().get('/api/v1/meetings').set(focal.auth).expect(200);
    expect(list.body).toMatchObject({ total: 2, page: 1, limit: 50 });
    expect(list.body.items.map((m: any) => m.title)).toEqual(['Phiên họp Ban Chỉ đạo 6 tháng đầu năm 2024', 'Phiên họp quý I/2024']);
    const of36 = await env.http().get(`/api/v1/meetings?planId=${plan36}`).set(viewer.auth).expect(200);
    expect(of36.body.items.map((m: any) => m.id)).toEqual([half.id]);
  });

  it('refuses unknown plans (naming them), a cut-off after the meeting, other roles', async () => {
    const unknown = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    const base = { title: 'Hội nghị sơ kết', heldOn: '2024-07-10', asOf: '2024-06-30', planIds: [plan30, ...unknown] };
    const res = await env.http().post('/api/v1/meetings').set(secretariat.auth).send(base).expect(400);
    expect(res.body.message).toBe(`planIds: unknown plan ${unknown.join(', ')}`);
    const late = await env.http().post('/api/v1/meetings').set(secretariat.auth).send({ ...base, planIds: [plan30], asOf: '2024-07-11' }).expect(400);
    expect(late.body.message).toMatch(/^asOf 2024-07-11 is after heldOn 2024-07-10/);
    const none = await env.http().post('/api/v1/meetings').set(secretariat.auth).send({ ...base, planIds: [] }).expect(400);
    expect(none.body.message).toMatch(/^planIds/);
    await env.http().post('/api/v1/meetings').set(focal.auth).send({ ...base, planIds: [plan30] }).expect(403);
    await env.http().post('/api/v1/meetings').set(viewer.auth).send({ ...base, planIds: [plan30] }).expect(403);
    await env.http().get('/api/v1/meetings/00000000-0000-4000-8000-00000000000c').set(viewer.auth).expect(404);
    expect((await env.http().get('/api/v1/meetings').set(viewer.auth)).body.total).toBe(2);
  });

  it('queues one job however often it is asked; the worker, not the API, computes the summary', async () => {
    await env.http().get(`/api/v1/meetings/${half.id}/summary`).set(viewer.auth).expect(404);
    await env.http().get(`/api/v1/meetings/${half.id}/summary.xlsx`).set(viewer.auth).expect(404);
    await env.http().get(`/api/v1/meetings/${half.id}/summary.csv`).set(viewer.auth).expect(404);
    await env.http().post(`/api/v1/meetings/${half.id}/summary`).set(viewer.auth).expect(403);

    const first = await env.http().post(`/api/v1/meetings/${half.id}/summary`).set(secretariat.auth).expect(202);
    const second = await env.http().post(`/api/v1/meetings/${half.id}/summary`).set(secretariat.auth).expect(202);
    expect(first.body).toEqual({ jobId: `meeting-summary-${half.id}-2024-06-30` });
    expect(second.body).toEqual(first.body);
    const queue = env.app.get<Queue>(getQueueToken(QUEUES.summaries));
    expect(await queue.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 1, active: 0, delayed: 0 });
    // the API has no processor: nothing happens until a worker runs
    await sleep(300);
    await env.http().get(`/api/v1/meetings/${half.id}/summary`).set(viewer.auth).expect(404);

    await env.startWorker();
    firstSummary = await waitForSummary(half.id);
    expect(firstSummary).toMatchObject({ meetingId: half.id, asOf: '2024-06-30', computedAt: '2024-07-01T01:00:00.000Z' });
    const [{ count }] = await env.db.query(`SELECT count(*)::int AS count FROM meeting_summaries WHERE meeting_id = $1`, [half.id]);
    expect(count).toBe(1);
    expect(await queue.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 });
    expect((await env.http().get(`/api/v1/meetings/${half.id}`).set(viewer.auth)).body.lastSummaryAt).toBe('2024-07-01T01:00:00.000Z');

    // the secretariat and the committee's members (viewers) are told, in Vietnamese; focal points are not
    for (const who of [secretariat, secretariat2, viewer]) {
      const inbox = (await env.http().get('/api/v1/notifications').set(who.auth).expect(200)).body;
      const notice = inbox.items.find((n: any) => n.kind === 'summary_ready');
      expect(notice).toMatchObject({ title: 'Đã có số liệu tổng hợp: Phiên họp Ban Chỉ đạo 6 tháng đầu năm 2024', data: { meetingId: half.id, summaryId: firstSummary.id } });
      expect(notice.body).toContain('kết quả đến ngày 30/06/2024: 7 nhiệm vụ, hoàn thành 2 (28,57%), quá hạn 2');
    }
    const focalInbox = (await env.http().get('/api/v1/notifications').set(focal.auth)).body;
    expect(focalInbox.items.some((n: any) => n.kind === 'summary_ready')).toBe(false);
  });

  it('holds the roll-up by plan and department, the overdue list, what was completed since the last meeting and what falls due next', async () => {
    const s = firstSummary;
    expect(s.meeting).toEqual({
      id: half.id, title: half.title, heldOn: '2024-07-05', asOf: '2024-06-30', nextMeetingOn: '2024-07-31',
      plans: [{ id: plan36, number: '36/QĐ-UBND', title: expect.any(String) }, { id: plan30, number: '30/KH-BCĐCĐS', title: 'Kế hoạch chuyển đổi số năm 2024' }],
    });
    expect(s.previousMeeting).toEqual({ id: q1.id, title: 'Phiên họp quý I/2024', heldOn: '2024-04-05', asOf: '2024-03-31' });
    expect(s.rollup.asOf).toBe('2024-06-30');
    expect(s.rollup.total).toEqual({
      total: 7, completed: 2, completedOnTime: 2, completedLate: 0, confirmed: 0, recurring: 1, inProgress: 3,
      notStarted: 1, blocked: 0, cancelled: 0, withinDeadline: 2, overdue: 2, completionRate: 28.57,
    });
    expect(s.rollup.byPlan.map((p: any) => [p.number, p.total, p.completed, p.overdue, p.completionRate])).toEqual([
      ['36/QĐ-UBND', 1, 0, 1, 0],
      ['30/KH-BCĐCĐS', 6, 2, 1, 33.33],
    ]);
    expect(s.rollup.byDepartment.map((d: any) => [d.name, d.total, d.completed, d.overdue, d.completionRate])).toEqual([
      ['Sở Giáo dục và Đào tạo', 2, 1, 0, 50],
      ['Sở Kế hoạch và Đầu tư', 2, 0, 0, 0],
      ['Sở Thông tin và Truyền thông', 4, 2, 2, 50],
    ]);
    expect(s.overdue.map((t: any) => [t.code, t.planNumber, t.leadDepartment, t.dueDate, t.daysOverdue, t.status])).toEqual([
      ['2', '30/KH-BCĐCĐS', 'Sở Thông tin và Truyền thông', '2024-04-30', 61, 'in_progress'],
      ['155', '36/QĐ-UBND', 'Sở Thông tin và Truyền thông', '2024-05-31', 30, 'not_started'],
    ]);
    // task 1 was already completed at the first-quarter meeting's cut-off
    expect(s.completedSince.since).toBe('2024-03-31');
    expect(s.completedSince.tasks.map((t: any) => [t.code, t.leadDepartment, t.completedOn, t.timeliness])).toEqual([
      ['4/STTTT', 'Sở Thông tin và Truyền thông', '2024-05-15', 'on_time'],
      ['3', 'Sở Giáo dục và Đào tạo', '2024-06-10', 'on_time'],
    ]);
    expect(s.completedSince.tasks[1].documents).toEqual([{ number: '1158/KHPPH-STTTT-SGDĐT-TĐ', issuedOn: '2024-05-08', kind: 'submitted', title: null }]);
    expect(s.dueBeforeNextMeeting).toEqual({
      from: '2024-06-30', until: '2024-07-31',
      tasks: [expect.objectContaining({ code: '5', leadDepartment: 'Sở Kế hoạch và Đầu tư', dueDate: '2024-07-15', daysLeft: 15, status: 'in_progress' })],
    });
    // issue 16: departments compared, and the per-task appendix of each plan, as of the cut-off
    expect(s.overdue.map((t: any) => t.collectiveParts)).toEqual([null, null]);
    expect(s.departmentRanking).toMatchObject({ asOf: '2024-06-30', assignedFrom: null, assignedTo: null });
    expect(s.departmentRanking.departments.map((d: any) => [d.name, d.rank, d.led, d.completedOnTime, d.overdue, d.onTimeRate])).toEqual([
      ['Sở Giáo dục và Đào tạo', 1, 2, 1, 0, 100],
      ['Sở Thông tin và Truyền thông', 2, 4, 2, 2, 50],
      ['Sở Kế hoạch và Đầu tư', 3, 2, 0, 0, null],
    ]);
    expect(s.appendices.map((a: any) => [a.planNumber, a.rows.length])).toEqual([['36/QĐ-UBND', 1], ['30/KH-BCĐCĐS', 6]]);
    const collective = s.appendices[1].rows.find((r: any) => r.code === '4');
    expect(collective).toMatchObject({ lead: 'Các Sở, ban, ngành; địa phương', status: 'in_progress', collectiveParts: { completed: 1, total: 2 } });
  });

  it('keeps the snapshot (as known when made) when tasks change after the cut-off; the as-of roll-up counts what was done by then, as known now', async () => {
    env.clock.set('2024-07-02T03:00:00Z');
    await report(task['2'].id, { status: 'completed', completedOn: '2024-07-02', outputDocuments: [doc('1602/QĐ-UBND', '2024-07-02')] });
    await report(task['155'].id, { status: 'cancelled' });
    // entered on 2 July, assigned by plan 30 of 6 February: it existed at the cut-off
    await createTask(env, secretariat.auth, { planId: plan30, code: '7', title: 'Nhiệm vụ bổ sung', leadDepartmentId: sgddt, deadlineText: 'Quý IV/2024' });
    const scope = `planId=${plan36},${plan30}`;

    const snapshot = (await env.http().get(`/api/v1/meetings/${half.id}/summary`).set(viewer.auth).expect(200)).body;
    expect(snapshot).toEqual(firstSummary);
    // as done on 30 June: task 2 was still in progress (completed on 2 July), 155 not yet
    // cancelled; task 7 was assigned and not started
    const asOf = (await env.http().get(`/api/v1/rollups?${scope}&asOf=2024-06-30`).set(viewer.auth).expect(200)).body;
    const firstTotal = firstSummary.rollup.total;
    expect(asOf.total).toEqual({ ...firstTotal, total: 8, notStarted: 2, withinDeadline: 3, completionRate: 25 });
    const live = (await env.http().get(`/api/v1/rollups?${scope}`).set(viewer.auth).expect(200)).body;
    expect(live.total).toMatchObject({ total: 8, completed: 3, completedLate: 1, cancelled: 1, overdue: 0 });
    expect(live.total).not.toEqual(firstSummary.rollup.total);

    // computed again later, the summary counts what is known now of 30 June; the newer snapshot is the one served
    env.clock.set('2024-07-03T03:00:00Z');
    await env.http().post(`/api/v1/meetings/${half.id}/summary`).set(secretariat.auth).expect(202);
    const again = await waitForSummary(half.id, firstSummary.id);
    expect(again.computedAt).toBe('2024-07-03T03:00:00.000Z');
    expect(again.rollup).toEqual(asOf);
    const { id: _a, computedAt: _b, rollup: _r1, departmentRanking: _k1, appendices: _p1, ...sameA } = again;
    const { id: _c, computedAt: _d, rollup: _r2, departmentRanking: _k2, appendices: _p2, ...sameB } = firstSummary;
    expect(sameA).toEqual(sameB);
    // the departments compared and the appendices of the day recomputed count task 7 too, as the roll-up does
    const ranking = (await env.http().get(`/api/v1/rollups/departments?${scope}&asOf=2024-06-30`).set(viewer.auth).expect(200)).body;
    expect(again.departmentRanking).toEqual(ranking);
    expect(again.departmentRanking).not.toEqual(firstSummary.departmentRanking);
    expect(again.appendices.map((a: any) => a.planNumber)).toEqual(['36/QĐ-UBND', '30/KH-BCĐCĐS']);
    expect(again.appendices[0]).toEqual(firstSummary.appendices[0]);
    const { rows: rows30, ...head30 } = again.appendices[1];
    expect({ ...head30, rows: rows30.slice(0, -1) }).toEqual(firstSummary.appendices[1]);
    expect(rows30.at(-1)).toMatchObject({ code: '7', status: 'not_started', progress: null, submitted: [], issued: [] });
  });

  it('lists everything completed up to the cut-off when no earlier meeting reviewed the plans', async () => {
    await env.http().post(`/api/v1/meetings/${q1.id}/summary`).set(secretariat.auth).expect(202);
    const s = await waitForSummary(q1.id);
    expect(s.previousMeeting).toBeNull();
    expect(s.completedSince.since).toBeNull();
    expect(s.completedSince.tasks.map((t: any) => t.code)).toEqual(['1']);
    expect(s.completedSince.tasks[0].documents.map((d: any) => d.number)).toEqual(['551/STTTT-CN', '03-KH/BCĐCĐS']);
    // task 7, entered in July, was assigned by the plan of February: counted as not started
    expect(s.rollup.total).toMatchObject({ total: 7, completed: 1, inProgress: 1, notStarted: 4, recurring: 1, overdue: 0, completionRate: 14.29 });
    expect(s.dueBeforeNextMeeting).toEqual({ from: '2024-03-31', until: null, tasks: [] });
  });

  it('refuses a summary before its cut-off has come', async () => {
    const soon = (await env.http().post('/api/v1/meetings').set(secretariat.auth)
      .send({ title: 'Phiên họp tháng 7', heldOn: '2024-07-20', asOf: '2024-07-15', planIds: [plan30] }).expect(201)).body;
    const res = await env.http().post(`/api/v1/meetings/${soon.id}/summary`).set(secretariat.auth).expect(400);
    expect(res.body.message).toBe('asOf: the cut-off 2024-07-15 is after today (2024-07-03); a summary can be computed from that day on');
  });

  it('takes a cut-off of today from the tasks as they are now', async () => {
    const today = (await env.http().post('/api/v1/meetings').set(secretariat.auth)
      .send({ title: 'Giao ban tháng 7', heldOn: '2024-07-03', asOf: '2024-07-03', nextMeetingOn: '2024-07-31', planIds: [plan30] }).expect(201)).body;
    await env.http().post(`/api/v1/meetings/${today.id}/summary`).set(secretariat.auth).expect(202);
    const s = await waitForSummary(today.id);
    const live = (await env.http().get(`/api/v1/rollups?planId=${plan30}`).set(viewer.auth).expect(200)).body;
    expect(s.rollup).toEqual(live);
    expect(s.rollup.total).toMatchObject({ total: 7, completed: 3, completedLate: 1, notStarted: 1, completionRate: 42.86 });
    expect(s.overdue).toEqual([]);
    // the half-year meeting is the previous one: since its cut-off, task 2 was completed (late)
    expect(s.previousMeeting.id).toBe(half.id);
    expect(s.completedSince.tasks.map((t: any) => [t.code, t.completedOn, t.timeliness, t.documents.map((d: any) => d.number)])).toEqual([
      ['2', '2024-07-02', 'late', ['1602/QĐ-UBND']],
    ]);
    expect(s.dueBeforeNextMeeting.tasks.map((t: any) => [t.code, t.daysLeft])).toEqual([['5', 12]]);
  });

  it('gives the summary as a workbook laid out like the reports’ appendices', async () => {
    const res = await download(`/api/v1/meetings/${half.id}/summary.xlsx`, viewer.auth, env).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="tong-hop-phien-hop-ban-chi-dao-6-thang-dau-nam-2024-2024-06-30.xlsx"; ` +
        `filename*=UTF-8''${encodeURIComponent('Tổng hợp - Phiên họp Ban Chỉ đạo 6 tháng đầu năm 2024 - đến 30-06-2024.xlsx')}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Theo đơn vị', 'Nhiệm vụ quá hạn', 'Đã hoàn thành', 'Sắp đến hạn', 'Xếp hạng đơn vị', 'Phụ lục 1', 'Phụ lục 2']);
    for (const ws of wb.worksheets) {
      expect(ws.getCell('A1').value).toBe('Phiên họp Ban Chỉ đạo 6 tháng đầu năm 2024 - Kết quả đến ngày 30/06/2024');
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    }

    const sum = wb.getWorksheet('Tổng hợp')!;
    const row = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as ExcelJS.CellValue[]).slice(1);
    expect(row(sum, 4).slice(0, 4)).toEqual(['STT', 'Văn bản giao nhiệm vụ', 'Tổng số nhiệm vụ', 'Đã hoàn thành']);
    expect(row(sum, 5).slice(3, 7)).toEqual(['Tổng số', 'Đúng hạn', 'Quá hạn', 'Đã được xác nhận']);
    expect(sum.getCell('I4').value).toBe('Chưa hoàn thành');
    expect(sum.getCell('O4').value).toBe('Tỷ lệ hoàn thành (%)');
    expect(row(sum, 6)).toEqual([1, '36/QĐ-UBND', 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
    // the summary computed again on 3 July (the one served) counts task 7, assigned by plan 30 in February
    expect(row(sum, 7)).toEqual([2, '30/KH-BCĐCĐS', 7, 2, 2, 0, 0, 1, 3, 1, 0, 3, 1, 0, 28.57]);
    expect(row(sum, 8).slice(1)).toEqual(['Tổng cộng', 8, 2, 2, 0, 0, 1, 3, 2, 0, 3, 2, 0, 25]);
    expect(sum.getCell('O8').numFmt).toBe('0.00');
    expect(typeof sum.getCell('O7').value).toBe('number');
    expect(sum.getColumn(2).width).toBe(34);
    expect(sum.getCell('B6').alignment).toMatchObject({ wrapText: true });

    const dep = wb.getWorksheet('Theo đơn vị')!;
    expect(dep.getCell('B4').value).toBe('Đơn vị chủ trì');
    expect([6, 7, 8].map((n) => [dep.getCell(`B${n}`).value, dep.getCell(`C${n}`).value, dep.getCell(`O${n}`).value])).toEqual([
      ['Sở Giáo dục và Đào tạo', 3, 33.33],
      ['Sở Kế hoạch và Đầu tư', 2, 0],
      ['Sở Thông tin và Truyền thông', 4, 50],
    ]);

    const overdue = wb.getWorksheet('Nhiệm vụ quá hạn')!;
    expect(row(overdue, 4)).toEqual(['STT', 'Mã nhiệm vụ', 'Nội dung nhiệm vụ', 'Văn bản giao nhiệm vụ', 'Đơn vị chủ trì', 'Hạn hoàn thành', 'Số ngày quá hạn', 'Tình trạng']);
    expect(row(overdue, 5)).toEqual([1, '2', 'Cập nhật Kiến trúc chính quyền điện tử tỉnh', '30/KH-BCĐCĐS', 'Sở Thông tin và Truyền thông', new Date('2024-04-30T00:00:00Z'), 61, 'Đang thực hiện']);
    expect(overdue.getCell('F5').numFmt).toBe('dd/mm/yyyy');
    expect(overdue.getCell('C5').alignment).toMatchObject({ wrapText: true });
    expect(overdue.getCell('B6').value).toBe('155');

    const done = wb.getWorksheet('Đã hoàn thành')!;
    expect(done.getCell('A2').value).toBe('Nhiệm vụ hoàn thành từ sau Phiên họp quý I/2024 (kết quả đến ngày 31/03/2024) đến ngày 30/06/2024');
    expect(row(done, 4).slice(6)).toEqual(['Ngày hoàn thành', 'Tiến độ', 'Số, ngày văn bản trình', 'Số, ngày văn bản ban hành']);
    expect(done.getCell('B6').value).toBe('3');
    expect(done.getCell('I6').value).toBe('1158/KHPPH-STTTT-SGDĐT-TĐ ngày 08/05/2024');
    expect(done.getCell('J5').value).toBe('12/QĐ-STTTT ngày 15/05/2024');

    const due = wb.getWorksheet('Sắp đến hạn')!;
    expect(due.getCell('A2').value).toBe('Nhiệm vụ đến hạn từ ngày 30/06/2024 đến ngày 31/07/2024 (phiên họp tiếp theo)');
    expect(row(due, 5).slice(1, 2)).toEqual(['5']);
    expect(due.getCell('G5').value).toBe(15);

    const ranking = wb.getWorksheet('Xếp hạng đơn vị')!;
    expect(row(ranking, 4).slice(0, 4)).toEqual(['Xếp hạng', 'Đơn vị chủ trì', 'Số nhiệm vụ chủ trì', 'Đã hoàn thành']);
    // recomputed on 3 July: task 7 of Sở GDĐT, assigned in February, within deadline on 30 June
    expect(row(ranking, 6)).toEqual([1, 'Sở Giáo dục và Đào tạo', 3, 1, 1, 0, 2, 0, 100, 0, 0, 0]);
    const annex = wb.getWorksheet('Phụ lục 2')!;
    expect(annex.getCell('A2').value).toBe('Tình hình thực hiện các nhiệm vụ theo Kế hoạch số 30/KH-BCĐCĐS ngày 06/02/2024 của UBND tỉnh Ninh Thuận');
    expect(annex.getCell('G4').value).toBe('Đơn vị chủ trì');
    expect(annex.getCell('H4').value).toBe('Kết quả thực hiện');
    // task 4, collective: its group as lead, its progress with "x/y đơn vị"
    expect(row(annex, 9).slice(2, 8)).toEqual(['Mỗi cơ quan, đơn vị có tối thiểu một sản phẩm chuyển đổi số', 'Quý III/2024', '', '', 'Các Sở, ban, ngành; địa phương', 'Đang thực hiện\n1/2 đơn vị hoàn thành']);
  });

  it('gives the departments compared and the appendices as CSV too', async () => {
    const ranking = await download(`/api/v1/meetings/${half.id}/summary/departments.csv`, viewer.auth, env).expect(200);
    expect(ranking.headers['content-disposition']).toMatch(/^attachment; filename="xep-hang-don-vi-phien-hop-ban-chi-dao-6-thang-dau-nam-2024-2024-06-30\.csv"/);
    const rows: Record<string, string>[] = parse(ranking.body, { bom: true, columns: true });
    expect(rows.map((r) => [r['Xếp hạng'], r['Đơn vị chủ trì'], r['Tỷ lệ hoàn thành đúng hạn (%)'], r['Chưa hoàn thành - Quá hạn']])).toEqual([
      ['1', 'Sở Giáo dục và Đào tạo', '100,00', '0'],
      ['2', 'Sở Thông tin và Truyền thông', '50,00', '2'],
      ['3', 'Sở Kế hoạch và Đầu tư', '', '0'],
    ]);
    const annex = await download(`/api/v1/meetings/${half.id}/summary/appendix.csv`, viewer.auth, env).expect(200);
    const tasks: Record<string, string>[] = parse(annex.body, { bom: true, columns: true });
    expect(tasks.map((r) => [r['Văn bản giao nhiệm vụ'], r['STT'], r['Đơn vị hoàn thành']])).toEqual([
      ['36/QĐ-UBND', '1', ''],
      ['30/KH-BCĐCĐS', '1', ''], ['30/KH-BCĐCĐS', '2', ''], ['30/KH-BCĐCĐS', '3', ''],
      ['30/KH-BCĐCĐS', '4', '1/2 đơn vị'], ['30/KH-BCĐCĐS', '5', ''], ['30/KH-BCĐCĐS', '6', ''], ['30/KH-BCĐCĐS', '7', ''],
    ]);

    // a summary made before these parts existed (a copy without them, made latest): 404 saying to make it again
    const [{ id: old }] = await env.db.query(
      `INSERT INTO meeting_summaries (meeting_id, as_of, computed_at, content)
       SELECT meeting_id, as_of, computed_at + interval '1 second', content - 'departmentRanking' - 'appendices'
         FROM meeting_summaries WHERE meeting_id = $1 ORDER BY computed_at DESC LIMIT 1 RETURNING id`,
      [half.id],
    );
    try {
      for (const part of ['departments.csv', 'appendix.csv']) {
        const res = await env.http().get(`/api/v1/meetings/${half.id}/summary/${part}`).set(viewer.auth).expect(404);
        expect(res.body).toMatchObject({ code: 'SUMMARY_PART_MISSING', message: expect.stringMatching(/make the summary again$/) });
      }
    } finally {
      await env.db.query(`DELETE FROM meeting_summaries WHERE id = $1`, [old]);
    }
  });

  it('gives the counts as CSV in UTF-8 with a BOM, parsed back whole', async () => {
    const res = await download(`/api/v1/meetings/${half.id}/summary.csv`, viewer.auth, env).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="tong-hop-phien-hop-ban-chi-dao-6-thang-dau-nam-2024-2024-06-30\.csv"; filename\*=UTF-8''/);
    const bytes: Buffer = res.body;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: Record<string, string>[] = parse(bytes, { bom: true, columns: true });
    expect(Object.keys(rows[0]).slice(0, 7)).toEqual(['Bảng', 'STT', 'Tên', 'Mã định danh', 'Tổng số nhiệm vụ', 'Đã hoàn thành - Tổng số', 'Đã hoàn thành - Đúng hạn']);
    expect(rows.map((r) => [r['Bảng'], r['Tên'], r['Tổng số nhiệm vụ'], r['Đã hoàn thành - Tổng số'], r['Chưa hoàn thành - Quá hạn'], r['Tỷ lệ hoàn thành (%)']])).toEqual([
      // the rate as the Vietnamese reports write it, with the decimal comma
      ['Tổng hợp', '36/QĐ-UBND', '1', '0', '1', '0,00'],
      ['Tổng hợp', '30/KH-BCĐCĐS', '7', '2', '1', '28,57'],
      ['Tổng hợp', 'Tổng cộng', '8', '2', '2', '25,00'],
      ['Theo đơn vị', 'Sở Giáo dục và Đào tạo', '3', '1', '0', '33,33'],
      ['Theo đơn vị', 'Sở Kế hoạch và Đầu tư', '2', '0', '0', '0,00'],
      ['Theo đơn vị', 'Sở Thông tin và Truyền thông', '4', '2', '2', '50,00'],
    ]);
    expect(rows[1]['Mã định danh']).toBe(plan30);
  });
});
