import { createDepartment, createGroup, createPlan, createTask } from './support/builders';
import { OpenApiValidator, Schema } from './support/openapi-schema';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * Every answer of the API is described in its OpenAPI document (/api/docs-json), so the web
 * pages' types can be generated from it and cannot drift from the API: each operation has a
 * 2xx response with a schema, and real answers hold exactly what their schema says.
 */
describe('the OpenAPI document describes every answer', () => {
  let env: TestEnv;
  let doc: Schema;
  let validator: OpenApiValidator;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, lead: Who, coordinator: Who;
  let planId: string, plainId: string, collectiveId: string, otherId: string;

  const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

  /** The JSON schema of an operation's answer with that status. */
  const responseSchema = (path: string, method: string, status: string): Schema => {
    const response = validator.resolve(doc.paths[path]?.[method]?.responses?.[status] ?? {});
    const schema = response.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${method.toUpperCase()} ${path} has no ${status} JSON schema`);
    return schema;
  };
  /** GETs `url`, and checks its answer against the document's schema for `path`. */
  const expectValid = async (url: string, path: string, who: Who = secretariat) => {
    const res = await env.http().get(url).set(who.auth).expect(200);
    expect(validator.errors(res.body, responseSchema(path, 'get', '200'))).toEqual([]);
    return res.body;
  };

  beforeAll(async () => {
    env = await startTestApp();
    doc = (await env.http().get('/api/docs-json').expect(200)).body;
    validator = new OpenApiValidator(doc);

    const admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    const tttt = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông', ['Sở TTTT']);
    const snv = await createDepartment(env, admin.auth, 'SNV', 'Sở Nội vụ');
    lead = await signIn(env, 'focal_point', tttt);
    coordinator = await signIn(env, 'focal_point', snv);
    const group = await createGroup(env, admin.auth, 'ALL', 'Các Sở, ban, ngành', [tttt, snv]);
    planId = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND' });
    plainId = (await createTask(env, secretariat.auth, {
      planId, code: '1', sourceRef: '154', group: 'I. Chính quyền số', title: 'Số hoá hồ sơ', leadDepartmentId: tttt,
      coordinatingDepartmentIds: [snv], deadlineText: '30/6/2024', expectedOutput: 'Kế hoạch', note: 'Ghi chú',
    })).id;
    collectiveId = (await createTask(env, secretariat.auth, { planId, code: '2', title: 'Trợ lý ảo', leadGroupId: group, deadlineText: 'Quý IV/2024' })).id;
    otherId = (await createTask(env, secretariat.auth, { planId, code: '3', title: 'Cổng dữ liệu', leadDepartmentId: tttt, deadlineText: '31/5/2024' })).id;

    // a coordinating note, a completion with a document, an extension and a status change asked
    let { version } = (await env.http().get(`/api/v1/tasks/${plainId}`).set(lead.auth).expect(200)).body;
    await env.http().post(`/api/v1/tasks/${plainId}/updates`).set(coordinator.auth).send({ version, progressNote: 'Đã góp ý dự thảo' }).expect(201);
    ({ version } = (await env.http().get(`/api/v1/tasks/${plainId}`).set(lead.auth).expect(200)).body);
    await env.http().post(`/api/v1/tasks/${plainId}/updates`).set(lead.auth).send({
      version, status: 'completed', progressNote: 'Đã ban hành', completedOn: '2024-06-10',
      outputDocuments: [{ number: '185/KH-UBND', issuedOn: '2024-06-10', kind: 'issued', title: 'Kế hoạch số hoá' }],
    }).expect(201);
    await env.http().post(`/api/v1/tasks/${otherId}/extension-requests`).set(lead.auth).send({ proposedDueDate: '2024-09-30', reason: 'Chờ kinh phí' }).expect(201);
    await env.http().post(`/api/v1/tasks/${otherId}/status-requests`).set(lead.auth).send({ status: 'recurring', reason: 'Nhiệm vụ thường xuyên' }).expect(201);
  });
  afterAll(() => env.close());

  it('gives every operation a 2xx answer with a schema (a 204 or a file download excepted)', () => {
    const missing: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries<Schema>(doc.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        operations++;
        const ok = Object.entries<Schema>(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
        const described = ok.some(([status, response]) => {
          const content = validator.resolve(response).content;
          if (status === '204') return !content;
          if (!content) return false;
          return Object.entries<Schema>(content).every(([type, media]) =>
            type === 'application/json' ? Boolean(media.schema && (media.schema.$ref || media.schema.type || media.schema.allOf)) : media.schema?.format === 'binary');
        });
        if (!described) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(operations).toBeGreaterThan(45);
    expect(missing).toEqual([]);
  });

  it('reuses one page schema for every list: { items, total, page, limit }, the inbox adding unread', () => {
    const pages = ['/api/v1/tasks', '/api/v1/plans', '/api/v1/departments', '/api/v1/department-groups', '/api/v1/users', '/api/v1/meetings', '/api/v1/notifications', '/api/v1/admin/deliveries'];
    for (const path of pages) {
      const schema = responseSchema(path, 'get', '200');
      expect(schema.allOf[0]).toEqual({ $ref: '#/components/schemas/PageMetaDto' });
      expect(schema.allOf[1].required).toContain('items');
    }
    expect(responseSchema('/api/v1/notifications', 'get', '200').allOf[1].required).toEqual(['items', 'unread']);
    expect(doc.components.schemas.PageMetaDto.required).toEqual(['total', 'page', 'limit']);
  });

  it('answers 202 { jobId } for the reminder run and the meeting summary, documented so', () => {
    for (const path of ['/api/v1/reminders/run', '/api/v1/meetings/{id}/summary']) {
      expect(responseSchema(path, 'post', '202')).toEqual({ $ref: '#/components/schemas/JobDto' });
    }
    expect(doc.components.schemas.JobDto.required).toEqual(['jobId']);
  });

  it('describes a task exactly: coordinator notes, output documents, timeliness and every other field', async () => {
    const task = await expectValid(`/api/v1/tasks/${plainId}`, '/api/v1/tasks/{id}');
    expect(task.coordinatorNotes).toHaveLength(1);
    expect(task.outputDocuments).toHaveLength(1);
    expect(task).toMatchObject({ status: 'completed', timeliness: 'on_time' });
    const schema = validator.resolve(responseSchema('/api/v1/tasks/{id}', 'get', '200'));
    expect(Object.keys(task).sort()).toEqual(Object.keys(schema.properties).filter((k) => k !== 'children').sort());
  });

  it('describes a collective task with its children', async () => {
    const task = await expectValid(`/api/v1/tasks/${collectiveId}`, '/api/v1/tasks/{id}');
    expect(task.children).toHaveLength(2);
  });

  it('describes a task list page, and a filtered one', async () => {
    const page = await expectValid(`/api/v1/tasks?planId=${planId}`, '/api/v1/tasks');
    expect(page.items.length).toBe(5);
    await expectValid(`/api/v1/tasks?involvedDepartmentId=${(await env.http().get('/api/v1/me').set(lead.auth)).body.departmentId}`, '/api/v1/tasks', lead);
  });

  it('describes a roll-up with its counts objects', async () => {
    const rollup = await expectValid(`/api/v1/rollups?planId=${planId}`, '/api/v1/rollups');
    expect(rollup.byPlan).toHaveLength(1);
    expect(rollup.byDepartment.length).toBeGreaterThan(0);
  });

  it('describes departments compared and a plan\'s per-task appendix (with a collective task\'s x/y đơn vị)', async () => {
    const ranking = await expectValid(`/api/v1/rollups/departments?planId=${planId}&assignedFrom=2024-01-01`, '/api/v1/rollups/departments');
    expect(ranking.departments.length).toBeGreaterThan(0);
    const appendix = await expectValid(`/api/v1/plans/${planId}/appendix`, '/api/v1/plans/{id}/appendix');
    expect(appendix.rows.find((r: any) => r.code === '2').collectiveParts).toEqual({ completed: 0, total: 2 });
    expect(appendix.rows[0]).toMatchObject({ group: 'I. Chính quyền số', sourceRef: '154', progress: 'Hoàn thành' });
  });

  it('describes me, with mustChangePassword and never a password hash', async () => {
    const me = await expectValid('/api/v1/me', '/api/v1/me', lead);
    expect(me).toMatchObject({ role: 'focal_point', mustChangePassword: false });
    expect(me).not.toHaveProperty('passwordHash');
  });

  it('describes the history, the inbox, the extension and status requests', async () => {
    const history = await expectValid(`/api/v1/tasks/${plainId}/updates`, '/api/v1/tasks/{id}/updates');
    expect(history.map((row: { action: string }) => row.action)).toEqual(['created', 'coordinator_note', 'progress_reported']);
    const inbox = await expectValid('/api/v1/notifications', '/api/v1/notifications');
    expect(inbox.unread).toBeGreaterThan(0);
    expect((await expectValid('/api/v1/extension-requests', '/api/v1/extension-requests')).length).toBe(1);
    expect((await expectValid('/api/v1/status-requests', '/api/v1/status-requests')).length).toBe(1);
  });

  it('describes plans, departments, groups and users', async () => {
    await expectValid('/api/v1/plans', '/api/v1/plans');
    await expectValid(`/api/v1/plans/${planId}`, '/api/v1/plans/{id}');
    await expectValid('/api/v1/departments', '/api/v1/departments');
    await expectValid('/api/v1/department-groups', '/api/v1/department-groups');
    const admin = await signIn(env, 'admin');
    await expectValid('/api/v1/users', '/api/v1/users', admin);
  });

  it('describes a meeting as created and an import dry run with its rows and row errors', async () => {
    const meeting = await env.http().post('/api/v1/meetings').set(secretariat.auth)
      .send({ title: 'Phiên họp 6 tháng', heldOn: '2024-07-05', asOf: '2024-06-30', planIds: [planId] }).expect(201);
    expect(validator.errors(meeting.body, responseSchema('/api/v1/meetings', 'post', '201'))).toEqual([]);
    const csv = 'STT,Nội dung nhiệm vụ,Đơn vị chủ trì,Thời hạn\n10,Số hoá hồ sơ,Sở TTTT,30/6/2024\n11,Cổng dữ liệu,Sở Không Có,31/12/2024\n';
    const dryRun = await env.http().post(`/api/v1/plans/${planId}/imports?dryRun=true`).set(secretariat.auth)
      .attach('file', Buffer.from(csv), { filename: 'tasks.csv', contentType: 'text/csv' }).expect(200);
    expect(dryRun.body.rows.length).toBeGreaterThan(0);
    expect(dryRun.body.errors.length).toBeGreaterThan(0);
    expect(validator.errors(dryRun.body, responseSchema('/api/v1/plans/{id}/imports', 'post', '200'))).toEqual([]);
  });

  it('catches an answer that strays from its schema (the validator is not lenient)', () => {
    const schema = responseSchema('/api/v1/tasks/{id}', 'get', '200');
    expect(validator.errors({ id: 'x' }, schema)).toEqual(expect.arrayContaining(['$.id: "x" is not a uuid', '$.planId: required, missing']));
    expect(validator.errors({ total: 1, page: 1, limit: 50, items: [], extra: 1 }, responseSchema('/api/v1/plans', 'get', '200'))).toEqual(['$.extra: not in the schema']);
  });
});
