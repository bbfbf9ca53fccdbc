import { createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * GET /tasks?sort=urgency: the focal point's "most urgent first" (WEB.md), cut into pages by
 * PostgreSQL so that page 2 goes on where page 1 stopped. Today in the tests is 15/06/2024.
 */
describe('task list sorted by urgency', () => {
  let env: TestEnv;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  let tttt: string, planId: string;

  const list = async (query: Record<string, string>) =>
    (await env.http().get(`/api/v1/tasks?${new URLSearchParams({ planId, ...query })}`).set(secretariat.auth).expect(200)).body;
  const codes = (page: { items: { code: string }[] }) => page.items.map((t) => t.code);
  const report = async (id: string, body: Record<string, unknown>) => {
    const { version } = (await env.http().get(`/api/v1/tasks/${id}`).set(secretariat.auth).expect(200)).body;
    await env.http().post(`/api/v1/tasks/${id}/updates`).set(secretariat.auth).send({ version, ...body }).expect(201);
  };

  beforeAll(async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    tttt = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    planId = await createPlan(env, secretariat.auth, { number: '77/KH-UBND' });
    // in plan order: codes 1..8, each with the urgency it will have on 15/06/2024
    const due: [string, string | null][] = [
      ['1', '2024-12-31'], // within deadline
      ['2', '2024-06-10'], // overdue by 5 days
      ['3', '2024-06-18'], // due soon
      ['4', '2024-05-01'], // overdue by 45 days: before 2
      ['5', '2024-06-01'], // completed late
      ['6', '2024-06-30'], // completed on time
      ['7', '2024-03-31'], // recurring: no timeliness, last
      ['8', null], // no deadline: within deadline, after the dated one
    ];
    const ids: Record<string, string> = {};
    for (const [code, dueDate] of due) {
      ids[code] = (await createTask(env, secretariat.auth, { planId, code, title: `Nhiệm vụ ${code}`, leadDepartmentId: tttt, ...(dueDate ? { dueDate } : {}) })).id;
    }
    const doc = { number: '12/BC-STTTT', issuedOn: '2024-06-12', kind: 'issued' };
    await report(ids['5'], { status: 'completed', completedOn: '2024-06-12', outputDocuments: [doc] });
    await report(ids['6'], { status: 'completed', completedOn: '2024-06-12', outputDocuments: [doc] });
    await report(ids['7'], { status: 'recurring' });
  });
  afterAll(() => env.close());

  it('lists overdue (most overdue first), due soon, within deadline, late, on time, then recurring', async () => {
    const page = await list({ sort: 'urgency' });
    expect(codes(page)).toEqual(['4', '2', '3', '1', '8', '5', '6', '7']);
    expect(page.items.map((t: { timeliness: string | null }) => t.timeliness)).toEqual([
      'overdue', 'overdue', 'due_soon', 'within_deadline', 'within_deadline', 'late', 'on_time', null,
    ]);
  });

  it('keeps the order across pages, and plan order without sort', async () => {
    const first = await list({ sort: 'urgency', limit: '3' });
    const second = await list({ sort: 'urgency', limit: '3', page: '2' });
    const third = await list({ sort: 'urgency', limit: '3', page: '3' });
    expect([...codes(first), ...codes(second), ...codes(third)]).toEqual(['4', '2', '3', '1', '8', '5', '6', '7']);
    expect(second.total).toBe(8);
    expect(codes(await list({}))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(codes(await list({ sort: 'plan' }))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('combines with filters', async () => {
    expect(codes(await list({ sort: 'urgency', timeliness: 'overdue,due_soon' }))).toEqual(['4', '2', '3']);
    expect(codes(await list({ sort: 'urgency', q: 'nhiem vu 6' }))).toEqual(['6']);
  });

  it('refuses an unknown sort, naming it', async () => {
    const res = await env.http().get(`/api/v1/tasks?sort=deadline`).set(secretariat.auth).expect(400);
    expect(res.body.message).toContain('sort');
  });
});
