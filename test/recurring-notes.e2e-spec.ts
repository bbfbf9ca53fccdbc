import { createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * "Thường xuyên" duties are reported per report period (issue 16 item 7): each progress note of a
 * recurring task names its period, and an appendix as of a cut-off shows the note of the period
 * the cut-off falls in, never an older period's.
 */
describe('recurring duties: a progress note per report period', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let admin: Who, secretariat: Who, viewer: Who;
  let planId: string, recurring: { id: string }, dated: { id: string };

  const version = async (id: string) => (await env.http().get(`/api/v1/tasks/${id}`).set(secretariat.auth).expect(200)).body.version;
  const report = async (id: string, body: Record<string, unknown>, expected: number) =>
    env.http().post(`/api/v1/tasks/${id}/updates`).set(secretariat.auth).send({ version: await version(id), ...body }).expect(expected);
  const progressAsOf = async (asOf: string) => {
    const rows = (await env.http().get(`/api/v1/plans/${planId}/appendix?asOf=${asOf}`).set(viewer.auth).expect(200)).body.rows;
    return rows.find((r: { code: string }) => r.code === '1').progress;
  };

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2024-02-01T03:00:00Z');
    admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    const dept = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    planId = await createPlan(env, secretariat.auth, { number: '31/KH-BCĐCĐS', issuedOn: '2024-01-15', year: 2024 });
    recurring = await createTask(env, secretariat.auth, { planId, code: '1', title: 'Theo dõi, đôn đốc chuyển đổi số', leadDepartmentId: dept, deadlineText: 'Thường xuyên' });
    dated = await createTask(env, secretariat.auth, { planId, code: '2', title: 'Ban hành quy chế', leadDepartmentId: dept, deadlineText: 'Quý IV/2024' });
  });
  afterAll(() => env.close());

  it('shows, as of a cut-off, the note of the cut-off\'s period and none of an older period', async () => {
    env.clock.set('2024-06-20T03:00:00Z');
    await report(recurring.id, { progressNote: 'Đã đôn đốc 6 tháng đầu năm', reportPeriod: '2024-6M' }, 201);
    env.clock.set('2024-12-20T03:00:00Z');
    await report(recurring.id, { progressNote: 'Đã đôn đốc cả năm', reportPeriod: '2024-Y' }, 201);
    env.clock.set('2025-07-10T03:00:00Z');

    expect(await progressAsOf('2024-06-30')).toBe('Đã đôn đốc 6 tháng đầu năm');
    expect(await progressAsOf('2024-12-31')).toBe('Đã đôn đốc cả năm');
    // 2025's first half has no note yet: blank, not 2024's
    expect(await progressAsOf('2025-06-30')).toBeNull();

    const history = (await env.http().get(`/api/v1/tasks/${recurring.id}/updates`).set(viewer.auth).expect(200)).body;
    const notes = (Array.isArray(history) ? history : history.items).filter((u: { action: string }) => u.action === 'progress_reported');
    expect(notes.map((u: { reportPeriod: string }) => u.reportPeriod)).toEqual(['2024-6M', '2024-Y']);
  });

  it('gives a note without a period the half-year of the day it is written', async () => {
    env.clock.set('2025-03-05T03:00:00Z');
    await report(recurring.id, { progressNote: 'Đã đôn đốc quý I/2025' }, 201);
    // today's appendix (no past cut-off) reads the same rule
    expect(await progressAsOf('2025-03-05')).toBe('Đã đôn đốc quý I/2025');
    env.clock.set('2025-07-10T03:00:00Z');
    expect(await progressAsOf('2025-06-30')).toBe('Đã đôn đốc quý I/2025');
    expect(await progressAsOf('2024-12-31')).toBe('Đã đôn đốc cả năm');
  });

  it('answers 400 naming reportPeriod for a bad period, and for a period on a task that is not recurring', async () => {
    const bad = await report(recurring.id, { progressNote: 'x', reportPeriod: '2024-H1' }, 400);
    expect(JSON.stringify(bad.body)).toContain('reportPeriod');
    const notRecurring = await report(dated.id, { progressNote: 'Đang dự thảo', reportPeriod: '2024-6M' }, 400);
    expect(JSON.stringify(notRecurring.body)).toContain('reportPeriod');
  });
});
