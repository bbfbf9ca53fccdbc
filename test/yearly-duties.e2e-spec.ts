import { createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';
import { waitForSummary } from './support/wait';

/**
 * Yearly duties (issue 16 item 7): a deadline "Hàng năm" is due every 31 December from the
 * plan's year on, not overdue forever after the first one; each year's part is reported and
 * counted in its year. "Thường xuyên" duties count as recurring.
 */
describe('yearly duties across two years', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let admin: Who, secretariat: Who, viewer: Who;
  let planId: string, yearly: { id: string };

  const rollup = async (query: string) => (await env.http().get(`/api/v1/rollups?planId=${planId}${query}`).set(viewer.auth).expect(200)).body.total;
  const byStatus = async (status: string) => {
    const body = (await env.http().get(`/api/v1/tasks?planId=${planId}&status=${status}&limit=50`).set(viewer.auth).expect(200)).body;
    return { total: body.total, codes: body.items.map((t: { code: string }) => t.code) };
  };
  async function complete(id: string, completedOn: string, number: string) {
    const { version } = (await env.http().get(`/api/v1/tasks/${id}`).set(secretariat.auth).expect(200)).body;
    await env.http().post(`/api/v1/tasks/${id}/updates`).set(secretariat.auth)
      .send({ version, status: 'completed', completedOn, outputDocuments: [{ number, issuedOn: completedOn, kind: 'submitted' }] }).expect(201);
  }

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2024-02-01T03:00:00Z');
    admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    const dept = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    planId = await createPlan(env, secretariat.auth, { number: '30/KH-BCĐCĐS', issuedOn: '2024-01-15', year: 2024 });
    yearly = await createTask(env, secretariat.auth, { planId, code: '1', title: 'Báo cáo an toàn thông tin hằng năm', leadDepartmentId: dept, deadlineText: 'Hàng năm' });
    await createTask(env, secretariat.auth, { planId, code: '2', title: 'Rà soát danh mục dữ liệu dùng chung', leadDepartmentId: dept, deadlineText: 'Hằng năm' });
    await createTask(env, secretariat.auth, { planId, code: '3', title: 'Theo dõi, đôn đốc', leadDepartmentId: dept, deadlineText: 'Thường xuyên' });
  });
  afterAll(() => env.close());

  it('reads "Hàng năm" as due on 31 December of the plan\'s year, and "Thường xuyên" as recurring', async () => {
    const task = (await env.http().get(`/api/v1/tasks/${yearly.id}`).set(viewer.auth).expect(200)).body;
    expect(task).toMatchObject({ yearly: true, dueDate: '2024-12-31', deadlineText: 'Hàng năm' });
    expect(await rollup('')).toMatchObject({ total: 3, recurring: 1, notStarted: 2, withinDeadline: 2, overdue: 0 });
  });

  it('counts the first year\'s part in its year, and opens the next year\'s part on 1 January, not overdue', async () => {
    env.clock.set('2024-12-20T03:00:00Z');
    await complete(yearly.id, '2024-12-10', '501/STTTT-ATTT');
    expect(await rollup('')).toMatchObject({ total: 3, completed: 1, completedOnTime: 1, recurring: 1, withinDeadline: 1, overdue: 0 });
    expect(await byStatus('completed')).toEqual({ total: 1, codes: ['1'] });

    env.clock.set('2025-03-01T03:00:00Z');
    // 2025: both yearly duties owe this year's part, due 31/12/2025; the missed 2024 part is 2024's
    expect(await rollup('')).toMatchObject({ total: 3, completed: 0, recurring: 1, withinDeadline: 2, overdue: 0 });
    expect(await rollup('&asOf=2024-12-31')).toMatchObject({ total: 3, completed: 1, completedOnTime: 1, recurring: 1, withinDeadline: 1, overdue: 0 });
    // the task list judges them the same way: 2025's part within its deadline, none overdue
    const list = (await env.http().get(`/api/v1/tasks?planId=${planId}&limit=50`).set(viewer.auth).expect(200)).body.items;
    expect(list.map((t: any) => [t.code, t.timeliness])).toEqual([['1', 'within_deadline'], ['2', 'within_deadline'], ['3', null]]);
    expect((await env.http().get(`/api/v1/tasks?planId=${planId}&timeliness=overdue`).set(viewer.auth).expect(200)).body.total).toBe(0);
    // and so does the status filter: 2024's completion does not make the 2025 part completed; it is in progress, as the roll-up counts it
    expect(await byStatus('completed')).toEqual({ total: 0, codes: [] });
    expect(await byStatus('in_progress')).toEqual({ total: 1, codes: ['1'] });
    expect(await byStatus('in_progress,not_started')).toEqual({ total: 2, codes: ['1', '2'] });
    expect(await byStatus('completed,recurring')).toEqual({ total: 1, codes: ['3'] });
    expect(await byStatus('completed,in_progress')).toEqual({ total: 1, codes: ['1'] });
    // the same day asked for 2024 still reads it completed (the day is part of the list's kept count)
    env.clock.set('2024-12-28T03:00:00Z');
    expect(await byStatus('completed')).toEqual({ total: 1, codes: ['1'] });
    env.clock.set('2025-03-01T03:00:00Z');
    expect(await byStatus('completed')).toEqual({ total: 0, codes: [] });
  });

  it('keeps each year\'s part in its year once the next one is completed', async () => {
    env.clock.set('2025-12-15T03:00:00Z');
    await complete(yearly.id, '2025-12-05', '488/STTTT-ATTT');
    env.clock.set('2026-01-10T03:00:00Z');

    // 2026: the yearly duty owes its third part, due 31/12/2026
    expect(await rollup('')).toMatchObject({ total: 3, completed: 0, recurring: 1, withinDeadline: 2, overdue: 0 });
    // 2025's part, completed on 5 December
    expect(await rollup('&asOf=2025-12-31')).toMatchObject({ total: 3, completed: 1, completedOnTime: 1, completedLate: 0, withinDeadline: 1, overdue: 0 });
    // mid-2025: its part still open, due at the end of 2025
    expect(await rollup('&asOf=2025-06-30')).toMatchObject({ total: 3, completed: 0, inProgress: 1, notStarted: 1, withinDeadline: 2, overdue: 0 });
    // 2024's part still counts in 2024, from the history, though the task now carries 2025's completion
    expect(await rollup('&asOf=2024-12-31')).toMatchObject({ total: 3, completed: 1, completedOnTime: 1, withinDeadline: 1, overdue: 0 });
    // a yearly duty whose part was not done is overdue only in its year's sense: none of it after the year turned
    expect(await rollup('&asOf=2025-01-02')).toMatchObject({ completed: 0, withinDeadline: 2, overdue: 0 });
  });

  it('makes a summary of a year count that year\'s part', async () => {
    const meeting = (await env.http().post('/api/v1/meetings').set(secretariat.auth)
      .send({ title: 'Tổng kết năm 2025', heldOn: '2026-01-08', asOf: '2025-12-31', planIds: [planId] }).expect(201)).body;
    await env.startWorker();
    await env.http().post(`/api/v1/meetings/${meeting.id}/summary`).set(secretariat.auth).expect(202);
    const summary = await waitForSummary(env, viewer.auth, meeting.id);
    expect(summary.rollup.total).toMatchObject({ total: 3, completed: 1, completedOnTime: 1, recurring: 1, withinDeadline: 1, overdue: 0 });
    expect(summary.completedSince.tasks.map((t: any) => [t.code, t.completedOn, t.timeliness])).toEqual([['1', '2025-12-05', 'on_time']]);
    expect(summary.overdue).toEqual([]);
  });
});
