import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TaskHistory } from '@app/tasks';
import { createDepartment, createGroup, createTask } from './support/builders';
import { onServer } from './support/databases';
import { signIn, startTestApp, TestEnv } from './support/test-app';

const FIXTURES = join(__dirname, '../libs/imports/demo-data');
const qd36: Record<string, string>[] = parse(readFileSync(join(FIXTURES, 'ninh-thuan-qd-36-2024.csv')), { columns: true, bom: true });

/** A real plan walked through the API by hand: Decision 36/QĐ-UBND, tasks of the Sở TTTT. */
describe('plans and tasks, walked through with Decision 36/QĐ-UBND', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let admin: Who, secretariat: Who, tttt: Who, tttt2: Who, gddt: Who, viewer: Who;
  let sttttId: string, sgddtId: string, skhdtId: string, planId: string;
  const task: Record<string, any> = {};

  beforeAll(async () => {
    env = await startTestApp();
    admin = await signIn(env, 'admin');
    sttttId = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông', ['Sở TTTT', 'STTTT']);
    sgddtId = await createDepartment(env, admin.auth, 'SGDDT', 'Sở Giáo dục và Đào tạo', ['Sở GD&ĐT']);
    skhdtId = await createDepartment(env, admin.auth, 'SKHDT', 'Sở Kế hoạch và Đầu tư', ['Sở KH&ĐT']);
    secretariat = await signIn(env, 'secretariat');
    tttt = await signIn(env, 'focal_point', sttttId);
    tttt2 = await signIn(env, 'focal_point', sttttId);
    gddt = await signIn(env, 'focal_point', sgddtId);
    viewer = await signIn(env, 'viewer');
    env.clock.set('2024-06-15T01:00:00Z');
  });
  afterAll(() => env.close());

  it('enters the plan; the same number for the same issuer and year is a 409', async () => {
    const body = { number: '36/QĐ-UBND', kind: 'decision', title: 'Kế hoạch triển khai những nhiệm vụ, giải pháp chủ yếu năm 2024', issuedOn: '2024-01-12', issuer: 'UBND tỉnh Ninh Thuận', year: 2024 };
    const res = await env.http().post('/api/v1/plans').set(secretariat.auth).send(body).expect(201);
    expect(res.body).toMatchObject({ ...body, id: expect.any(String), version: 1 });
    planId = res.body.id;
    const dup = await env.http().post('/api/v1/plans').set(secretariat.auth).send(body).expect(409);
    expect(dup.body.message).toBe('plan 36/QĐ-UBND of UBND tỉnh Ninh Thuận in 2024 already exists');
    await env.http().post('/api/v1/plans').set(tttt.auth).send({ ...body, number: '37/QĐ-UBND' }).expect(403);
  });

  it('enters four of its tasks with their deadlines as written', async () => {
    for (const stt of ['1', '2', '5', '8']) {
      const row = qd36.find((r) => r['STT'] === stt)!;
      task[stt] = await createTask(env, secretariat.auth, {
        planId,
        code: row['STT'],
        sourceRef: row['STT theo QĐ 36'],
        title: row['Nội dung nhiệm vụ'],
        leadDepartmentId: sttttId,
        coordinatingDepartmentIds: stt === '8' ? [sgddtId] : [],
        deadlineText: row['Thời hạn'],
        expectedOutput: row['Sản phẩm'],
        submissionLevel: row['Cấp trình, ban hành'],
      });
    }
    expect(task['1']).toMatchObject({ code: '1', sourceRef: '154', deadlineText: 'Quý III/2024', dueDate: '2024-09-30', status: 'not_started', timeliness: 'within_deadline', version: 1, parentId: null, completionConfirmed: false, outputDocuments: [] });
    expect(task['2']).toMatchObject({ deadlineText: 'Tháng 01/2024', dueDate: '2024-01-31', timeliness: 'overdue', submissionLevel: 'UBND tỉnh', expectedOutput: 'Kế hoạch' });
    expect(task['5']).toMatchObject({ deadlineText: 'Quý I/2024', dueDate: '2024-03-31' });
    expect(task['8']).toMatchObject({ dueDate: '2024-06-30', timeliness: 'within_deadline', coordinatingDepartmentIds: [sgddtId] });
    env.clock.set('2024-06-23T01:00:00Z'); // seven days before its due date
    expect((await env.http().get(`/api/v1/tasks/${task['8'].id}`).set(viewer.auth)).body.timeliness).toBe('due_soon');
    env.clock.set('2024-07-01T01:00:00Z');
    expect((await env.http().get(`/api/v1/tasks/${task['8'].id}`).set(viewer.auth)).body.timeliness).toBe('overdue');
    env.clock.set('2024-06-15T01:00:00Z');
  });

  it('answers a task the same in the list and alone, as JSON written by PostgreSQL', async () => {
    const list = await env.http().get('/api/v1/tasks').query({ planId, limit: 2, page: 2 }).set(viewer.auth).expect(200);
    expect(list.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(list.body).toMatchObject({ total: 4, page: 2, limit: 2 });
    expect(list.body.items.map((t: any) => t.code)).toEqual(['5', '8']);
    const one = await env.http().get(`/api/v1/tasks/${task['8'].id}`).set(viewer.auth).expect(200);
    expect(one.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(one.body).toEqual(list.body.items[1]);
    expect(one.body).not.toHaveProperty('children'); // only a collective task has children
    // instants in ISO 8601 at UTC, the database's own time (to the microsecond)
    const [{ created_at }] = await env.db.query('SELECT created_at FROM tasks WHERE id = $1', [task['8'].id]);
    expect(one.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/);
    expect(new Date(one.body.createdAt).toISOString()).toBe(new Date(created_at).toISOString());
    const empty = await env.http().get('/api/v1/tasks').query({ planId, page: 9 }).set(viewer.auth).expect(200);
    expect(empty.body).toEqual({ items: [], total: 4, page: 9, limit: 50 });
  });

  it('refuses a deadline that is not in the table, naming it, and unknown departments', async () => {
    const bad = await env.http().post('/api/v1/tasks').set(secretariat.auth)
      .send({ planId, code: 'X1', title: 'x', leadDepartmentId: sttttId, deadlineText: 'Sớm nhất có thể' }).expect(400);
    expect(bad.body.message).toContain('"Sớm nhất có thể"');
    const dept = await env.http().post('/api/v1/tasks').set(secretariat.auth)
      .send({ planId, code: 'X2', title: 'x', leadDepartmentId: '00000000-0000-4000-8000-000000000001' }).expect(400);
    expect(dept.body.message).toContain('unknown department 00000000-0000-4000-8000-000000000001');
    const dup = await env.http().post('/api/v1/tasks').set(secretariat.auth).send({ planId, code: '1', title: 'x', leadDepartmentId: sttttId }).expect(409);
    expect(dup.body.message).toBe('task code 1 already exists in this plan');
    const both = await env.http().post('/api/v1/tasks').set(secretariat.auth).send({ planId, code: 'X3', title: 'x' }).expect(400);
    expect(both.body.message).toContain('exactly one of leadDepartmentId and leadGroupId');
    const given = await createTask(env, secretariat.auth, { planId, code: 'X4', title: 'x', leadDepartmentId: skhdtId, deadlineText: 'Quý II/2024', dueDate: '2024-05-15' });
    expect(given).toMatchObject({ deadlineText: 'Quý II/2024', dueDate: '2024-05-15' });
    const recurring = await createTask(env, secretariat.auth, { planId, code: 'X5', title: 'x', leadDepartmentId: skhdtId, deadlineText: 'Thường xuyên' });
    expect(recurring).toMatchObject({ status: 'recurring', dueDate: null, timeliness: null, needsDeadline: false });
    const none = await createTask(env, secretariat.auth, { planId, code: 'X6', title: 'x', leadDepartmentId: skhdtId });
    expect(none).toMatchObject({ status: 'not_started', dueDate: null, timeliness: 'within_deadline', needsDeadline: true });
  });

  it('lets the lead department report progress; others get 403; a stale version 409', async () => {
    const t = task['2'];
    const other = await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(gddt.auth).send({ version: 1, progressNote: 'x' }).expect(403);
    expect(other.body.message).toMatch(/lead department/);
    await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(viewer.auth).send({ version: 1, progressNote: 'x' }).expect(403);
    await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(admin.auth).send({ version: 1, progressNote: 'x' }).expect(403);
    const ok = await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt.auth)
      .send({ version: 1, status: 'in_progress', progressNote: 'Đang dự thảo kế hoạch' }).expect(201);
    expect(ok.body).toMatchObject({ status: 'in_progress', progressNote: 'Đang dự thảo kế hoạch', version: 2, timeliness: 'overdue' });
    const stale = await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt2.auth).send({ version: 1, status: 'blocked' }).expect(409);
    expect(stale.body.message).toMatch(/you sent version 1, current is 2/);
    const after = await env.http().get(`/api/v1/tasks/${t.id}`).set(viewer.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'in_progress', version: 2 });
  });

  it('refuses completing without a document, a future or pre-plan date, or no date', async () => {
    const t = task['2'];
    const noDoc = await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt.auth).send({ version: 2, status: 'completed', completedOn: '2024-01-12' }).expect(400);
    expect(noDoc.body.message).toMatch(/^outputDocuments: completing this task needs at least one output document/);
    const noDate = await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt.auth).send({ version: 2, status: 'completed' }).expect(400);
    expect(noDate.body.message).toBe('completedOn is required to report a task completed');
    const doc = [{ number: '185/KH-UBND', issuedOn: '2024-01-12', kind: 'issued' }];
    const future = await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt.auth).send({ version: 2, status: 'completed', completedOn: '2024-06-16', outputDocuments: doc }).expect(400);
    expect(future.body.message).toBe('completedOn 2024-06-16 is after today (2024-06-15)');
    const early = await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt.auth).send({ version: 2, status: 'completed', completedOn: '2024-01-11', outputDocuments: doc }).expect(400);
    expect(early.body.message).toBe('completedOn 2024-01-11 is before the plan was issued (2024-01-12)');
    const badDate = await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt.auth).send({ version: 2, status: 'completed', completedOn: '2024-02-30', outputDocuments: doc }).expect(400);
    expect(badDate.body.message).toBe('completedOn is not a real date');
    const badKind = await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt.auth).send({ version: 2, outputDocuments: [{ number: 'x', issuedOn: '2024-01-01', kind: 'signed' }] }).expect(400);
    expect(badKind.body.message).toMatch(/^outputDocuments\.0\.kind must be one of/);
    const unchanged = await env.http().get(`/api/v1/tasks/${t.id}`).set(viewer.auth).expect(200);
    expect(unchanged.body).toMatchObject({ status: 'in_progress', version: 2, outputDocuments: [] });
  });

  it('completes with its real documents, on time, Vietnamese letters intact; a number twice is refused', async () => {
    const t = task['2'];
    const res = await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt.auth).send({
      version: 2,
      status: 'completed',
      completedOn: '2024-01-12',
      progressNote: 'Hoàn thành',
      outputDocuments: [
        { number: '86/STTTT-TTBCXB', issuedOn: '2024-01-10', kind: 'submitted' },
        { number: '185/KH-UBND', issuedOn: '2024-01-12', kind: 'issued', title: 'Kế hoạch tuyên truyền, quảng bá năm 2024' },
      ],
    }).expect(201);
    expect(res.body).toMatchObject({ status: 'completed', completedOn: '2024-01-12', timeliness: 'on_time', completionConfirmed: false, version: 3 });
    expect(res.body.outputDocuments.map((d: any) => [d.number, d.issuedOn, d.kind])).toEqual([
      ['86/STTTT-TTBCXB', '2024-01-10', 'submitted'],
      ['185/KH-UBND', '2024-01-12', 'issued'],
    ]);
    const again = await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt.auth)
      .send({ version: 3, outputDocuments: [{ number: '185/KH-UBND', issuedOn: '2024-01-12', kind: 'issued' }] }).expect(409);
    expect(again.body.message).toBe('outputDocuments: document 185/KH-UBND is already on task 2');

    const t8 = task['8'];
    const row8 = qd36.find((r) => r['STT'] === '8')!;
    const number = row8['Văn bản trình'].split(' ngày ')[0];
    expect(number).toBe('1158/KHPPH-STTTT-SGDĐT-TĐ');
    const done8 = await env.http().post(`/api/v1/tasks/${t8.id}/updates`).set(tttt.auth)
      .send({ version: 1, status: 'completed', completedOn: '2024-05-08', outputDocuments: [{ number, issuedOn: '2024-05-08', kind: 'submitted' }] }).expect(201);
    expect(done8.body.outputDocuments[0].number).toBe('1158/KHPPH-STTTT-SGDĐT-TĐ');
    expect(done8.body.timeliness).toBe('on_time');
  });

  it('tells the secretariat of a completion, and lets it confirm or return it', async () => {
    const inbox = await env.http().get('/api/v1/notifications').set(secretariat.auth).expect(200);
    expect(inbox.body.items.map((n: any) => n.title)).toContain('Báo cáo hoàn thành nhiệm vụ 2');
    expect(inbox.body.unread).toBeGreaterThanOrEqual(2);

    await env.http().post(`/api/v1/tasks/${task['2'].id}/review`).set(tttt.auth).send({ confirm: true, version: 3 }).expect(403);
    const confirmed = await env.http().post(`/api/v1/tasks/${task['2'].id}/review`).set(secretariat.auth).send({ confirm: true, version: 3 }).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'completed', completionConfirmed: true, version: 4 });

    const noReason = await env.http().post(`/api/v1/tasks/${task['8'].id}/review`).set(secretariat.auth).send({ confirm: false, version: 2 }).expect(400);
    expect(noReason.body.message).toMatch(/^note/);
    const returned = await env.http().post(`/api/v1/tasks/${task['8'].id}/review`).set(secretariat.auth)
      .send({ confirm: false, note: 'Thiếu văn bản ban hành', version: 2 }).expect(200);
    expect(returned.body).toMatchObject({ status: 'in_progress', completedOn: null, completionConfirmed: false });
    const fpInbox = await env.http().get('/api/v1/notifications').set(tttt2.auth).expect(200);
    expect(fpInbox.body.items[0]).toMatchObject({ kind: 'completion_returned', taskId: task['8'].id });
    expect(fpInbox.body.items[0].body).toContain('Thiếu văn bản ban hành');
    const read = await env.http().post(`/api/v1/notifications/${fpInbox.body.items[0].id}/read`).set(tttt2.auth).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    await env.http().post(`/api/v1/notifications/${fpInbox.body.items[0].id}/read`).set(tttt.auth).expect(404);
  });

  it('lets a coordinating department add a note of its own, beside the lead\'s progress note, but not change the status', async () => {
    let t8 = (await env.http().get(`/api/v1/tasks/${task['8'].id}`).set(viewer.auth)).body;
    t8 = (await env.http().post(`/api/v1/tasks/${t8.id}/updates`).set(tttt.auth).send({ version: t8.version, progressNote: 'Đang bổ sung văn bản ban hành' }).expect(201)).body;
    const status = await env.http().post(`/api/v1/tasks/${t8.id}/updates`).set(gddt.auth).send({ version: t8.version, status: 'completed', completedOn: '2024-05-08' }).expect(403);
    expect(status.body.message).toMatch(/coordinating department may add a progress note/);
    const note = await env.http().post(`/api/v1/tasks/${t8.id}/updates`).set(gddt.auth)
      .send({ version: t8.version, progressNote: 'Sở GD&ĐT đã phối hợp tổ chức vòng sơ khảo' }).expect(201);
    expect(note.body).toMatchObject({ status: 'in_progress', progressNote: 'Đang bổ sung văn bản ban hành', version: t8.version + 1 });
    expect(note.body.coordinatorNotes).toEqual([{ departmentId: sgddtId, note: 'Sở GD&ĐT đã phối hợp tổ chức vòng sơ khảo', at: expect.any(String), actorId: gddt.id }]);
  });

  it('handles a deadline extension: request, one pending at a time, approval moves the due date', async () => {
    const t1 = task['1'];
    await env.http().post(`/api/v1/tasks/${t1.id}/extension-requests`).set(gddt.auth).send({ proposedDueDate: '2024-10-31', reason: 'x' }).expect(403);
    await env.http().post(`/api/v1/tasks/${t1.id}/extension-requests`).set(secretariat.auth).send({ proposedDueDate: '2024-10-31', reason: 'x' }).expect(403);
    const early = await env.http().post(`/api/v1/tasks/${t1.id}/extension-requests`).set(tttt.auth).send({ proposedDueDate: '2024-09-01', reason: 'x' }).expect(400);
    expect(early.body.message).toBe('proposedDueDate 2024-09-01 must be after the current due date 2024-09-30');
    const req = await env.http().post(`/api/v1/tasks/${t1.id}/extension-requests`).set(tttt.auth)
      .send({ proposedDueDate: '2024-10-31', reason: 'Chờ hướng dẫn của Bộ Thông tin và Truyền thông' }).expect(201);
    expect(req.body).toMatchObject({ status: 'pending', currentDueDate: '2024-09-30', proposedDueDate: '2024-10-31' });
    await env.http().post(`/api/v1/tasks/${t1.id}/extension-requests`).set(tttt2.auth).send({ proposedDueDate: '2024-11-30', reason: 'y' }).expect(409);
    await env.http().post(`/api/v1/extension-requests/${req.body.id}/decision`).set(tttt.auth).send({ approve: true, version: 1 }).expect(403);
    const listed = await env.http().get(`/api/v1/extension-requests?taskId=${t1.id}&status=pending`).set(secretariat.auth).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: req.body.id, taskVersion: 1 })]);
    const decided = await env.http().post(`/api/v1/extension-requests/${req.body.id}/decision`).set(secretariat.auth).send({ approve: true, note: 'Đồng ý', version: 1 }).expect(200);
    expect(decided.body).toMatchObject({ status: 'approved', decisionNote: 'Đồng ý' });
    const twice = await env.http().post(`/api/v1/extension-requests/${req.body.id}/decision`).set(secretariat.auth).send({ approve: false, version: 2 }).expect(409);
    expect(twice.body.code).toBe('EXTENSION_REQUEST_DECIDED');
    const after = await env.http().get(`/api/v1/tasks/${t1.id}`).set(viewer.auth).expect(200);
    expect(after.body).toMatchObject({ dueDate: '2024-10-31', originalDueDate: '2024-09-30', deadlineText: 'Quý III/2024' });
    const inbox = await env.http().get('/api/v1/notifications').set(tttt.auth).expect(200);
    expect(inbox.body.items[0]).toMatchObject({ kind: 'extension_decided', title: 'Đề nghị gia hạn nhiệm vụ 1 được chấp thuận' });
    expect(inbox.body.items[0].body).toContain('31/10/2024');
  });

  it('lets only the secretariat edit a deadline, and puts the old and new date on record', async () => {
    const t5 = task['5'];
    await env.http().patch(`/api/v1/tasks/${t5.id}`).set(tttt.auth).send({ deadlineText: 'Quý II/2024' }).expect(403);
    const bad = await env.http().patch(`/api/v1/tasks/${t5.id}`).set(secretariat.auth).send({ deadlineText: 'Quý V/2024', version: 1 }).expect(400);
    expect(bad.body.message).toContain('"Quý V/2024"');
    const res = await env.http().patch(`/api/v1/tasks/${t5.id}`).set(secretariat.auth).send({ deadlineText: 'Quý II/2024', version: 1 }).expect(200);
    expect(res.body).toMatchObject({ deadlineText: 'Quý II/2024', dueDate: '2024-06-30', version: 2 });
    await env.http().patch(`/api/v1/tasks/${t5.id}`).set(secretariat.auth).send({ title: 'x', version: 1 }).expect(409);
  });

  it('clears an optional field sent as null, and refuses null for a field every task has, naming it', async () => {
    const t5 = task['5'];
    const version = async () => (await env.http().get(`/api/v1/tasks/${t5.id}`).set(secretariat.auth).expect(200)).body.version;
    for (const field of ['title', 'code', 'leadDepartmentId']) {
      const res = await env.http().patch(`/api/v1/tasks/${t5.id}`).set(secretariat.auth).send({ version: await version(), [field]: null }).expect(400);
      expect(res.body.message).toContain(`${field} cannot be cleared`);
    }
    const set = await env.http().patch(`/api/v1/tasks/${t5.id}`).set(secretariat.auth).send({ version: await version(), note: 'Ghi chú tạm' }).expect(200);
    expect(set.body.note).toBe('Ghi chú tạm');
    const cleared = await env.http().patch(`/api/v1/tasks/${t5.id}`).set(secretariat.auth).send({ version: set.body.version, note: null }).expect(200);
    expect(cleared.body.note).toBeNull();
    const blank = await env.http().patch(`/api/v1/tasks/${t5.id}`).set(secretariat.auth).send({ version: cleared.body.version, expectedOutput: '  ' }).expect(200);
    expect(blank.body.expectedOutput).toBeNull();
  });

  it('keeps the whole history, oldest first', async () => {
    const res = await env.http().get(`/api/v1/tasks/${task['2'].id}/updates`).set(viewer.auth).expect(200);
    expect(res.body.map((u: any) => u.action)).toEqual(['created', 'progress_reported', 'progress_reported', 'completion_confirmed']);
    expect(res.body[1]).toMatchObject({ changes: { status: { from: 'not_started', to: 'in_progress' } }, note: 'Đang dự thảo kế hoạch', actorId: tttt.id });
    expect(res.body[2].changes.outputDocuments.to).toHaveLength(2);
    const t1 = await env.http().get(`/api/v1/tasks/${task['1'].id}/updates`).set(viewer.auth).expect(200);
    expect(t1.body.map((u: any) => u.action)).toEqual(['created', 'extension_requested', 'extension_approved']);
    expect(t1.body[2].changes).toEqual({ dueDate: { from: '2024-09-30', to: '2024-10-31' } });
    const t5 = await env.http().get(`/api/v1/tasks/${task['5'].id}/updates`).set(viewer.auth).expect(200);
    expect(t5.body[1]).toMatchObject({ action: 'deadline_changed', changes: { dueDate: { from: '2024-03-31', to: '2024-06-30' } } });
    const rows = await env.db.query(`SELECT id FROM task_updates LIMIT 1`);
    // the app's role may not even try (database-role.e2e-spec.ts); the tables' owner meets the trigger
    await expect(env.db.query(`UPDATE task_updates SET note = 'x' WHERE id = $1`, [rows[0].id])).rejects.toThrow(/permission denied/);
    const asOwner = (sql: string) => onServer((c) => c.query(sql, [rows[0].id]), new URL(env.config.databaseUrl).pathname.slice(1));
    await expect(asOwner(`UPDATE task_updates SET note = 'x' WHERE id = $1`)).rejects.toThrow(/append-only/);
  });

  it('searches with or without diacritics, by document number, and filters combined', async () => {
    const q = async (query: string) => (await env.http().get(`/api/v1/tasks?${query}`).set(viewer.auth).expect(200)).body;
    expect((await q('q=tuyen truyen, quang ba')).items.map((t: any) => t.code)).toEqual(['2']);
    expect((await q(`q=${encodeURIComponent('Tuyên truyền')}`)).items.map((t: any) => t.code)).toEqual(['2']);
    expect((await q(`q=${encodeURIComponent('185/KH-UBND')}`)).items.map((t: any) => t.code)).toEqual(['2']);
    expect((await q(`q=${encodeURIComponent('sgdđt-tđ')}`)).items.map((t: any) => t.code)).toEqual(['8']);
    const mine = await q(`departmentId=${sttttId}&status=completed&planId=${planId}`);
    expect(mine.items.map((t: any) => t.code)).toEqual(['2']);
    const overdue = await q(`timeliness=overdue&planId=${planId}`);
    expect(overdue.items.map((t: any) => t.code)).toEqual(['X4']);
    const soon = await q(`timeliness=due_soon,within_deadline&departmentId=${sttttId}`);
    expect(soon.items.map((t: any) => t.code)).toEqual(['1', '5', '8']);
    const ranged = await q(`dueFrom=2024-06-01&dueTo=2024-06-30&parentId=null`);
    expect(ranged.items.map((t: any) => t.code).sort()).toEqual(['5', '8']);
    const bad = await env.http().get('/api/v1/tasks?timeliness=soonish').set(viewer.auth).expect(400);
    expect(bad.body.message).toMatch(/^timeliness/);
    const paged = await q(`planId=${planId}&limit=2&page=2`);
    expect(paged).toMatchObject({ total: 7, page: 2, limit: 2 });
    expect(paged.items.map((t: any) => t.code)).toEqual(['5', '8']);
  });

  it('makes one child per member for a collective task; the parent follows its children', async () => {
    const group = await createGroup(env, admin.auth, 'ALL', 'Các Sở, ban, ngành; địa phương', [sttttId, sgddtId]);
    const parent = await createTask(env, secretariat.auth, { planId, code: 'C1', title: 'Triển khai Nền tảng Trợ lý ảo', leadGroupId: group, deadlineText: 'Quý IV/2024' });
    expect(parent).toMatchObject({ leadGroupId: group, leadDepartmentId: null, status: 'not_started', dueDate: '2024-12-31' });
    expect(parent.children.map((c: any) => [c.code, c.leadDepartmentId, c.parentId])).toEqual([
      ['C1/SGDDT', sgddtId, parent.id],
      ['C1/STTTT', sttttId, parent.id],
    ]);
    const direct = await env.http().post(`/api/v1/tasks/${parent.id}/updates`).set(secretariat.auth).send({ version: 1, status: 'completed', completedOn: '2024-06-01' }).expect(400);
    expect(direct.body.message).toMatch(/collective task follows from its children/);

    const [childGd, childTt] = parent.children;
    const doc = (n: string, d: string) => [{ number: n, issuedOn: d, kind: 'issued' }];
    await env.http().post(`/api/v1/tasks/${childTt.id}/updates`).set(gddt.auth).send({ version: 1, status: 'in_progress' }).expect(403);
    await env.http().post(`/api/v1/tasks/${childTt.id}/updates`).set(tttt.auth)
      .send({ version: 1, status: 'completed', completedOn: '2024-05-02', outputDocuments: doc('10/QĐ-STTTT', '2024-05-02') }).expect(201);
    let now = (await env.http().get(`/api/v1/tasks/${parent.id}`).set(viewer.auth)).body;
    expect(now).toMatchObject({ status: 'in_progress', completedOn: null });
    await env.http().post(`/api/v1/tasks/${childGd.id}/updates`).set(gddt.auth)
      .send({ version: 1, status: 'completed', completedOn: '2024-06-03', outputDocuments: doc('22/QĐ-SGDĐT', '2024-06-03') }).expect(201);
    now = (await env.http().get(`/api/v1/tasks/${parent.id}`).set(viewer.auth)).body;
    expect(now).toMatchObject({ status: 'completed', completedOn: '2024-06-03', timeliness: 'on_time' });
    const history = (await env.http().get(`/api/v1/tasks/${parent.id}/updates`).set(viewer.auth)).body;
    expect(history.map((h: any) => [h.action, h.status])).toEqual([['created', 'not_started'], ['derived_from_children', 'in_progress'], ['derived_from_children', 'completed']]);

    // a member added later does not change existing tasks
    const skhdtGroup = await env.http().patch(`/api/v1/department-groups/${group}`).set(admin.auth).send({ departmentIds: [sttttId, sgddtId, skhdtId], version: 1 }).expect(200);
    expect(skhdtGroup.body.departmentIds).toHaveLength(3);
    now = (await env.http().get(`/api/v1/tasks/${parent.id}`).set(viewer.auth)).body;
    expect(now.children).toHaveLength(2);
    const top = (await env.http().get(`/api/v1/tasks?planId=${planId}&parentId=null&limit=200`).set(viewer.auth)).body;
    expect(top.items.some((t: any) => t.parentId)).toBe(false);
    const kids = (await env.http().get(`/api/v1/tasks?parentId=${parent.id}`).set(viewer.auth)).body;
    expect(kids.total).toBe(2);

    // a deadline set on the collective task moves its children, each with its own record
    await env.http().patch(`/api/v1/tasks/${parent.id}`).set(secretariat.auth).send({ deadlineText: 'Quý III/2024', version: now.version }).expect(200);
    const moved = (await env.http().get(`/api/v1/tasks/${parent.id}`).set(viewer.auth)).body;
    expect(moved.children.map((c: any) => [c.dueDate, c.deadlineText])).toEqual([['2024-09-30', 'Quý III/2024'], ['2024-09-30', 'Quý III/2024']]);
    for (const child of moved.children) {
      const records = (await env.http().get(`/api/v1/tasks/${child.id}/updates`).set(viewer.auth)).body;
      expect(records.at(-1)).toMatchObject({ action: 'deadline_changed', dueDate: '2024-09-30', changes: { dueDate: { from: '2024-12-31', to: '2024-09-30' } } });
    }
  });

  it('rebuilds a task state at the end of a past day from its history', async () => {
    env.clock.set('2024-07-01T02:00:00Z');
    const t = await createTask(env, secretariat.auth, { planId, code: 'H1', title: 'Lịch sử', leadDepartmentId: sttttId, deadlineText: '31/7/2024' });
    env.clock.set('2024-07-03T16:59:00Z'); // 23:59 on 3 July in Vietnam
    await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt.auth).send({ version: 1, status: 'in_progress' }).expect(201);
    env.clock.set('2024-07-03T17:01:00Z'); // 00:01 on 4 July in Vietnam
    await env.http().patch(`/api/v1/tasks/${t.id}`).set(secretariat.auth).send({ dueDate: '2024-08-15', version: 2 }).expect(200);
    env.clock.set('2024-07-10T03:00:00Z');
    await env.http().post(`/api/v1/tasks/${t.id}/updates`).set(tttt.auth)
      .send({ version: 3, status: 'completed', completedOn: '2024-07-10', outputDocuments: [{ number: '99/BC-STTTT', issuedOn: '2024-07-10', kind: 'issued' }] }).expect(201);

    const history = env.app.get(TaskHistory);
    const at = async (day: string) => (await history.stateAt([t.id], env.clock.endOfDay(day))).get(t.id);
    expect(await at('2024-06-30')).toBeUndefined();
    expect(await at('2024-07-01')).toMatchObject({ status: 'not_started', dueDate: '2024-07-31', completedOn: null, documents: [] });
    expect(await at('2024-07-03')).toMatchObject({ status: 'in_progress', dueDate: '2024-07-31' });
    expect(await at('2024-07-04')).toMatchObject({ status: 'in_progress', dueDate: '2024-08-15' });
    expect(await at('2024-07-10')).toMatchObject({ status: 'completed', completedOn: '2024-07-10', documents: [{ number: '99/BC-STTTT', issuedOn: '2024-07-10', kind: 'issued' }] });
  });
});
