import { createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * The task rules have one home (libs/tasks/src/task-rules.ts): the same bad input sent through
 * the API and through a plan's table import gets the same refusal, and the same input the same
 * status, in the import's dry run as in what it writes.
 */
describe('one rule, both ways in: the API and the import of a task table', () => {
  let env: TestEnv;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  let focal: Awaited<ReturnType<typeof signIn>>;
  let viewer: Awaited<ReturnType<typeof signIn>>;
  let departmentId: string;
  let planId: string;
  const HEAD = 'STT,Nội dung nhiệm vụ,Đơn vị chủ trì,Thời hạn,Tiến độ,Văn bản trình,Ngày hoàn thành';

  beforeAll(async () => {
    env = await startTestApp(); // today: 2024-06-15
    const admin = await signIn(env, 'admin');
    departmentId = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    secretariat = await signIn(env, 'secretariat');
    focal = await signIn(env, 'focal_point', departmentId);
    viewer = await signIn(env, 'viewer');
    planId = await createPlan(env, secretariat.auth, { number: '1446/KH-BĐHCĐS', issuedOn: '2024-04-04' });
  });
  afterAll(() => env.close());

  const importCsv = (lines: string[], dryRun: boolean) =>
    env.http().post(`/api/v1/plans/${planId}/imports?dryRun=${dryRun}`).set(secretariat.auth)
      .attach('file', Buffer.from([HEAD, ...lines].join('\n') + '\n', 'utf8'), 'plan.csv');
  const taskByCode = async (code: string) =>
    (await env.http().get(`/api/v1/tasks?planId=${planId}&q=${encodeURIComponent(code)}`).set(viewer.auth).expect(200)).body.items.find((t: { code: string }) => t.code === code);

  it('refuses a completion dated before the plan was issued, with the same code and words both ways, and writes nothing', async () => {
    const task = await createTask(env, secretariat.auth, { planId, code: 'API-1', title: 'Báo cáo chuyển đổi số', leadDepartmentId: departmentId, deadlineText: '30/6/2024' });
    const viaApi = await env.http().post(`/api/v1/tasks/${task.id}/updates`).set(focal.auth)
      .send({ version: task.version, status: 'completed', completedOn: '2024-03-01', outputDocuments: [{ number: '12/BC-STTTT', issuedOn: '2024-04-10', kind: 'submitted' }] })
      .expect(400);
    expect(viaApi.body).toMatchObject({ code: 'VALIDATION_FAILED', message: 'completedOn 2024-03-01 is before the plan was issued (2024-04-04)' });

    const row = 'IMP-1,Báo cáo chuyển đổi số,Sở Thông tin và Truyền thông,30/6/2024,Hoàn thành,12/BC-STTTT ngày 10/04/2024,01/03/2024';
    const dry = await importCsv([row], true).expect(200);
    expect(dry.body.errors).toEqual([{ row: 2, column: 'Ngày hoàn thành', text: '2024-03-01', message: viaApi.body.message }]);
    const viaImport = await importCsv([row], false).expect(400);
    expect(viaImport.body).toMatchObject({ code: viaApi.body.code, errors: [expect.objectContaining({ message: viaApi.body.message })] });
    expect(await taskByCode('IMP-1')).toBeUndefined();
    expect(await taskByCode('API-1')).toMatchObject({ status: 'not_started', completedOn: null });

    // the same completion dated on the plan's day passes both ways
    await env.http().post(`/api/v1/tasks/${task.id}/updates`).set(focal.auth)
      .send({ version: task.version, status: 'completed', completedOn: '2024-04-04', outputDocuments: [{ number: '12/BC-STTTT', issuedOn: '2024-04-10', kind: 'submitted' }] })
      .expect(201);
    expect((await importCsv([row.replace('01/03/2024', '04/04/2024')], true).expect(200)).body.errors).toEqual([]);
  });

  it('makes a blocked task under "Thường xuyên" recurring both ways: the dry run shows what the import writes, and what the API makes', async () => {
    const task = await createTask(env, secretariat.auth, { planId, code: 'API-2', title: 'Duy trì cổng dịch vụ công', leadDepartmentId: departmentId, deadlineText: '30/6/2024' });
    const blocked = await env.http().post(`/api/v1/tasks/${task.id}/updates`).set(focal.auth).send({ version: task.version, status: 'blocked' }).expect(201);
    const viaApi = await env.http().patch(`/api/v1/tasks/${task.id}`).set(secretariat.auth).send({ version: blocked.body.version, deadlineText: 'Thường xuyên' }).expect(200);
    expect(viaApi.body.status).toBe('recurring');

    const row = 'IMP-2,Duy trì cổng dịch vụ công,Sở Thông tin và Truyền thông,Thường xuyên,Vướng mắc,,';
    const dry = await importCsv([row], true).expect(200);
    expect(dry.body).toMatchObject({ errors: [], rows: [expect.objectContaining({ code: 'IMP-2', status: viaApi.body.status })] });
    const written = await importCsv([row], false).expect(200);
    expect(written.body.rows).toEqual([expect.objectContaining({ code: 'IMP-2', status: viaApi.body.status })]);
    expect(await taskByCode('IMP-2')).toMatchObject({ status: viaApi.body.status, dueDate: null });
  });
});
