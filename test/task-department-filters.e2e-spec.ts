import { createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * GET /tasks?coordinatingDepartmentId= and ?involvedDepartmentId= (lead or coordinating): the
 * focal point's "mine" of the web pages. They read the coordinators' copy on the task row, and
 * their count is never kept (a change of coordinators bumps no data revision), so a change of
 * coordinators shows at once in the list and its total.
 */
describe('task lists by coordinating and involved department', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, focal: Who;
  let tttt: string, snv: string, sgddt: string, planId: string;
  /** By code: 1 led by STTTT; 2 led by SNV, STTTT coordinating; 3 led by SNV, SGDDT coordinating; 4 led by SGDDT, STTTT and SNV coordinating. */
  const ids: Record<string, string> = {};

  const list = async (query: Record<string, string>) =>
    (await env.http().get(`/api/v1/tasks?${new URLSearchParams(query)}`).set(focal.auth).expect(200)).body;
  const codes = (page: { items: { code: string }[] }) => page.items.map((t) => t.code);

  beforeAll(async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    tttt = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    snv = await createDepartment(env, admin.auth, 'SNV', 'Sở Nội vụ');
    sgddt = await createDepartment(env, admin.auth, 'SGDDT', 'Sở Giáo dục và Đào tạo');
    focal = await signIn(env, 'focal_point', tttt);
    planId = await createPlan(env, secretariat.auth, { number: '12/KH-UBND' });
    const tasks: [string, string, string[]][] = [['1', tttt, []], ['2', snv, [tttt]], ['3', snv, [sgddt]], ['4', sgddt, [tttt, snv]]];
    for (const [code, lead, coordinating] of tasks) {
      ids[code] = (await createTask(env, secretariat.auth, {
        planId, code, title: `Nhiệm vụ ${code}`, leadDepartmentId: lead, coordinatingDepartmentIds: coordinating, deadlineText: '31/12/2024',
      })).id;
    }
  });
  afterAll(() => env.close());

  it('coordinatingDepartmentId lists the tasks the department coordinates, not those it leads', async () => {
    const page = await list({ coordinatingDepartmentId: tttt });
    expect(codes(page)).toEqual(['2', '4']);
    expect(page.total).toBe(2);
    expect(codes(await list({ coordinatingDepartmentId: snv }))).toEqual(['4']);
  });

  it('involvedDepartmentId lists the tasks the department leads or coordinates, in plan order, once each', async () => {
    const page = await list({ involvedDepartmentId: tttt });
    expect(codes(page)).toEqual(['1', '2', '4']);
    expect(page.total).toBe(3);
    expect(codes(await list({ involvedDepartmentId: sgddt }))).toEqual(['3', '4']);
  });

  it('combines with the other filters and pages', async () => {
    expect(codes(await list({ involvedDepartmentId: tttt, departmentId: snv }))).toEqual(['2']);
    expect(codes(await list({ coordinatingDepartmentId: tttt, q: 'nhiem vu 4' }))).toEqual(['4']);
    const second = await list({ involvedDepartmentId: tttt, limit: '2', page: '2' });
    expect(codes(second)).toEqual(['4']);
    expect(second).toMatchObject({ total: 3, page: 2, limit: 2 });
  });

  it('refuses a department id that is not a UUID, naming the filter', async () => {
    for (const name of ['coordinatingDepartmentId', 'involvedDepartmentId']) {
      const res = await env.http().get(`/api/v1/tasks?${name}=STTTT`).set(focal.auth).expect(400);
      expect(res.body.message).toContain(name);
    }
  });

  it('shows a change of coordinators at once in both filtered lists and their totals', async () => {
    // read first, so that whatever the list keeps is kept
    expect((await list({ coordinatingDepartmentId: tttt })).total).toBe(2);
    expect((await list({ involvedDepartmentId: tttt })).total).toBe(3);

    const { version } = (await env.http().get(`/api/v1/tasks/${ids['3']}`).set(secretariat.auth).expect(200)).body;
    await env.http().patch(`/api/v1/tasks/${ids['3']}`).set(secretariat.auth).send({ version, coordinatingDepartmentIds: [sgddt, tttt] }).expect(200);
    let coordinating = await list({ coordinatingDepartmentId: tttt });
    expect(codes(coordinating)).toEqual(['2', '3', '4']);
    expect(coordinating.total).toBe(3);
    let involved = await list({ involvedDepartmentId: tttt });
    expect(codes(involved)).toEqual(['1', '2', '3', '4']);
    expect(involved.total).toBe(4);

    const task2 = (await env.http().get(`/api/v1/tasks/${ids['2']}`).set(secretariat.auth).expect(200)).body;
    await env.http().patch(`/api/v1/tasks/${ids['2']}`).set(secretariat.auth).send({ version: task2.version, coordinatingDepartmentIds: [] }).expect(200);
    coordinating = await list({ coordinatingDepartmentId: tttt });
    expect(codes(coordinating)).toEqual(['3', '4']);
    expect(coordinating.total).toBe(2);
    involved = await list({ involvedDepartmentId: tttt });
    expect(codes(involved)).toEqual(['1', '3', '4']);
    expect(involved.total).toBe(3);
  });

  it('documents both filters in the OpenAPI document', async () => {
    const doc = (await env.http().get('/api/docs-json').expect(200)).body;
    const names = doc.paths['/api/v1/tasks'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['coordinatingDepartmentId', 'involvedDepartmentId']));
  });
});
