import { createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

type Role = 'admin' | 'secretariat' | 'focal_point' | 'viewer';
const ROLES: Role[] = ['admin', 'secretariat', 'focal_point', 'viewer'];
const ALL = ROLES;

/**
 * Every endpoint × every role (and no sign-in): allowed answers 2xx, refused 403, anonymous 401.
 * The focal point belongs to the lead department of the task used.
 */
describe('role × endpoint matrix', () => {
  let env: TestEnv;
  const auth: Record<string, { Authorization: string }> = {};
  let departmentId: string, planId: string, taskId: string, meetingId: string, n = 0;

  beforeAll(async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    departmentId = await createDepartment(env, admin.auth, 'MTX', 'Sở Ma trận');
    auth.admin = admin.auth;
    auth.secretariat = (await signIn(env, 'secretariat')).auth;
    auth.focal_point = (await signIn(env, 'focal_point', departmentId)).auth;
    auth.viewer = (await signIn(env, 'viewer')).auth;
    planId = await createPlan(env, auth.secretariat);
    taskId = (await createTask(env, auth.secretariat, { planId, code: 'T0', title: 'Nhiệm vụ', leadDepartmentId: departmentId, deadlineText: 'Năm 2099' })).id;
    meetingId = (await env.http().post('/api/v1/meetings').set(auth.secretariat).send(meeting()).expect(201)).body.id;
  });

  const meeting = () => ({ title: `Phiên họp ${unique()}`, heldOn: '2024-06-10', asOf: '2024-06-10', planIds: [planId] });
  afterAll(() => env.close());

  const version = async () => (await env.http().get(`/api/v1/tasks/${taskId}`).set(auth.viewer)).body.version;
  const planVersion = async () => (await env.http().get(`/api/v1/plans/${planId}`).set(auth.viewer)).body.version;
  const unique = () => `${++n}${Date.now() % 100000}`;
  const csv = Buffer.from('STT,Nội dung nhiệm vụ,Đơn vị chủ trì,Thời hạn\n1,Nhiệm vụ nhập,Sở Ma trận,Năm 2024\n');

  const endpoints: { call: string; allowed: Role[]; run: (r: ReturnType<TestEnv['http']>) => Promise<any> }[] = [
    { call: 'GET /plans', allowed: ALL, run: (r) => r.get('/api/v1/plans') },
    { call: 'GET /plans/:id', allowed: ALL, run: (r) => r.get(`/api/v1/plans/${planId}`) },
    { call: 'POST /plans', allowed: ['secretariat'], run: (r) => r.post('/api/v1/plans').send({ number: `${unique()}/KH`, kind: 'plan', title: 't', issuedOn: '2024-01-01', issuer: 'UBND', year: 2024 }) },
    { call: 'PATCH /plans/:id', allowed: ['secretariat'], run: async (r) => r.patch(`/api/v1/plans/${planId}`).send({ title: `Kế hoạch ${unique()}`, version: await planVersion() }) },
    { call: 'POST /plans/:id/imports (dry run)', allowed: ['secretariat'], run: (r) => r.post(`/api/v1/plans/${planId}/imports?dryRun=true`).attach('file', csv, 'plan.csv') },
    { call: 'GET /plans/:id/tasks.xlsx', allowed: ALL, run: (r) => r.get(`/api/v1/plans/${planId}/tasks.xlsx`) },
    { call: 'GET /tasks', allowed: ALL, run: (r) => r.get('/api/v1/tasks') },
    { call: 'GET /tasks/:id', allowed: ALL, run: (r) => r.get(`/api/v1/tasks/${taskId}`) },
    { call: 'GET /tasks/:id/updates', allowed: ALL, run: (r) => r.get(`/api/v1/tasks/${taskId}/updates`) },
    { call: 'POST /tasks', allowed: ['secretariat'], run: (r) => r.post('/api/v1/tasks').send({ planId, code: unique(), title: 't', leadDepartmentId: departmentId }) },
    { call: 'PATCH /tasks/:id', allowed: ['secretariat'], run: async (r) => r.patch(`/api/v1/tasks/${taskId}`).send({ expectedOutput: `Báo cáo ${unique()}`, version: await version() }) },
    { call: 'POST /tasks/:id/updates', allowed: ['secretariat', 'focal_point'], run: async (r) => r.post(`/api/v1/tasks/${taskId}/updates`).send({ version: await version(), progressNote: `Ghi nhận ${unique()}` }) },
    { call: 'GET /extension-requests', allowed: ALL, run: (r) => r.get('/api/v1/extension-requests') },
    { call: 'GET /status-requests', allowed: ALL, run: (r) => r.get('/api/v1/status-requests?state=pending') },
    { call: 'GET /notifications', allowed: ALL, run: (r) => r.get('/api/v1/notifications') },
    { call: 'GET /me', allowed: ALL, run: (r) => r.get('/api/v1/me') },
    { call: 'GET /users', allowed: ['admin'], run: (r) => r.get('/api/v1/users') },
    { call: 'GET /departments', allowed: ALL, run: (r) => r.get('/api/v1/departments') },
    { call: 'POST /departments', allowed: ['admin'], run: (r) => r.post('/api/v1/departments').send({ code: `D${unique()}`, name: `Sở ${unique()}` }) },
    { call: 'GET /department-groups', allowed: ALL, run: (r) => r.get('/api/v1/department-groups') },
    { call: 'GET /rollups', allowed: ALL, run: (r) => r.get(`/api/v1/rollups?planId=${planId}`) },
    { call: 'GET /meetings', allowed: ALL, run: (r) => r.get('/api/v1/meetings') },
    { call: 'GET /meetings/:id', allowed: ALL, run: (r) => r.get(`/api/v1/meetings/${meetingId}`) },
    { call: 'POST /meetings', allowed: ['secretariat'], run: (r) => r.post('/api/v1/meetings').send(meeting()) },
    { call: 'POST /meetings/:id/summary', allowed: ['secretariat'], run: (r) => r.post(`/api/v1/meetings/${meetingId}/summary`) },
    { call: 'POST /reminders/run', allowed: ['admin', 'secretariat'], run: (r) => r.post('/api/v1/reminders/run').send({ asOf: '2024-06-10' }) },
    { call: 'GET /admin/deliveries', allowed: ['admin'], run: (r) => r.get('/api/v1/admin/deliveries?status=failed') },
  ];

  for (const endpoint of endpoints) {
    for (const role of [...ROLES, 'anonymous' as const]) {
      const expected = role === 'anonymous' ? '401' : endpoint.allowed.includes(role) ? '2xx' : '403';
      it(`${endpoint.call} as ${role} → ${expected}`, async () => {
        const request = env.http();
        const wrapped = new Proxy(request, {
          get: (target, method: string) => (path: string) => {
            const req = (target as any)[method](path);
            return role === 'anonymous' ? req : req.set(auth[role]);
          },
        });
        const res = await endpoint.run(wrapped as any);
        const got = res.status >= 200 && res.status < 300 ? '2xx' : String(res.status);
        expect({ status: got, body: got === expected ? undefined : res.body }).toEqual({ status: expected, body: undefined });
      });
    }
  }

  it('POST /tasks/:id/extension-requests: only a focal point of the lead department', async () => {
    for (const role of ['admin', 'secretariat', 'viewer'] as const) {
      await env.http().post(`/api/v1/tasks/${taskId}/extension-requests`).set(auth[role]).send({ proposedDueDate: '2100-01-31', reason: 'x' }).expect(403);
    }
    const ok = await env.http().post(`/api/v1/tasks/${taskId}/extension-requests`).set(auth.focal_point).send({ proposedDueDate: '2100-01-31', reason: 'x' }).expect(201);
    for (const role of ['admin', 'focal_point', 'viewer'] as const) {
      await env.http().post(`/api/v1/extension-requests/${ok.body.id}/decision`).set(auth[role]).send({ approve: false, version: await version() }).expect(403);
    }
    await env.http().post(`/api/v1/extension-requests/${ok.body.id}/decision`).set(auth.secretariat).send({ approve: false, version: await version() }).expect(200);
  });

  it('POST /tasks/:id/status-requests: only a focal point of the lead department; the decision: only the secretariat', async () => {
    for (const role of ['admin', 'secretariat', 'viewer'] as const) {
      await env.http().post(`/api/v1/tasks/${taskId}/status-requests`).set(auth[role]).send({ status: 'cancelled', reason: 'x' }).expect(403);
    }
    await env.http().post(`/api/v1/tasks/${taskId}/status-requests`).send({ status: 'cancelled', reason: 'x' }).expect(401);
    const ok = await env.http().post(`/api/v1/tasks/${taskId}/status-requests`).set(auth.focal_point).send({ status: 'cancelled', reason: 'x' }).expect(201);
    for (const role of ['admin', 'focal_point', 'viewer'] as const) {
      await env.http().post(`/api/v1/status-requests/${ok.body.id}/decision`).set(auth[role]).send({ approve: false, note: 'y', version: await version() }).expect(403);
    }
    await env.http().post(`/api/v1/status-requests/${ok.body.id}/decision`).send({ approve: false, note: 'y', version: await version() }).expect(401);
    await env.http().post(`/api/v1/status-requests/${ok.body.id}/decision`).set(auth.secretariat).send({ approve: false, note: 'y', version: await version() }).expect(200);
  });
});
