import { MeetingSummaryService } from '@app/meetings';
import { createDepartment, createGroup, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * "x/y đơn vị" beside a collective task: how many member departments completed their part.
 * Kept on the collective task's own row by a trigger on its parts, so the list's kept JSON of
 * the task (keyed by its row version) shows every change of a part at once.
 */
describe('collective tasks: x/y đơn vị', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, viewer: Who;
  const focal: Record<string, Who> = {};
  const dept: Record<string, string> = {};
  let planId: string, parentId: string, groupId: string;

  beforeAll(async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    const ids: string[] = [];
    for (const [code, name] of [['SNV', 'Sở Nội vụ'], ['SYT', 'Sở Y tế'], ['STC', 'Sở Tài chính']]) {
      const id = await createDepartment(env, admin.auth, code, name);
      ids.push(id);
      dept[code] = id;
      focal[code] = await signIn(env, 'focal_point', id);
    }
    const group = await createGroup(env, admin.auth, 'CSBN', 'Các Sở, ban, ngành', ids);
    groupId = group;
    planId = await createPlan(env, secretariat.auth);
    const parent = await createTask(env, secretariat.auth, { planId, code: '1', title: 'Mỗi cơ quan có một sản phẩm chuyển đổi số', leadGroupId: group, deadlineText: 'Quý IV/2024' });
    parentId = parent.id;
    await createTask(env, secretariat.auth, { planId, code: '2', title: 'Nhiệm vụ thường', leadDepartmentId: ids[0], deadlineText: 'Quý IV/2024' });
  });
  afterAll(() => env.close());

  const read = async () => (await env.http().get(`/api/v1/tasks/${parentId}`).set(viewer.auth).expect(200)).body;
  const listed = async () => (await env.http().get(`/api/v1/tasks?planId=${planId}&parentId=null`).set(viewer.auth).expect(200)).body.items;
  const partOf = async (code: string) => (await read()).children.find((c: any) => c.leadDepartmentId === dept[code]);
  const complete = async (code: string, on: string) => {
    const member = await partOf(code);
    await env.http().post(`/api/v1/tasks/${member.id}/updates`).set(focal[code].auth)
      .send({ version: member.version, status: 'completed', completedOn: on, outputDocuments: [{ number: `${code}/BC`, issuedOn: on, kind: 'submitted' }] })
      .expect(201);
  };
  it('shows 0/3 on a new collective task, and nothing on a plain one', async () => {
    expect((await read()).collectiveParts).toEqual({ completed: 0, total: 3 });
    const items = await listed();
    expect(items.find((t: any) => t.code === '1').collectiveParts).toEqual({ completed: 0, total: 3 });
    expect(items.find((t: any) => t.code === '2').collectiveParts).toBeNull();
    expect((await read()).children.every((c: any) => c.collectiveParts === null)).toBe(true);
  });

  it('counts each part completed at once, in the task read and in the list kept from before', async () => {
    await listed(); // the list keeps the task's JSON
    await complete('SYT', '2024-06-10');
    expect((await read()).collectiveParts).toEqual({ completed: 1, total: 3 });
    expect((await listed()).find((t: any) => t.code === '1').collectiveParts).toEqual({ completed: 1, total: 3 });
    await complete('SNV', '2024-06-11');
    expect((await listed()).find((t: any) => t.code === '1').collectiveParts).toEqual({ completed: 2, total: 3 });
    expect((await read()).status).toBe('in_progress');
  });

  it('shows the x/y đơn vị of the cut-off beside an overdue part, in the summary and in the appendix', async () => {
    // a second collective task, due in the past: its open parts are overdue
    const late = await createTask(env, secretariat.auth, { planId, code: '3', title: 'Báo cáo sơ kết', leadGroupId: groupId, dueDate: '2024-05-31' });
    const syt = late.children.find((c: any) => c.leadDepartmentId === dept.SYT);
    await env.http().post(`/api/v1/tasks/${syt.id}/updates`).set(focal.SYT.auth)
      .send({ version: syt.version, status: 'completed', completedOn: '2024-06-12', outputDocuments: [{ number: '7/BC-SYT', issuedOn: '2024-06-12', kind: 'issued' }] }).expect(201);
    const meeting = (await env.http().post('/api/v1/meetings').set(secretariat.auth)
      .send({ title: 'Phiên họp tháng 6', heldOn: '2024-06-15', asOf: '2024-06-15', planIds: [planId] }).expect(201)).body;
    const summary = await env.app.get(MeetingSummaryService).compute(meeting.id, '2024-06-15');
    const overdue = summary.overdue.filter((t) => t.code.startsWith('3/'));
    expect(overdue.map((t) => t.leadDepartmentId).sort()).toEqual([dept.SNV, dept.STC].sort());
    expect(overdue.map((t) => t.collectiveParts)).toEqual([{ completed: 1, total: 3 }, { completed: 1, total: 3 }]);
    const row = summary.appendices![0].rows.find((r) => r.code === '3')!;
    expect(row).toMatchObject({ lead: 'Các Sở, ban, ngành', collectiveParts: { completed: 1, total: 3 } });
  });

  it('leaves a cancelled part out of y, and reads x/y = y/y when the last part is done', async () => {
    const member = await partOf('STC');
    // the secretariat cancels the part (a decision, recorded)
    await env.http().post(`/api/v1/tasks/${member.id}/updates`).set(secretariat.auth).send({ version: member.version, status: 'cancelled', progressNote: 'Không còn phù hợp' }).expect(201);
    const task = await read();
    expect(task.collectiveParts).toEqual({ completed: 2, total: 2 });
    expect(task.status).toBe('completed');
    expect((await listed()).find((t: any) => t.code === '1').collectiveParts).toEqual({ completed: 2, total: 2 });
  });
});
