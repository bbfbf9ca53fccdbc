import { changeBehindTheTriggers, createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * GET /rollups answers from a cache keyed by the revisions of what it counts (migration
 * 1763870900000-data-revisions). Served from the cache while nothing changed; never after a
 * change has committed, whoever made it: the API, another process writing SQL, a rename.
 */
describe('roll-ups from the cache', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let admin: Who, secretariat: Who, focal: Who;
  let deptId: string, planId: string, otherPlanId: string, taskId: string;

  const rollup = async (query: string) => (await env.http().get(`/api/v1/rollups?${query}`).set(secretariat.auth).expect(200)).body;

  beforeAll(async () => {
    env = await startTestApp();
    admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    deptId = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    focal = await signIn(env, 'focal_point', deptId);
    planId = await createPlan(env, secretariat.auth, { number: '30/KH-BCĐCĐS', issuedOn: '2024-02-06' });
    otherPlanId = await createPlan(env, secretariat.auth, { number: '31/KH-BCĐCĐS', issuedOn: '2024-02-07' });
    taskId = (await createTask(env, secretariat.auth, { planId, code: '1', title: 'Số hoá hồ sơ', leadDepartmentId: deptId, deadlineText: 'Quý IV/2024' })).id;
    await createTask(env, secretariat.auth, { planId, code: '2', title: 'Cổng dữ liệu', leadDepartmentId: deptId, deadlineText: 'Quý IV/2024' });
    await createTask(env, secretariat.auth, { planId: otherPlanId, code: '1', title: 'Họp giao ban', leadDepartmentId: deptId, deadlineText: 'Quý IV/2024' });
  });
  afterAll(() => env.close());

  it('serves a roll-up again from the cache while nothing it counts has changed', async () => {
    const first = await rollup(`planId=${planId}`);
    expect(first.total).toMatchObject({ total: 2, notStarted: 2, completed: 0 });
    // a change the triggers do not see is not counted: the answer came from the cache
    await changeBehindTheTriggers(env, `UPDATE tasks SET status = 'blocked' WHERE id = $1`, [taskId]);
    expect(await rollup(`planId=${planId}`)).toEqual(first);
    // the same plan asked in upper case finds the same revisions
    expect(await rollup(`planId=${planId.toUpperCase()}`)).toEqual(first);
    await changeBehindTheTriggers(env, `UPDATE tasks SET status = 'not_started' WHERE id = $1`, [taskId]);
  });

  it('counts a progress report at once', async () => {
    const before = await rollup(`planId=${planId}`);
    const { version } = (await env.http().get(`/api/v1/tasks/${taskId}`).set(focal.auth).expect(200)).body;
    await env.http().post(`/api/v1/tasks/${taskId}/updates`).set(focal.auth).send({ version, status: 'in_progress', progressNote: 'Đang triển khai' }).expect(201);
    const after = await rollup(`planId=${planId}`);
    expect(before.total).toMatchObject({ notStarted: 2, inProgress: 0 });
    expect(after.total).toMatchObject({ notStarted: 1, inProgress: 1 });
    expect(after.byDepartment[0]).toMatchObject({ departmentId: deptId, inProgress: 1 });
  });

  it('counts a change written in SQL by another process, and leaves other plans cached', async () => {
    const other = await rollup(`planId=${otherPlanId}`);
    await env.db.query(`UPDATE tasks SET status = 'blocked' WHERE id = $1`, [taskId]);
    expect((await rollup(`planId=${planId}`)).total).toMatchObject({ blocked: 1, inProgress: 0 });
    expect((await rollup('')).total).toMatchObject({ total: 3, blocked: 1 });
    expect((await rollup(`departmentId=${deptId}`)).total).toMatchObject({ total: 3, blocked: 1 });
    expect(await rollup(`planId=${otherPlanId}`)).toEqual(other);
  });

  it('shows a renamed department and a renumbered plan at once', async () => {
    await rollup(`planId=${planId}`);
    const dept = (await env.http().get(`/api/v1/departments/${deptId}`).set(admin.auth).expect(200)).body;
    await env.http().patch(`/api/v1/departments/${deptId}`).set(admin.auth).send({ version: dept.version, name: 'Sở Khoa học và Công nghệ' }).expect(200);
    expect((await rollup(`planId=${planId}`)).byDepartment[0].name).toBe('Sở Khoa học và Công nghệ');
    await env.db.query(`UPDATE plans SET number = '30/KH-BCĐ' WHERE id = $1`, [planId]);
    expect((await rollup(`planId=${planId}`)).byPlan[0].number).toBe('30/KH-BCĐ');
  });

  it('judges overdue against the new day, and still refuses unknown plans', async () => {
    const today = await rollup(`planId=${planId}`);
    expect(today.total.overdue).toBe(0);
    env.clock.set('2025-01-02T01:00:00Z'); // past the end of Quý IV/2024
    const later = await rollup(`planId=${planId}`);
    expect(later.asOf).toBe('2025-01-02');
    expect(later.total.overdue).toBe(2);
    const unknown = await env.http().get('/api/v1/rollups?planId=00000000-0000-4000-8000-000000000001').set(secretariat.auth).expect(400);
    expect(unknown.body.message).toContain('unknown plan');
  });
});
