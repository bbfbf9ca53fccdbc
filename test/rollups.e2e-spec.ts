import { TasksService, NewTask } from '@app/tasks';
import { createDepartment, createGroup, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * The secretariat's figures through GET /rollups, on the reports' own numbers: seed 003
 * (Kế hoạch 30/KH-BCĐCĐS: 66 tasks, 18 completed = 27.27%) and seed 004 appendix 3
 * (95 tasks: 82 completed on time, 13 unfinished within deadline, as of 27/5/2024).
 */
describe('roll-ups', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let admin: Who, secretariat: Who, viewer: Who;
  const dept: Record<string, string> = {};
  let plan30: string, planUbnd: string;

  /** Many tasks at once, in one transaction, dated by the clock (their "created" history row). */
  async function bulk(planId: string, tasks: NewTask[]): Promise<string[]> {
    const service = env.app.get(TasksService);
    return env.db.transaction((m) => service.createMany(m, secretariat.id, planId, tasks));
  }
  const rollup = async (query: string, who: Who = viewer) => (await env.http().get(`/api/v1/rollups?${query}`).set(who.auth).expect(200)).body;

  beforeAll(async () => {
    env = await startTestApp();
    admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    const departments: [string, string][] = [
      ['STTTT', 'Sở Thông tin và Truyền thông'],
      ['SNNPTNT', 'Sở Nông nghiệp và Phát triển nông thôn'],
      ['SGDDT', 'Sở Giáo dục và Đào tạo'],
      ['SYT', 'Sở Y tế'],
      ['SGTVT', 'Sở Giao thông vận tải'],
      ['SCT', 'Sở Công Thương'],
      ['STNMT', 'Sở Tài nguyên và Môi trường'],
      ['SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch'],
    ];
    for (const [code, name] of departments) dept[code] = await createDepartment(env, admin.auth, code, name);
  });
  afterAll(() => env.close());

  it('counts Kế hoạch 30/KH-BCĐCĐS as the report does: 18/66 completed = 27.27%, 13 recurring, 35 in progress', async () => {
    env.clock.set('2024-02-20T03:00:00Z');
    plan30 = await createPlan(env, secretariat.auth, { number: '30/KH-BCĐCĐS', issuedOn: '2024-02-06', title: 'Kế hoạch chuyển đổi số năm 2024' });
    // per department: [completed, recurring, in progress]; totals 18, 13, 35
    const split: [string, number, number, number][] = [
      ['STTTT', 3, 7, 15], ['SNNPTNT', 4, 0, 8], ['SGDDT', 2, 2, 7], ['SYT', 3, 0, 3],
      ['SGTVT', 0, 0, 2], ['SCT', 0, 2, 0], ['STNMT', 2, 2, 0], ['SVHTTDL', 4, 0, 0],
    ];
    const tasks: NewTask[] = [];
    for (const [code, completed, recurring, inProgress] of split) {
      const add = (n: number, task: Partial<NewTask>) => {
        for (let i = 0; i < n; i++) tasks.push({ code: `${tasks.length + 1}`, title: `Nhiệm vụ ${tasks.length + 1} của ${code}`, leadDepartmentId: dept[code], ...task });
      };
      add(completed, { deadlineText: 'Quý I/2024', status: 'completed', completedOn: '2024-02-15', outputDocuments: [{ number: `${tasks.length}/KH-${code}`, issuedOn: '2024-02-15', kind: 'issued' }] });
      add(recurring, { deadlineText: 'Thường xuyên' });
      add(inProgress, { deadlineText: 'Quý IV/2024', status: 'in_progress' });
    }
    expect(tasks).toHaveLength(66);
    await bulk(plan30, tasks);
    env.clock.set('2024-06-15T01:00:00Z');

    const body = await rollup(`planId=${plan30}`);
    const expected = {
      total: 66, completed: 18, completedOnTime: 18, completedLate: 0, confirmed: 0, recurring: 13,
      inProgress: 35, notStarted: 0, blocked: 0, cancelled: 0, withinDeadline: 35, overdue: 0, completionRate: 27.27,
    };
    // every share as seed 003 prints it, when asked for (half-up: 13/66 is 19,70 where the report truncated to 19,69)
    const shared = await rollup(`planId=${plan30}&shares=true`);
    expect([shared.total.shares.completed.text, shared.total.shares.recurring.text, shared.total.shares.inProgress.text])
      .toEqual(['18/66 (27,27%)', '13/66 (19,70%)', '35/66 (53,03%)']);
    expect(shared.byPlan[0].shares.completed).toEqual({ share: 27.27, text: '18/66 (27,27%)' });
    expect(body).toEqual({
      asOf: '2024-06-15',
      total: expected,
      byPlan: [{ planId: plan30, number: '30/KH-BCĐCĐS', ...expected }],
      byDepartment: expect.any(Array),
    });
    // the counts object has exactly the contract's keys, in its order
    expect(Object.keys(body.total)).toEqual([
      'total', 'completed', 'completedOnTime', 'completedLate', 'confirmed', 'recurring', 'inProgress',
      'notStarted', 'blocked', 'cancelled', 'withinDeadline', 'overdue', 'completionRate',
    ]);
    const byName = Object.fromEntries(body.byDepartment.map((d: any) => [d.name, d]));
    expect(body.byDepartment).toHaveLength(8);
    expect(byName['Sở Thông tin và Truyền thông']).toMatchObject({ departmentId: dept.STTTT, total: 25, completed: 3, recurring: 7, inProgress: 15, completionRate: 12 });
    expect(byName['Sở Y tế']).toMatchObject({ total: 6, completed: 3, inProgress: 3, completionRate: 50 });
    expect(byName['Sở Văn hóa, Thể thao và Du lịch']).toMatchObject({ total: 4, completed: 4, completionRate: 100 });
    expect(byName['Sở Giáo dục và Đào tạo']).toMatchObject({ total: 11, completed: 2, recurring: 2, inProgress: 7, completionRate: 18.18 });
  });

  it('counts seed 004 appendix 3 as of 27/5/2024: 95 tasks, 82 completed on time, 13 unfinished within deadline', async () => {
    env.clock.set('2024-05-20T03:00:00Z');
    planUbnd = await createPlan(env, secretariat.auth, { number: 'UBND-GIAO-2024', kind: 'directive', issuedOn: '2024-01-01', title: 'Nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao 6 tháng đầu năm 2024' });
    const tasks: NewTask[] = [];
    for (let i = 1; i <= 82; i++) {
      tasks.push({ code: `${i}`, title: `Nội dung được giao số ${i}`, leadDepartmentId: dept.STTTT, dueDate: '2024-05-15', status: 'completed', completedOn: '2024-05-10', outputDocuments: [{ number: `${i}/STTTT-VP`, issuedOn: '2024-05-10', kind: 'submitted' }] });
    }
    // three of the unfinished fall due within the week after the cut-off: still within deadline
    for (let i = 83; i <= 95; i++) {
      tasks.push({ code: `${i}`, title: `Nội dung được giao số ${i}`, leadDepartmentId: dept.STTTT, dueDate: i <= 85 ? '2024-05-31' : '2024-07-31', status: 'in_progress' });
    }
    await bulk(planUbnd, tasks);
    env.clock.set('2024-06-15T01:00:00Z');

    const asOf = await rollup(`planId=${planUbnd}&asOf=2024-05-27`);
    expect(asOf.asOf).toBe('2024-05-27');
    expect(asOf.total).toEqual({
      total: 95, completed: 82, completedOnTime: 82, completedLate: 0, confirmed: 0, recurring: 0,
      inProgress: 13, notStarted: 0, blocked: 0, cancelled: 0, withinDeadline: 13, overdue: 0, completionRate: 86.32,
    });
    // today the three due on 31/5 are overdue: the day changes the split, not the counts
    const live = await rollup(`planId=${planUbnd}`);
    expect(live.total).toMatchObject({ total: 95, completed: 82, withinDeadline: 10, overdue: 3 });
    // one department's scope: the same tasks, all led by the Sở TTTT
    const own = await rollup(`planId=${planUbnd}&departmentId=${dept.STTTT}&asOf=2024-05-27`);
    expect(own.total).toEqual(asOf.total);
    expect(own.byDepartment).toEqual([{ departmentId: dept.STTTT, name: 'Sở Thông tin và Truyền thông', ...asOf.total }]);
  });

  it('rounds half-up exactly and counts late completions and confirmations', async () => {
    env.clock.set('2024-03-01T03:00:00Z');
    const planId = await createPlan(env, secretariat.auth, { number: '8/KH-UBND' });
    const ids = await bulk(planId, [
      { code: '1', title: 'Đúng hạn', leadDepartmentId: dept.SYT, dueDate: '2024-02-28', status: 'completed', completedOn: '2024-02-20', requiresOutputDocument: false },
      ...Array.from({ length: 7 }, (_, i): NewTask => ({ code: `${i + 2}`, title: 'Đang làm', leadDepartmentId: dept.SYT, dueDate: '2024-12-31', status: 'in_progress' })),
    ]);
    env.clock.set('2024-06-15T01:00:00Z');
    let body = await rollup(`planId=${planId}`);
    expect(body.total).toMatchObject({ total: 8, completed: 1, completionRate: 12.5, completedOnTime: 1, confirmed: 0 });

    const versionOf = async (id: string) => (await env.http().get(`/api/v1/tasks/${id}`).set(viewer.auth)).body.version;
    await env.http().post(`/api/v1/tasks/${ids[0]}/review`).set(secretariat.auth).send({ confirm: true, version: await versionOf(ids[0]) }).expect(200);
    const late = ids[1];
    await env.http().patch(`/api/v1/tasks/${late}`).set(secretariat.auth).send({ dueDate: '2024-05-31', version: await versionOf(late) }).expect(200);
    const t = (await env.http().get(`/api/v1/tasks/${late}`).set(viewer.auth)).body;
    await env.http().post(`/api/v1/tasks/${late}/updates`).set(secretariat.auth)
      .send({ version: t.version, status: 'completed', completedOn: '2024-06-10', outputDocuments: [{ number: '55/BC-SYT', issuedOn: '2024-06-10', kind: 'issued' }] }).expect(201);
    body = await rollup(`planId=${planId}`);
    expect(body.total).toMatchObject({ total: 8, completed: 2, completedOnTime: 1, completedLate: 1, confirmed: 1, inProgress: 6, completionRate: 25 });
  });

  it('counts a collective task once in its plan and each member its own part', async () => {
    const group = await createGroup(env, admin.auth, 'ALL', 'Các Sở, ban, ngành; địa phương', [dept.STTTT, dept.SGDDT, dept.SYT]);
    const planId = await createPlan(env, secretariat.auth, { number: '1446/KH-BĐHCĐS', issuedOn: '2024-04-04' });
    const parent = await createTask(env, secretariat.auth, { planId, code: '1.3', title: 'Triển khai Nền tảng Trợ lý ảo hỗ trợ công chức, viên chức', leadGroupId: group, deadlineText: 'Quý IV/2024' });
    await createTask(env, secretariat.auth, { planId, code: '1.4', title: 'Xây dựng kho dữ liệu điện tử cá nhân', leadDepartmentId: dept.STTTT, deadlineText: 'Năm 2024' });
    const child = parent.children.find((c: any) => c.leadDepartmentId === dept.STTTT);
    await env.http().post(`/api/v1/tasks/${child.id}/updates`).set(secretariat.auth)
      .send({ version: 1, status: 'completed', completedOn: '2024-06-01', outputDocuments: [{ number: '12/QĐ-STTTT', issuedOn: '2024-06-01', kind: 'issued' }] }).expect(201);

    const body = await rollup(`planId=${planId}`);
    // the plan: the collective task once (in progress, derived from its children) and task 1.4
    expect(body.total).toMatchObject({ total: 2, completed: 0, inProgress: 1, notStarted: 1 });
    expect(body.byPlan).toEqual([expect.objectContaining({ planId, total: 2, inProgress: 1, notStarted: 1 })]);
    // the departments: each member's part, the Sở TTTT's own task beside its part
    const byCode = (name: string) => body.byDepartment.find((d: any) => d.name === name);
    expect(body.byDepartment).toHaveLength(3);
    expect(byCode('Sở Thông tin và Truyền thông')).toMatchObject({ total: 2, completed: 1, notStarted: 1, completionRate: 50 });
    expect(byCode('Sở Giáo dục và Đào tạo')).toMatchObject({ total: 1, notStarted: 1, completed: 0 });
    expect(byCode('Sở Y tế')).toMatchObject({ total: 1, notStarted: 1 });
    expect(body.byDepartment.reduce((n: number, d: any) => n + d.total, 0)).toBe(4);

    // one department's scope counts its own rows, collective parts included
    const mine = await rollup(`planId=${planId}&departmentId=${dept.STTTT}`);
    expect(mine.total).toMatchObject({ total: 2, completed: 1, notStarted: 1 });
    expect(mine.byPlan).toEqual([expect.objectContaining({ planId, total: 2, completed: 1 })]);
  });

  it('rolls up everything, each plan once, in the order the plans were issued', async () => {
    const body = await rollup('');
    expect(body.byPlan.map((p: any) => p.number)).toEqual(['UBND-GIAO-2024', '8/KH-UBND', '30/KH-BCĐCĐS', '1446/KH-BĐHCĐS']);
    expect(body.total.total).toBe(body.byPlan.reduce((n: number, p: any) => n + p.total, 0));
    expect(body.total.total).toBe(66 + 95 + 8 + 2);
    expect(body.total.completed).toBe(18 + 82 + 2 + 0);
    expect(body.total.completionRate).toBe(59.65); // 102/171 = 59.649…
  });

  it('rebuilds a past day as done: tasks exist from the plan\'s issue, not from when they were typed in; later changes undone', async () => {
    env.clock.set('2024-06-15T01:00:00Z');
    const planId = await createPlan(env, secretariat.auth, { number: '99/KH-UBND', issuedOn: '2024-06-10' });
    env.clock.set('2024-06-10T02:00:00Z');
    const early = await createTask(env, secretariat.auth, { planId, code: 'A', title: 'Sớm', leadDepartmentId: dept.SCT, dueDate: '2024-06-12' });
    env.clock.set('2024-06-12T16:30:00Z'); // 23:30 on 12 June in Vietnam
    await env.http().post(`/api/v1/tasks/${early.id}/updates`).set(secretariat.auth).send({ version: 1, status: 'blocked' }).expect(201);
    env.clock.set('2024-06-13T03:00:00Z');
    // typed in on 13 June, assigned by the plan of 10 June: it exists from 10 June
    await createTask(env, secretariat.auth, { planId, code: 'B', title: 'Muộn', leadDepartmentId: dept.SCT, dueDate: '2024-06-30' });
    await env.http().post(`/api/v1/tasks/${early.id}/updates`).set(secretariat.auth)
      .send({ version: 2, status: 'completed', completedOn: '2024-06-13', outputDocuments: [{ number: '7/BC-SCT', issuedOn: '2024-06-13', kind: 'issued' }] }).expect(201);
    env.clock.set('2024-06-15T01:00:00Z');

    expect((await rollup(`planId=${planId}&asOf=2024-06-09`)).total.total).toBe(0);
    expect((await rollup(`planId=${planId}&asOf=2024-06-11`)).total).toMatchObject({ total: 2, notStarted: 2, withinDeadline: 2, overdue: 0 });
    expect((await rollup(`planId=${planId}&asOf=2024-06-12`)).total).toMatchObject({ total: 2, blocked: 1, notStarted: 1, withinDeadline: 2 });
    expect((await rollup(`planId=${planId}&asOf=2024-06-13`)).total).toMatchObject({ total: 2, completed: 1, completedLate: 1, notStarted: 1 });
    // the same question tomorrow gets the same answer
    const before = await rollup(`planId=${planId}&asOf=2024-06-13`);
    env.clock.set('2024-06-16T01:00:00Z');
    expect(await rollup(`planId=${planId}&asOf=2024-06-13`)).toEqual(before);
    env.clock.set('2024-06-15T01:00:00Z');
  });

  it('refuses a future day, unknown plans and departments, bad input; needs a sign-in', async () => {
    const future = await env.http().get('/api/v1/rollups?asOf=2024-06-16').set(viewer.auth).expect(400);
    expect(future.body.message).toBe('asOf 2024-06-16 is after today (2024-06-15); a roll-up counts what has happened');
    const unknown = '00000000-0000-4000-8000-000000000009';
    expect((await env.http().get(`/api/v1/rollups?planId=${unknown}`).set(viewer.auth).expect(400)).body.message).toBe(`planId: unknown plan ${unknown}`);
    expect((await env.http().get(`/api/v1/rollups?departmentId=${unknown}`).set(viewer.auth).expect(400)).body.message).toBe(`departmentId: unknown department ${unknown}`);
    expect((await env.http().get('/api/v1/rollups?asOf=2024-02-30').set(viewer.auth).expect(400)).body.message).toBe('asOf is not a real date');
    expect((await env.http().get('/api/v1/rollups?planId=abc').set(viewer.auth).expect(400)).body.message).toMatch(/^planId must be a UUID/);
    await env.http().get('/api/v1/rollups').expect(401);
    const fp = await signIn(env, 'focal_point', dept.SYT);
    expect((await rollup(`planId=${plan30}`, fp)).total.total).toBe(66);
  });
});
