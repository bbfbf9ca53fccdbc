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
 * Urging letters on record (issue 18, item 4): "Đôn đốc … (Công văn 168/STTTT-CNTT ngày
 * 10/02/2025)". The secretariat records the letter against overdue tasks; it is in each task's
 * history, the departments' focal points and heads are told, and the meeting summary lists the
 * tasks urged and how often, with a sheet of its own in the workbook.
 */
describe('urging letters', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let admin: Who, sec: Who, viewer: Who, headA: Who, headB: Who, fpA: Who, fpB: Who, fpC: Who;
  let deptA: string, deptB: string, deptC: string, planId: string;
  let t1: string, t2: string, t3: string, t4: string;

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2025-02-12T03:00:00Z');
    admin = await signIn(env, 'admin');
    sec = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    headA = await signIn(env, 'viewer');
    headB = await signIn(env, 'viewer');
    deptA = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    deptB = await createDepartment(env, admin.auth, 'SNV', 'Sở Nội vụ');
    deptC = await createDepartment(env, admin.auth, 'SYT', 'Sở Y tế');
    for (const [id, head] of [[deptA, headA], [deptB, headB]] as const) {
      const { version } = (await env.http().get(`/api/v1/departments/${id}`).set(admin.auth).expect(200)).body;
      await env.http().patch(`/api/v1/departments/${id}`).set(admin.auth).send({ version, headUserId: head.id }).expect(200);
    }
    fpA = await signIn(env, 'focal_point', deptA);
    fpB = await signIn(env, 'focal_point', deptB);
    fpC = await signIn(env, 'focal_point', deptC);
    planId = await createPlan(env, sec.auth, { number: '10/KH-BCĐCĐS', issuedOn: '2024-01-15', year: 2024 });
    t1 = (await createTask(env, sec.auth, { planId, code: '1', title: 'Số hoá hồ sơ thủ tục hành chính', leadDepartmentId: deptA, dueDate: '2024-12-31' })).id;
    t2 = (await createTask(env, sec.auth, { planId, code: '2', title: 'Chuẩn hoá cơ sở dữ liệu cán bộ', leadDepartmentId: deptB, dueDate: '2025-01-15' })).id;
    t3 = (await createTask(env, sec.auth, { planId, code: '3', title: 'Bệnh án điện tử', leadDepartmentId: deptC, dueDate: '2025-01-31' })).id;
    t4 = (await createTask(env, sec.auth, { planId, code: '4', title: 'Đã dừng', leadDepartmentId: deptC, dueDate: '2025-01-31' })).id;
    await env.db.query(`UPDATE tasks SET status = 'cancelled' WHERE id = $1`, [t4]);
  });
  afterAll(() => env.close());

  it('records a letter against overdue tasks: history, and a notice to the focal points and heads of their departments', async () => {
    const res = await env.http().post('/api/v1/urgings').set(sec.auth)
      .send({ number: '168/STTTT-CNTT', issuedOn: '2025-02-10', taskIds: [t1, t2], note: 'Đề nghị báo cáo trước ngày 20/02/2025.' }).expect(201);
    expect(res.body).toMatchObject({
      number: '168/STTTT-CNTT', issuedOn: '2025-02-10', note: 'Đề nghị báo cáo trước ngày 20/02/2025.',
      departmentIds: [deptA, deptB].sort(), createdBy: sec.id,
    });
    expect(res.body.tasks.map((t: any) => [t.code, t.planNumber])).toEqual([['1', '10/KH-BCĐCĐS'], ['2', '10/KH-BCĐCĐS']]);

    const history = (await env.http().get(`/api/v1/tasks/${t1}/updates`).set(viewer.auth).expect(200)).body;
    const urged = history.filter((h: any) => h.action === 'urged');
    expect(urged).toHaveLength(1);
    expect(urged[0]).toMatchObject({
      actorId: sec.id, status: 'not_started', dueDate: '2024-12-31',
      note: 'Đôn đốc theo Công văn số 168/STTTT-CNTT ngày 10/02/2025: Đề nghị báo cáo trước ngày 20/02/2025.',
    });

    const inbox = async (who: Who) => (await env.http().get('/api/v1/notifications').set(who.auth).expect(200)).body.items.filter((n: any) => n.kind === 'urging');
    for (const who of [fpA, fpB, headA, headB]) {
      const notices = await inbox(who);
      expect(notices).toHaveLength(1);
      expect(notices[0].title).toBe('Đôn đốc 2 nhiệm vụ theo Công văn số 168/STTTT-CNTT ngày 10/02/2025');
      expect(notices[0].body).toContain('- Nhiệm vụ 1 "Số hoá hồ sơ thủ tục hành chính" (10/KH-BCĐCĐS)');
    }
    expect((await inbox(fpA))[0].body).toContain('(1 do đơn vị chủ trì)');
    expect(await inbox(fpC)).toEqual([]);
    expect(await inbox(viewer)).toEqual([]);
  });

  it('refuses what is not a letter to record, naming the field', async () => {
    let res = await env.http().post('/api/v1/urgings').set(sec.auth).send({ number: '168/STTTT-CNTT', issuedOn: '2025-02-10', taskIds: [t3] }).expect(409);
    expect(res.body.code).toBe('DUPLICATE');
    res = await env.http().post('/api/v1/urgings').set(sec.auth).send({ number: '170/STTTT-CNTT', issuedOn: '2025-02-11', taskIds: [t3, t4] }).expect(400);
    expect(res.body.message).toMatch(/^taskIds: only open tasks .*task 4 is cancelled/);
    res = await env.http().post('/api/v1/urgings').set(sec.auth).send({ number: '170/STTTT-CNTT', issuedOn: '2025-02-11', taskIds: [] }).expect(400);
    expect(JSON.stringify(res.body)).toMatch(/taskIds/);
    res = await env.http().post('/api/v1/urgings').set(sec.auth)
      .send({ number: '170/STTTT-CNTT', issuedOn: '2025-02-11', taskIds: ['00000000-0000-4000-8000-000000000000'] }).expect(400);
    expect(res.body.message).toMatch(/^taskIds: unknown task/);
    await env.http().post('/api/v1/urgings').set(fpA.auth).send({ number: '171/STTTT-CNTT', issuedOn: '2025-02-11', taskIds: [t1] }).expect(403);
    // nothing of the refused letters is on record
    expect((await env.http().get('/api/v1/urgings').set(viewer.auth).expect(200)).body.total).toBe(1);
  });

  it('lists the letters of a task and of a department, and sends a letter to the departments named', async () => {
    await env.http().post('/api/v1/urgings').set(sec.auth)
      .send({ number: '175/STTTT-CNTT', issuedOn: '2025-02-12', taskIds: [t1], departmentIds: [deptA, deptC] }).expect(201);
    const ofT1 = (await env.http().get(`/api/v1/urgings?taskId=${t1}`).set(viewer.auth).expect(200)).body;
    expect(ofT1.items.map((u: any) => u.number)).toEqual(['175/STTTT-CNTT', '168/STTTT-CNTT']);
    expect((await env.http().get(`/api/v1/urgings?departmentId=${deptB}`).set(viewer.auth).expect(200)).body.items.map((u: any) => u.number)).toEqual(['168/STTTT-CNTT']);
    expect((await env.http().get(`/api/v1/urgings?departmentId=${deptC}`).set(viewer.auth).expect(200)).body.total).toBe(1);
    const notices: { user_id: string }[] = await env.db.query(`SELECT user_id FROM notifications WHERE kind = 'urging' AND data->>'number' = '175/STTTT-CNTT'`);
    expect(notices.map((n) => n.user_id).sort()).toEqual([fpA.id, headA.id, fpC.id].sort());
    const history = (await env.http().get(`/api/v1/tasks/${t1}/updates`).set(viewer.auth).expect(200)).body;
    expect(history.filter((h: any) => h.action === 'urged').map((h: any) => h.note)).toEqual([
      'Đôn đốc theo Công văn số 168/STTTT-CNTT ngày 10/02/2025: Đề nghị báo cáo trước ngày 20/02/2025.',
      'Đôn đốc theo Công văn số 175/STTTT-CNTT ngày 12/02/2025',
    ]);
  });

  it('gives the meeting summary the tasks urged and how often, in the summary and a sheet of the workbook', async () => {
    await env.startWorker();
    const meeting = (await env.http().post('/api/v1/meetings').set(sec.auth)
      .send({ title: 'Phiên họp Ban Chỉ đạo quý I năm 2025', heldOn: '2025-02-12', asOf: '2025-02-11', planIds: [planId] }).expect(201)).body;
    await env.http().post(`/api/v1/meetings/${meeting.id}/summary`).set(sec.auth).expect(202);
    const summary = await waitForSummary(env, viewer.auth, meeting.id);
    // the letter of 12/02 comes after the cut-off of 11/02: not counted
    expect(summary.urged.map((t: any) => [t.code, t.leadDepartment, t.times, t.letters])).toEqual([
      ['1', 'Sở Thông tin và Truyền thông', 1, [{ number: '168/STTTT-CNTT', issuedOn: '2025-02-10' }]],
      ['2', 'Sở Nội vụ', 1, [{ number: '168/STTTT-CNTT', issuedOn: '2025-02-10' }]],
    ]);

    const later = (await env.http().post('/api/v1/meetings').set(sec.auth)
      .send({ title: 'Phiên họp Ban Chỉ đạo tháng 02 năm 2025', heldOn: '2025-02-12', asOf: '2025-02-12', planIds: [planId] }).expect(201)).body;
    await env.http().post(`/api/v1/meetings/${later.id}/summary`).set(sec.auth).expect(202);
    const second = await waitForSummary(env, viewer.auth, later.id);
    expect(second.urged.map((t: any) => [t.code, t.times])).toEqual([['1', 2], ['2', 1]]);

    const file = await download(`/api/v1/meetings/${later.id}/summary.xlsx`, viewer.auth, env).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body);
    const ws = wb.getWorksheet('Đã đôn đốc')!;
    expect(ws).toBeDefined();
    const row = (n: number) => (ws.getRow(n).values as ExcelJS.CellValue[]).slice(1);
    expect(ws.getCell('A1').value).toBe('Phiên họp Ban Chỉ đạo tháng 02 năm 2025 - Kết quả đến ngày 12/02/2025');
    expect(ws.getCell('A2').value).toBe('Nhiệm vụ đã được đôn đốc đến ngày 12/02/2025: 2 nhiệm vụ, 3 lượt đôn đốc');
    expect(row(4)).toEqual(['STT', 'Mã nhiệm vụ', 'Nội dung nhiệm vụ', 'Văn bản giao nhiệm vụ', 'Đơn vị chủ trì', 'Hạn hoàn thành', 'Số lần đôn đốc', 'Văn bản đôn đốc']);
    expect(row(5)).toEqual([
      1, '1', 'Số hoá hồ sơ thủ tục hành chính', '10/KH-BCĐCĐS', 'Sở Thông tin và Truyền thông', new Date('2024-12-31T00:00:00Z'), 2,
      '168/STTTT-CNTT ngày 10/02/2025\n175/STTTT-CNTT ngày 12/02/2025',
    ]);
    expect(row(6).slice(0, 7)).toEqual([2, '2', 'Chuẩn hoá cơ sở dữ liệu cán bộ', '10/KH-BCĐCĐS', 'Sở Nội vụ', new Date('2025-01-15T00:00:00Z'), 1]);
    expect(ws.getCell('F5').numFmt).toBe('dd/mm/yyyy');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true });
  });
});
