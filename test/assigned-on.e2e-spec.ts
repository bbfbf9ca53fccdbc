import { createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * A task exists from the day it was assigned (issue 16 item 1): its plan's issue date unless the
 * task says otherwise (`assignedOn`), given by hand (create, edit) or by an import's "Ngày giao"
 * column. A roll-up of a past day counts only the tasks assigned by then.
 */
describe('the day a task was assigned (assignedOn)', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, viewer: Who, fp: Who;
  let deptId: string, planId: string;

  const rollup = async (asOf: string) =>
    (await env.http().get(`/api/v1/rollups?planId=${planId}&asOf=${asOf}`).set(viewer.auth).expect(200)).body.total;
  const read = async (id: string) => (await env.http().get(`/api/v1/tasks/${id}`).set(viewer.auth).expect(200)).body;

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2024-06-20T03:00:00Z');
    const admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    deptId = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    fp = await signIn(env, 'focal_point', deptId);
    planId = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND', kind: 'decision', issuedOn: '2024-01-12' });
  });
  afterAll(() => env?.close());

  it('is taken on create, shown in the task read and the list, and refused after today or malformed, naming the field', async () => {
    const plain = await createTask(env, secretariat.auth, { planId, code: '1', title: 'Kế hoạch tuyên truyền', leadDepartmentId: deptId, deadlineText: '30/6/2024' });
    expect(plain.assignedOn).toBeNull();
    const later = await createTask(env, secretariat.auth, {
      planId, code: '2', title: 'Bổ sung: cổng dữ liệu mở', leadDepartmentId: deptId, deadlineText: '30/9/2024', assignedOn: '2024-05-20',
    });
    expect(later.assignedOn).toBe('2024-05-20');
    expect((await read(later.id)).assignedOn).toBe('2024-05-20');
    const list = (await env.http().get(`/api/v1/tasks?planId=${planId}`).set(viewer.auth).expect(200)).body.items;
    expect(list.map((t: { code: string; assignedOn: string | null }) => [t.code, t.assignedOn])).toEqual([['1', null], ['2', '2024-05-20']]);

    const future = await env.http().post('/api/v1/tasks').set(secretariat.auth)
      .send({ planId, code: '9', title: 'Việc', leadDepartmentId: deptId, assignedOn: '2024-06-21' }).expect(400);
    expect(future.body.message).toMatch(/^assignedOn.*2024-06-21 is after today \(2024-06-20\)/);
    const malformed = await env.http().post('/api/v1/tasks').set(secretariat.auth)
      .send({ planId, code: '9', title: 'Việc', leadDepartmentId: deptId, assignedOn: '20/05/2024' }).expect(400);
    expect(malformed.body.message).toMatch(/assignedOn must be a date written YYYY-MM-DD/);
    const unreal = await env.http().post('/api/v1/tasks').set(secretariat.auth)
      .send({ planId, code: '9', title: 'Việc', leadDepartmentId: deptId, assignedOn: '2024-02-30' }).expect(400);
    expect(unreal.body.message).toMatch(/assignedOn is not a real date/);
    expect((await env.http().get(`/api/v1/tasks?planId=${planId}&limit=1`).set(viewer.auth).expect(200)).body.total).toBe(2);
  });

  it('leaves a task assigned after a past day out of that day\'s roll-up, while its plan\'s other tasks count', async () => {
    expect(await rollup('2024-05-10')).toMatchObject({ total: 1, notStarted: 1, withinDeadline: 1 });
    expect(await rollup('2024-05-20')).toMatchObject({ total: 2, notStarted: 2 });
    expect(await rollup('2024-01-11')).toMatchObject({ total: 0 });
  });

  it('is edited by the secretariat (on the record, the kept roll-up follows), cleared with null, and refused after today', async () => {
    const [task] = (await env.http().get(`/api/v1/tasks?planId=${planId}&limit=1`).set(viewer.auth).expect(200)).body.items;
    expect(await rollup('2024-05-10')).toMatchObject({ total: 1 });
    const edited = await env.http().patch(`/api/v1/tasks/${task.id}`).set(secretariat.auth).send({ version: task.version, assignedOn: '2024-05-15' }).expect(200);
    expect(edited.body.assignedOn).toBe('2024-05-15');
    // the roll-up of 10 May is kept in a cache keyed by the data revisions: a change of assigned_on alone moves them
    expect(await rollup('2024-05-10')).toMatchObject({ total: 0 });
    expect(await rollup('2024-05-15')).toMatchObject({ total: 1 });
    const history = (await env.http().get(`/api/v1/tasks/${task.id}/updates`).set(viewer.auth).expect(200)).body;
    expect((history.items ?? history).map((h: { action: string; changes: unknown }) => [h.action, h.changes]))
      .toContainEqual(['edited', { assignedOn: { from: null, to: '2024-05-15' } }]);

    const future = await env.http().patch(`/api/v1/tasks/${task.id}`).set(secretariat.auth).send({ version: edited.body.version, assignedOn: '2024-07-01' }).expect(400);
    expect(future.body.message).toMatch(/^assignedOn: 2024-07-01 is after today \(2024-06-20\)/);
    // a focal point does not edit tasks
    await env.http().patch(`/api/v1/tasks/${task.id}`).set(fp.auth).send({ version: edited.body.version, assignedOn: null }).expect(403);
    const cleared = await env.http().patch(`/api/v1/tasks/${task.id}`).set(secretariat.auth).send({ version: edited.body.version, assignedOn: null }).expect(200);
    expect(cleared.body.assignedOn).toBeNull();
    expect(await rollup('2024-05-10')).toMatchObject({ total: 1 });
  });

  it('is read from an import\'s "Ngày giao" column; a date after today is an error of its row', async () => {
    const plan2 = await createPlan(env, secretariat.auth, { number: '45/KH-UBND', issuedOn: '2024-02-01' });
    const csv = (rows: string[]) => Buffer.from(['STT,Nội dung nhiệm vụ,Đơn vị chủ trì,Thời hạn,Ngày giao', ...rows].join('\n') + '\n');
    const upload = (file: Buffer, query: string) =>
      env.http().post(`/api/v1/plans/${plan2}/imports?${query}`).set(secretariat.auth).attach('file', file, 'giao.csv');

    const bad = await upload(csv(['1,Số hoá hồ sơ,Sở TTTT,Năm 2024,', '2,Trợ lý ảo,Sở TTTT,Năm 2024,25/06/2024']), 'dryRun=true').expect(200);
    expect(bad.body.errors).toEqual([{ row: 3, column: 'Ngày giao', text: '2024-06-25', message: 'assignment date 2024-06-25 is after today (2024-06-20)' }]);

    const done = await upload(csv(['1,Số hoá hồ sơ,Sở Thông tin và Truyền thông,Năm 2024,', '2,Trợ lý ảo,Sở Thông tin và Truyền thông,Năm 2024,03/06/2024']), 'dryRun=false').expect(200);
    expect(done.body.rows.map((r: { code: string; assignedOn: string | null }) => [r.code, r.assignedOn])).toEqual([['1', null], ['2', '2024-06-03']]);
    const ids = done.body.rows.map((r: { id: string }) => r.id);
    expect((await read(ids[0])).assignedOn).toBeNull();
    expect((await read(ids[1])).assignedOn).toBe('2024-06-03');
    const byPlan = async (asOf: string) => (await env.http().get(`/api/v1/rollups?planId=${plan2}&asOf=${asOf}`).set(viewer.auth).expect(200)).body.total.total;
    expect([await byPlan('2024-05-31'), await byPlan('2024-06-03')]).toEqual([1, 2]);
  });
});
