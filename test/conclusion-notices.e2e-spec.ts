import ExcelJS from 'exceljs';
import { createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';
import { waitForSummary } from './support/wait';

const download = (path: string, who: { Authorization: string }, env: TestEnv) =>
  env.http().get(path).set(who).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/**
 * Seed 003's chain in small (issue 18, item 1): a 2023 plan of 53 tasks, the year-end meeting,
 * its conclusion notice carrying the 8 unfinished, and the 2024 meeting's summary: "Kết quả thực
 * hiện các nhiệm vụ chưa hoàn thành theo Thông báo kết luận số 25/TB-VPUBND ngày 30/01/2024",
 * "Còn 08/53 … (chiếm 15,1%)", the 8 by department with their results; each carried task keeps
 * its identity and one continuous history.
 */
describe('conclusion notices and carried-over tasks', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let admin: Who, sec: Who, viewer: Who;
  let plan2023: string, notice: string, yearEnd: string;
  const depts: string[] = [];
  const names = ['Sở Giáo dục và Đào tạo', 'Sở Nội vụ', 'Sở Thông tin và Truyền thông', 'Sở Y tế'];
  const tasks: string[] = [];
  const unfinished: string[] = [];

  async function report(id: string, body: Record<string, unknown>) {
    const { version } = (await env.http().get(`/api/v1/tasks/${id}`).set(sec.auth).expect(200)).body;
    await env.http().post(`/api/v1/tasks/${id}/updates`).set(sec.auth).send({ version, ...body }).expect(201);
  }
  const complete = (id: string, day: string, doc: string) =>
    report(id, { status: 'completed', completedOn: day, progressNote: 'Đã hoàn thành', outputDocuments: [{ number: doc, issuedOn: day, kind: 'issued' }] });
  async function summaryOf(meetingId: string): Promise<any> {
    await env.http().post(`/api/v1/meetings/${meetingId}/summary`).set(sec.auth).expect(202);
    return waitForSummary(env, viewer.auth, meetingId);
  }

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2023-02-15T03:00:00Z');
    admin = await signIn(env, 'admin');
    sec = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    for (const [i, name] of names.entries()) depts.push(await createDepartment(env, admin.auth, `D${i}`, name));
    plan2023 = await createPlan(env, sec.auth, { number: '10/KH-BCĐCĐS', issuedOn: '2023-02-10', year: 2023, title: 'Kế hoạch chuyển đổi số năm 2023' });
    for (let i = 1; i <= 53; i++) {
      const task = await createTask(env, sec.auth, {
        planId: plan2023, code: String(i), title: `Nhiệm vụ chuyển đổi số số ${i}`, leadDepartmentId: depts[i % 4], dueDate: '2023-11-30',
      });
      tasks.push(task.id);
    }
    // 45 done in 2023; 8 left (tasks 46–53)
    env.clock.set('2023-12-20T03:00:00Z');
    for (let i = 0; i < 45; i++) await complete(tasks[i], '2023-11-20', `${100 + i}/STTTT`);
    unfinished.push(...tasks.slice(45));
    await report(unfinished[0], { status: 'in_progress', progressNote: 'Đang triển khai' });
    env.clock.set('2024-01-25T03:00:00Z');
    yearEnd = (await env.http().post('/api/v1/meetings').set(sec.auth)
      .send({ title: 'Phiên họp tổng kết nhiệm vụ năm 2023', heldOn: '2024-01-25', asOf: '2023-12-31', planIds: [plan2023] }).expect(201)).body.id;
    await env.startWorker();
  }, 120_000);
  afterAll(() => env.close());

  it('records the conclusion notice of the year-end meeting and carries the 8 unfinished tasks into it, each keeping its plan and history', async () => {
    env.clock.set('2024-01-30T03:00:00Z');
    // only a conclusion notice names its meeting
    let res = await env.http().post('/api/v1/plans').set(sec.auth).send({
      number: '26/KH-UBND', kind: 'plan', title: 'x', issuedOn: '2024-01-30', issuer: 'UBND tỉnh', year: 2024, meetingId: yearEnd,
    }).expect(400);
    expect(res.body.message).toMatch(/^meetingId: /);
    res = await env.http().post('/api/v1/plans').set(sec.auth).send({
      number: '25/TB-VPUBND', kind: 'conclusion_notice', title: 'Kết luận của Trưởng Ban Chỉ đạo tại phiên họp tổng kết nhiệm vụ năm 2023',
      issuedOn: '2024-01-30', issuer: 'Văn phòng UBND tỉnh', year: 2024, meetingId: yearEnd,
    }).expect(201);
    notice = res.body.id;
    expect(res.body).toMatchObject({ kind: 'conclusion_notice', meetingId: yearEnd });
    const fresh = await createTask(env, sec.auth, { planId: notice, code: '1', title: 'Tổng kết 5 năm chuyển đổi số', leadDepartmentId: depts[2], dueDate: '2024-12-15' });

    // the notice's roll-up before carrying (cached: carrying must make a new one)
    const before = (await env.http().get(`/api/v1/rollups?planId=${notice}`).set(viewer.auth).expect(200)).body;
    expect(before.total).toMatchObject({ total: 1, notStarted: 1 });
    expect((await env.http().get(`/api/v1/rollups?planId=${notice}`).set(viewer.auth).expect(200)).body).toEqual(before);

    const carried = await env.http().post(`/api/v1/plans/${notice}/carried-tasks`).set(sec.auth).send({ taskIds: unfinished }).expect(200);
    expect(carried.body).toHaveLength(8);
    expect(carried.body.every((t: any) => t.planId === plan2023 && t.planNumber === '10/KH-BCĐCĐS')).toBe(true);
    // again: nothing twice
    await env.http().post(`/api/v1/plans/${notice}/carried-tasks`).set(sec.auth).send({ taskIds: unfinished.slice(0, 2) }).expect(200);
    expect((await env.http().get(`/api/v1/plans/${notice}/carried-tasks`).set(viewer.auth).expect(200)).body.map((t: any) => t.taskId)).toEqual(unfinished);
    // refusals naming the field
    res = await env.http().post(`/api/v1/plans/${plan2023}/carried-tasks`).set(sec.auth).send({ taskIds: [fresh.id] }).expect(400);
    expect(res.body.message).toMatch(/^kind: /);
    res = await env.http().post(`/api/v1/plans/${notice}/carried-tasks`).set(sec.auth).send({ taskIds: [fresh.id] }).expect(400);
    expect(res.body.message).toMatch(/^taskIds: .*own/);
    await env.http().post(`/api/v1/plans/${notice}/carried-tasks`).set(viewer.auth).send({ taskIds: unfinished }).expect(403);

    // the task is the same row: its plan, its roll-up (53 in 2023's plan), its history with one carried_over row
    const task = (await env.http().get(`/api/v1/tasks/${unfinished[0]}`).set(viewer.auth).expect(200)).body;
    expect(task).toMatchObject({ id: unfinished[0], planId: plan2023, status: 'in_progress' });
    const rollup = (await env.http().get(`/api/v1/rollups?planId=${plan2023}`).set(viewer.auth).expect(200)).body;
    expect(rollup.total).toMatchObject({ total: 53, completed: 45 });
    const history = (await env.http().get(`/api/v1/tasks/${unfinished[0]}/updates`).set(viewer.auth).expect(200)).body;
    expect(history.map((h: any) => h.action)).toEqual(['created', 'progress_reported', 'carried_over']);
    expect(history[2].note).toBe('Chuyển theo dõi theo Thông báo kết luận số 25/TB-VPUBND ngày 30/01/2024');
  });

  it('counts a carried task once in each scope it belongs to: its own plan, the notice, and once in both together', async () => {
    // the notice: its own new task and the 8 carried (one in progress, seven not started); the cached roll-up of before is not served
    const ofNotice = (await env.http().get(`/api/v1/rollups?planId=${notice}`).set(viewer.auth).expect(200)).body;
    expect(ofNotice.total).toMatchObject({ total: 9, completed: 0, inProgress: 1, notStarted: 8 });
    expect(ofNotice.byPlan).toEqual([expect.objectContaining({ planId: notice, number: '25/TB-VPUBND', total: 9, inProgress: 1 })]);
    expect(ofNotice.byDepartment.reduce((n: number, d: any) => n + d.total, 0)).toBe(9);
    // the departments compared over the notice count the same tasks, department by department
    const ranking = (await env.http().get(`/api/v1/rollups/departments?planId=${notice}`).set(viewer.auth).expect(200)).body;
    expect(Object.fromEntries(ranking.departments.filter((d: any) => d.led).map((d: any) => [d.departmentId, d.led])))
      .toEqual(Object.fromEntries(ofNotice.byDepartment.map((d: any) => [d.departmentId, d.total])));
    // the old plan still counts them
    const ofOld = (await env.http().get(`/api/v1/rollups?planId=${plan2023}`).set(viewer.auth).expect(200)).body;
    expect(ofOld.total).toMatchObject({ total: 53, completed: 45, inProgress: 1 });
    // both together: each plan with its figures, the 8 once in the total and in the departments
    const both = (await env.http().get(`/api/v1/rollups?planId=${plan2023}&planId=${notice}`).set(viewer.auth).expect(200)).body;
    expect(both.total).toMatchObject({ total: 54, completed: 45, inProgress: 1, notStarted: 8 });
    expect(both.byPlan.map((p: any) => [p.number, p.total, p.completed])).toEqual([['10/KH-BCĐCĐS', 53, 45], ['25/TB-VPUBND', 9, 0]]);
    expect(both.byDepartment.reduce((n: number, d: any) => n + d.total, 0)).toBe(54);
    // every plan: the same, the notice listed with its carried tasks
    const all = (await env.http().get(`/api/v1/rollups`).set(viewer.auth).expect(200)).body;
    expect(all.total).toMatchObject({ total: 54, completed: 45 });
    expect(all.byPlan.find((p: any) => p.planId === notice)).toMatchObject({ total: 9 });
    // a carried task's progress shows in the notice's (cached) roll-up too
    const { version } = (await env.http().get(`/api/v1/tasks/${unfinished[3]}`).set(sec.auth).expect(200)).body;
    await env.http().post(`/api/v1/tasks/${unfinished[3]}/updates`).set(sec.auth).send({ version, status: 'in_progress', progressNote: 'Đang làm' }).expect(201);
    const after = (await env.http().get(`/api/v1/rollups?planId=${notice}`).set(viewer.auth).expect(200)).body;
    expect(after.total).toMatchObject({ total: 9, inProgress: 2, notStarted: 7 });
  });

  it("gives the 2024 meeting's summary the notice's section: 08/53 (15,1%) and the 8 by department with their results at the cut-off", async () => {
    // 2024: two of the eight done (one before the cut-off, one after), one blocked
    env.clock.set('2024-05-20T03:00:00Z');
    await complete(unfinished[0], '2024-05-15', '45/STTTT-CĐS');
    await report(unfinished[1], { status: 'blocked', progressNote: 'Chờ kinh phí' });
    env.clock.set('2024-07-03T03:00:00Z');
    await complete(unfinished[2], '2024-07-02', '60/SNV');
    // entered after the cut-off, dated before it: done at the cut-off, read as done like the roll-up
    await complete(unfinished[4], '2024-06-25', '61/STTTT');
    const history = (await env.http().get(`/api/v1/tasks/${unfinished[0]}/updates`).set(viewer.auth).expect(200)).body;
    expect(history.map((h: any) => h.action)).toEqual(['created', 'progress_reported', 'carried_over', 'progress_reported']);

    // a carried task urged before the cut-off: listed as urged under the notice, though its plan is 2023's
    await env.http().post('/api/v1/urgings').set(sec.auth).send({ number: '168/STTTT-CNTT', issuedOn: '2024-06-10', taskIds: [unfinished[3]] }).expect(201);
    const meeting = (await env.http().post('/api/v1/meetings').set(sec.auth)
      .send({ title: 'Phiên họp Ban Chỉ đạo 6 tháng đầu năm 2024', heldOn: '2024-07-05', asOf: '2024-06-30', planIds: [notice] }).expect(201)).body;
    const summary = await summaryOf(meeting.id);
    expect(summary.carriedOver).toHaveLength(1);
    expect(summary.urged).toEqual([expect.objectContaining({ taskId: unfinished[3], planId: plan2023, times: 1, letters: [{ number: '168/STTTT-CNTT', issuedOn: '2024-06-10' }] })]);
    // the summary's roll-up over the notice counts its own task and the 8 carried
    expect(summary.rollup.total.total).toBe(9);
    const section = summary.carriedOver[0];
    expect(section.heading).toBe('Kết quả thực hiện các nhiệm vụ chưa hoàn thành theo Thông báo kết luận số 25/TB-VPUBND ngày 30/01/2024');
    expect(section.sources).toEqual([
      { planId: plan2023, number: '10/KH-BCĐCĐS', carried: 8, total: 53, rate: 15.1, text: 'Còn 08/53 nhiệm vụ đang thực hiện (chiếm 15,1%) theo Kế hoạch số 10/KH-BCĐCĐS' },
    ]);
    // at the cut-off of 30/06: tasks 46 and 50 done, 48 not yet (done 02/07)
    expect(section).toMatchObject({ carried: 8, completed: 2 });
    expect(summary.rollup.total.completed).toBe(2);
    const byDepartment = section.departments.map((d: any) => [d.name, d.tasks.map((t: any) => `${t.code}: ${t.result}`)]);
    // (49 in progress since the roll-up test) tasks 46–53 lead by depts[i % 4]: 46→2, 47→3, 48→0, 49→1, 50→2, 51→3, 52→0, 53→1
    expect(byDepartment).toEqual([
      ['Sở Giáo dục và Đào tạo', ['48: Chưa thực hiện', '52: Chưa thực hiện']],
      ['Sở Nội vụ', ['49: Đang thực hiện', '53: Chưa thực hiện']],
      ['Sở Thông tin và Truyền thông', ['46: Hoàn thành ngày 15/05/2024', '50: Hoàn thành ngày 25/06/2024']],
      ['Sở Y tế', ['47: Vướng mắc', '51: Chưa thực hiện']],
    ]);

    const file = await download(`/api/v1/meetings/${meeting.id}/summary.xlsx`, viewer.auth, env).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body);
    const ws = wb.getWorksheet('Chuyển tiếp')!;
    expect(ws).toBeDefined();
    expect(ws.getCell('A2').value).toBe(
      'Kết quả thực hiện các nhiệm vụ chưa hoàn thành theo Thông báo kết luận số 25/TB-VPUBND ngày 30/01/2024: Còn 08/53 nhiệm vụ đang thực hiện (chiếm 15,1%) theo Kế hoạch số 10/KH-BCĐCĐS',
    );
    const row = (n: number) => (ws.getRow(n).values as ExcelJS.CellValue[]).slice(1);
    expect(row(4)).toEqual(['STT', 'Đơn vị chủ trì', 'Mã nhiệm vụ', 'Nội dung nhiệm vụ', 'Văn bản giao nhiệm vụ', 'Thông báo kết luận', 'Hạn hoàn thành', 'Kết quả thực hiện']);
    expect(row(9)).toEqual([5, 'Sở Thông tin và Truyền thông', '46', 'Nhiệm vụ chuyển đổi số số 46', '10/KH-BCĐCĐS', '25/TB-VPUBND', new Date('2023-11-30T00:00:00Z'), 'Hoàn thành ngày 15/05/2024']);
    expect(ws.rowCount).toBe(4 + 8);
  });
});
