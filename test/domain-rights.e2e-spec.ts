import { createDepartment, createGroup, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * Rights that match the domain (issue 12, point 8): a coordinating department speaks for
 * itself, cancelled and recurring are the secretariat's decision, and nobody silently undoes a
 * change they did not see (version required, checked atomically).
 */
describe('rights that match the domain', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let admin: Who, secretariat: Who, secretariat2: Who, lead: Who, coordB: Who, coordC: Who, viewer: Who;
  let leadId: string, bId: string, cId: string, planId: string;
  let n = 0;

  beforeAll(async () => {
    env = await startTestApp();
    admin = await signIn(env, 'admin');
    leadId = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    bId = await createDepartment(env, admin.auth, 'SGDDT', 'Sở Giáo dục và Đào tạo');
    cId = await createDepartment(env, admin.auth, 'SNV', 'Sở Nội vụ');
    secretariat = await signIn(env, 'secretariat');
    secretariat2 = await signIn(env, 'secretariat');
    lead = await signIn(env, 'focal_point', leadId);
    coordB = await signIn(env, 'focal_point', bId);
    coordC = await signIn(env, 'focal_point', cId);
    viewer = await signIn(env, 'viewer');
    planId = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND' });
  });
  afterAll(() => env.close());

  /** A task led by STTTT, overdue on 2024-06-15 (due end of May), coordinated by SGDDT and SNV. */
  const newTask = (extra: Record<string, unknown> = {}) =>
    createTask(env, secretariat.auth, {
      planId, code: `R${++n}`, title: 'Triển khai Nền tảng số', leadDepartmentId: leadId, coordinatingDepartmentIds: [bId, cId], dueDate: '2024-05-31', ...extra,
    });
  const get = async (id: string) => (await env.http().get(`/api/v1/tasks/${id}`).set(viewer.auth).expect(200)).body;
  const history = async (id: string) => (await env.http().get(`/api/v1/tasks/${id}/updates`).set(viewer.auth).expect(200)).body;
  const report = (who: Who, id: string, body: Record<string, unknown>) => env.http().post(`/api/v1/tasks/${id}/updates`).set(who.auth).send(body);
  const inbox = async (who: Who) => (await env.http().get('/api/v1/notifications').set(who.auth).expect(200)).body.items;
  const overdueCodes = async () =>
    (await env.http().get(`/api/v1/tasks?planId=${planId}&timeliness=overdue&limit=200`).set(viewer.auth).expect(200)).body.items.map((t: any) => t.code);

  describe("a coordinating department's note", () => {
    it("is an entry of its own: on the task beside the lead's progress note, in the list, and in the history naming its department", async () => {
      let t = await newTask();
      t = (await report(lead, t.id, { version: t.version, status: 'in_progress', progressNote: 'Sở TTTT đang dự thảo kế hoạch' }).expect(201)).body;
      // the list keeps each task's JSON by row version: read it before the notes, so a stale copy would show
      const listed = async () =>
        (await env.http().get(`/api/v1/tasks?planId=${planId}&limit=200`).set(viewer.auth).expect(200)).body.items.find((x: any) => x.id === t.id);
      expect((await listed()).coordinatorNotes).toEqual([]);

      t = (await report(coordB, t.id, { version: t.version, progressNote: 'Sở GD&ĐT đã góp ý dự thảo' }).expect(201)).body;
      t = (await report(coordC, t.id, { version: t.version, progressNote: 'Sở Nội vụ thống nhất' }).expect(201)).body;
      t = (await report(coordB, t.id, { version: t.version, progressNote: 'Sở GD&ĐT đã gửi văn bản góp ý' }).expect(201)).body;

      const notes = [
        { departmentId: bId, note: 'Sở GD&ĐT đã gửi văn bản góp ý', at: expect.any(String), actorId: coordB.id },
        { departmentId: cId, note: 'Sở Nội vụ thống nhất', at: expect.any(String), actorId: coordC.id },
      ].sort((x, y) => x.departmentId.localeCompare(y.departmentId));
      expect(t).toMatchObject({ status: 'in_progress', progressNote: 'Sở TTTT đang dự thảo kế hoạch' });
      expect(t.coordinatorNotes).toEqual(notes);
      expect(await get(t.id)).toEqual(t);
      expect(await listed()).toEqual(t);

      const records = await history(t.id);
      expect(records.filter((r: any) => r.action === 'coordinator_note').map((r: any) => [r.departmentId, r.note, r.actorId])).toEqual([
        [bId, 'Sở GD&ĐT đã góp ý dự thảo', coordB.id],
        [cId, 'Sở Nội vụ thống nhất', coordC.id],
        [bId, 'Sở GD&ĐT đã gửi văn bản góp ý', coordB.id],
      ]);
      expect(records.filter((r: any) => r.action === 'progress_reported').map((r: any) => r.note)).toEqual(['Sở TTTT đang dự thảo kế hoạch']);

      // the lead's next note replaces its own, never theirs
      t = (await report(lead, t.id, { version: t.version, progressNote: 'Đã trình UBND tỉnh' }).expect(201)).body;
      expect(t).toMatchObject({ progressNote: 'Đã trình UBND tỉnh' });
      expect(t.coordinatorNotes).toEqual(notes);
    });

    it('needs a note, and cannot change status, completion or documents', async () => {
      const t = await newTask();
      const empty = await report(coordB, t.id, { version: t.version, progressNote: '   ' }).expect(400);
      expect(empty.body.message).toMatch(/^progressNote/);
      const status = await report(coordB, t.id, { version: t.version, status: 'in_progress', progressNote: 'x' }).expect(403);
      expect(status.body.message).toMatch(/coordinating department may add a progress note/);
      expect(await get(t.id)).toMatchObject({ version: t.version, coordinatorNotes: [], progressNote: null });
    });

    it('leaves the task when its department stops coordinating it, and stays in the history', async () => {
      let t = await newTask();
      t = (await report(coordB, t.id, { version: t.version, progressNote: 'Sở GD&ĐT đã phối hợp' }).expect(201)).body;
      t = (await report(coordC, t.id, { version: t.version, progressNote: 'Sở Nội vụ đã phối hợp' }).expect(201)).body;
      t = (await env.http().patch(`/api/v1/tasks/${t.id}`).set(secretariat.auth).send({ version: t.version, coordinatingDepartmentIds: [cId] }).expect(200)).body;
      expect(t.coordinatorNotes.map((x: any) => x.departmentId)).toEqual([cId]);
      expect((await history(t.id)).filter((r: any) => r.action === 'coordinator_note').map((r: any) => r.departmentId)).toEqual([bId, cId]);
      await report(coordB, t.id, { version: t.version, progressNote: 'x' }).expect(403);
    });
  });

  describe('cancelled and recurring: the focal point asks, the secretariat decides', () => {
    it("refuses a focal point's own cancelled or recurring with 403 TASK_STATUS_NEEDS_REVIEW naming the request route; the task stays overdue", async () => {
      const t = await newTask();
      for (const status of ['cancelled', 'recurring']) {
        const res = await report(lead, t.id, { version: t.version, status, progressNote: 'Không thực hiện' }).expect(403);
        expect(res.body).toMatchObject({ code: 'TASK_STATUS_NEEDS_REVIEW' });
        expect(res.body.message).toContain(`POST /tasks/${t.id}/status-requests`);
      }
      expect(await get(t.id)).toMatchObject({ status: 'not_started', timeliness: 'overdue', version: t.version, progressNote: null });
      expect(await overdueCodes()).toContain(t.code);
      // the secretariat's own word stands
      const bySecretariat = await report(secretariat, t.id, { version: t.version, status: 'cancelled' }).expect(201);
      expect(bySecretariat.body).toMatchObject({ status: 'cancelled', timeliness: null });
    });

    it('takes a request with a reason, on the record, tells the secretariat in-app, and allows one pending request per task', async () => {
      const t = await newTask();
      for (const who of [coordB, secretariat, viewer]) {
        await env.http().post(`/api/v1/tasks/${t.id}/status-requests`).set(who.auth).send({ status: 'cancelled', reason: 'x' }).expect(403);
      }
      const wrong = await env.http().post(`/api/v1/tasks/${t.id}/status-requests`).set(lead.auth).send({ status: 'completed', reason: 'x' }).expect(400);
      expect(wrong.body.message).toMatch(/^status/);
      const noReason = await env.http().post(`/api/v1/tasks/${t.id}/status-requests`).set(lead.auth).send({ status: 'cancelled' }).expect(400);
      expect(noReason.body.message).toMatch(/^reason/);

      const reason = 'Nhiệm vụ đã được UBND tỉnh điều chỉnh tại Quyết định 120/QĐ-UBND';
      const req = await env.http().post(`/api/v1/tasks/${t.id}/status-requests`).set(lead.auth).send({ status: 'cancelled', reason }).expect(201);
      expect(req.body).toMatchObject({ taskId: t.id, requestedBy: lead.id, currentStatus: 'not_started', requestedStatus: 'cancelled', reason, state: 'pending', taskVersion: t.version });
      const again = await env.http().post(`/api/v1/tasks/${t.id}/status-requests`).set(lead.auth).send({ status: 'recurring', reason: 'y' }).expect(409);
      expect(again.body.code).toBe('STATUS_CHANGE_REQUEST_PENDING');

      expect(await get(t.id)).toMatchObject({ status: 'not_started', timeliness: 'overdue', version: t.version });
      expect((await history(t.id)).at(-1)).toMatchObject({ action: 'status_change_requested', actorId: lead.id, note: reason, changes: { requestedStatus: { from: 'not_started', to: 'cancelled' } } });
      for (const who of [secretariat, secretariat2]) {
        expect((await inbox(who)).find((x: any) => x.kind === 'status_change_requested' && x.taskId === t.id)?.body).toContain(reason);
      }
      const pending = await env.http().get(`/api/v1/status-requests?state=pending&taskId=${t.id}`).set(viewer.auth).expect(200);
      expect(pending.body).toEqual([expect.objectContaining({ id: req.body.id, state: 'pending', taskVersion: t.version })]);
      await env.http().get('/api/v1/status-requests?state=waiting').set(viewer.auth).expect(400);
    });

    it('approves on the task version seen: the task leaves the overdue count, on the record, the focal point told; decided once only', async () => {
      const t = await newTask();
      const req = (await env.http().post(`/api/v1/tasks/${t.id}/status-requests`).set(lead.auth).send({ status: 'cancelled', reason: 'Không còn phù hợp' }).expect(201)).body;
      const decide = (who: Who, body: Record<string, unknown>) => env.http().post(`/api/v1/status-requests/${req.id}/decision`).set(who.auth).send(body);

      await decide(lead, { approve: true, version: t.version }).expect(403);
      const noVersion = await decide(secretariat, { approve: true }).expect(400);
      expect(noVersion.body.message).toMatch(/^version/);
      const stale = await decide(secretariat, { approve: true, version: t.version + 7 }).expect(409);
      expect(stale.body.code).toBe('TASK_VERSION_STALE');

      const ok = await decide(secretariat, { approve: true, note: 'Đồng ý', version: t.version }).expect(200);
      expect(ok.body).toMatchObject({ id: req.id, state: 'approved', decidedBy: secretariat.id, decisionNote: 'Đồng ý', taskVersion: t.version + 1 });
      expect(await get(t.id)).toMatchObject({ status: 'cancelled', timeliness: null, version: t.version + 1 });
      expect(await overdueCodes()).not.toContain(t.code);
      expect((await history(t.id)).at(-1)).toMatchObject({ action: 'status_change_approved', actorId: secretariat.id, note: 'Đồng ý', status: 'cancelled', changes: { status: { from: 'not_started', to: 'cancelled' } } });
      const told = (await inbox(lead)).find((x: any) => x.kind === 'status_change_decided' && x.taskId === t.id);
      expect(told).toMatchObject({ data: { statusChangeRequestId: req.id, approved: true } });

      const twice = await decide(secretariat2, { approve: false, note: 'Không đồng ý', version: t.version + 1 }).expect(409);
      expect(twice.body.code).toBe('STATUS_CHANGE_REQUEST_DECIDED');
      expect(await get(t.id)).toMatchObject({ status: 'cancelled', version: t.version + 1 });
    });

    it('rejects only with a note: the task keeps its status, on the record, and the focal point is told why', async () => {
      const t = await newTask();
      const req = (await env.http().post(`/api/v1/tasks/${t.id}/status-requests`).set(lead.auth).send({ status: 'recurring', reason: 'Nhiệm vụ thường xuyên' }).expect(201)).body;
      const decide = (body: Record<string, unknown>) => env.http().post(`/api/v1/status-requests/${req.id}/decision`).set(secretariat.auth).send(body);
      const noNote = await decide({ approve: false, version: t.version }).expect(400);
      expect(noNote.body.message).toMatch(/^note/);
      const why = 'Quyết định giao nhiệm vụ có thời hạn cụ thể';
      await decide({ approve: false, note: why, version: t.version }).expect(200);
      expect(await get(t.id)).toMatchObject({ status: 'not_started', timeliness: 'overdue', version: t.version });
      expect((await history(t.id)).at(-1)).toMatchObject({ action: 'status_change_rejected', note: why, status: 'not_started' });
      const told = (await inbox(lead)).find((x: any) => x.kind === 'status_change_decided' && x.taskId === t.id);
      expect(told.body).toContain(why);
      expect(told.data).toMatchObject({ approved: false });
      // a rejected request no longer blocks a new one
      await env.http().post(`/api/v1/tasks/${t.id}/status-requests`).set(lead.auth).send({ status: 'cancelled', reason: 'Lần hai' }).expect(201);
    });

    it('lets a collective task follow its members approved cancelled; the collective task itself is not asked for', async () => {
      const group = await createGroup(env, admin.auth, 'G1', 'Các Sở', [leadId, bId]);
      const parent = await createTask(env, secretariat.auth, { planId, code: `C${++n}`, title: 'Tập thể', leadGroupId: group, dueDate: '2024-05-31' });
      await env.http().post(`/api/v1/tasks/${parent.id}/status-requests`).set(lead.auth).send({ status: 'cancelled', reason: 'x' }).expect(403);
      const cancel = async (who: Who, departmentId: string) => {
        const child = parent.children.find((c: any) => c.leadDepartmentId === departmentId);
        const req = (await env.http().post(`/api/v1/tasks/${child.id}/status-requests`).set(who.auth).send({ status: 'cancelled', reason: 'Không thuộc chức năng' }).expect(201)).body;
        await env.http().post(`/api/v1/status-requests/${req.id}/decision`).set(secretariat.auth).send({ approve: true, version: child.version }).expect(200);
        return get(parent.id);
      };
      const half = await cancel(lead, leadId);
      expect(half.children.map((c: any) => [c.leadDepartmentId, c.status]).sort()).toEqual([[bId, 'not_started'], [leadId, 'cancelled']].sort());
      expect(half).toMatchObject({ status: 'not_started', timeliness: 'overdue' }); // the other member's part still counts
      const all = await cancel(coordB, bId);
      expect(all).toMatchObject({ status: 'cancelled', timeliness: null });
      expect((await history(parent.id)).at(-1)).toMatchObject({ action: 'derived_from_children', status: 'cancelled' });
    });
  });

  describe('nobody silently undoes what they did not see', () => {
    it('needs version on every PATCH, review, extension and status decision: 400 naming version', async () => {
      const t = await newTask();
      const group = await createGroup(env, admin.auth, 'G2', 'Nhóm hai', [leadId]);
      const ext = (await env.http().post(`/api/v1/tasks/${t.id}/extension-requests`).set(lead.auth).send({ proposedDueDate: '2024-07-31', reason: 'x' }).expect(201)).body;
      const calls = [
        env.http().patch(`/api/v1/tasks/${t.id}`).set(secretariat.auth).send({ title: 'x' }),
        env.http().patch(`/api/v1/plans/${planId}`).set(secretariat.auth).send({ title: 'x' }),
        env.http().patch(`/api/v1/departments/${cId}`).set(admin.auth).send({ aliases: ['SNV'] }),
        env.http().patch(`/api/v1/department-groups/${group}`).set(admin.auth).send({ name: 'Nhóm 2' }),
        env.http().post(`/api/v1/tasks/${t.id}/review`).set(secretariat.auth).send({ confirm: true }),
        env.http().post(`/api/v1/extension-requests/${ext.id}/decision`).set(secretariat.auth).send({ approve: true }),
        env.http().patch(`/api/v1/tasks/${t.id}`).set(secretariat.auth).send({ title: 'x', version: '1' }),
      ];
      for (const call of calls) {
        const res = await call.expect(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^version is required/) });
      }
      expect(await get(t.id)).toMatchObject({ title: 'Triển khai Nền tảng số', dueDate: '2024-05-31', version: t.version });
    });

    it('of 50 concurrent PATCH /tasks/:id on the same version, exactly 1 applies and 49 answer 409 TASK_VERSION_STALE', async () => {
      const t = await newTask();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          env.http().patch(`/api/v1/tasks/${t.id}`).set(secretariat.auth).send({ version: t.version, expectedOutput: `Báo cáo số ${i}` }),
        ),
      );
      const ok = results.filter((r) => r.status === 200);
      const stale = results.filter((r) => r.status === 409);
      expect([ok.length, stale.length]).toEqual([1, 49]);
      expect(new Set(stale.map((r) => r.body.code))).toEqual(new Set(['TASK_VERSION_STALE']));
      const after = await get(t.id);
      expect(after).toMatchObject({ version: t.version + 1, expectedOutput: ok[0].body.expectedOutput });
      expect((await history(t.id)).filter((r: any) => r.action === 'edited')).toHaveLength(1);
    });

    it('of two reviews of the same reported completion at once, one applies (200) and the other answers 409', async () => {
      const t = await newTask();
      const done = (await report(lead, t.id, {
        version: t.version, status: 'completed', completedOn: '2024-06-10', outputDocuments: [{ number: `${n}/BC-STTTT`, issuedOn: '2024-06-10', kind: 'issued' }],
      }).expect(201)).body;
      const [confirm, giveBack] = await Promise.all([
        env.http().post(`/api/v1/tasks/${t.id}/review`).set(secretariat.auth).send({ confirm: true, version: done.version }),
        env.http().post(`/api/v1/tasks/${t.id}/review`).set(secretariat2.auth).send({ confirm: false, note: 'Thiếu văn bản', version: done.version }),
      ]);
      expect([confirm.status, giveBack.status].sort()).toEqual([200, 409]);
      const loser = confirm.status === 409 ? confirm : giveBack;
      expect(loser.body.code).toBe('TASK_VERSION_STALE');
      const winner = confirm.status === 200 ? confirm : giveBack;
      expect(await get(t.id)).toEqual(winner.body);
      const reviews = (await history(t.id)).filter((r: any) => ['completion_confirmed', 'completion_returned'].includes(r.action));
      expect(reviews).toHaveLength(1);
    });

    it('decides an extension on the task version seen: a task changed since is a 409 and the request stays pending', async () => {
      const t = await newTask();
      const ext = (await env.http().post(`/api/v1/tasks/${t.id}/extension-requests`).set(lead.auth).send({ proposedDueDate: '2024-07-31', reason: 'Chờ hướng dẫn' }).expect(201)).body;
      await env.http().patch(`/api/v1/tasks/${t.id}`).set(secretariat2.auth).send({ version: t.version, dueDate: '2024-06-30' }).expect(200);
      const stale = await env.http().post(`/api/v1/extension-requests/${ext.id}/decision`).set(secretariat.auth).send({ approve: true, version: t.version }).expect(409);
      expect(stale.body).toMatchObject({ code: 'TASK_VERSION_STALE', currentVersion: t.version + 1 });
      expect(await get(t.id)).toMatchObject({ dueDate: '2024-06-30' });
      const pending = (await env.http().get(`/api/v1/extension-requests?taskId=${t.id}`).set(viewer.auth).expect(200)).body;
      expect(pending).toEqual([expect.objectContaining({ id: ext.id, status: 'pending', taskVersion: t.version + 1 })]);
    });

    it.each([
      ['plan', 'PLAN_VERSION_STALE'],
      ['department', 'DEPARTMENT_VERSION_STALE'],
      ['department group', 'DEPARTMENT_GROUP_VERSION_STALE'],
    ])('of 50 concurrent PATCH of a %s on the same version, exactly 1 applies and 49 answer 409 %s', async (thing, code) => {
      const k = ++n;
      const [path, id, who] =
        thing === 'plan'
          ? ['plans', await createPlan(env, secretariat.auth, { number: `${k}/KH-UBND` }), secretariat]
          : thing === 'department'
            ? ['departments', await createDepartment(env, admin.auth, `D${k}`, `Sở số ${k}`), admin]
            : ['department-groups', await createGroup(env, admin.auth, `GX${k}`, `Nhóm số ${k}`, [leadId]), admin];
      const before = (await env.http().get(`/api/v1/${path}/${id}`).set(admin.auth).expect(200)).body;
      const body = (i: number) => (thing === 'plan' ? { title: `Kế hoạch ${i}` } : { aliases: [`Bí danh ${i}`] });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => env.http().patch(`/api/v1/${path}/${id}`).set(who.auth).send({ ...body(i), version: before.version })),
      );
      const ok = results.filter((r) => r.status === 200);
      const stale = results.filter((r) => r.status === 409);
      expect([ok.length, stale.length]).toEqual([1, 49]);
      expect(new Set(stale.map((r) => r.body.code))).toEqual(new Set([code]));
      expect(stale[0].body.currentVersion).toBe(before.version + 1);
      const after = (await env.http().get(`/api/v1/${path}/${id}`).set(admin.auth).expect(200)).body;
      expect(after).toEqual(ok[0].body);
      expect(after.version).toBe(before.version + 1);
    });

    it('is in the OpenAPI document: the status-request routes, and version required on every PATCH, review and decision', async () => {
      const doc = (await env.http().get('/api/docs-json').expect(200)).body;
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/tasks/{id}/status-requests', '/api/v1/status-requests', '/api/v1/status-requests/{id}/decision']),
      );
      const schemas = ['UpdateTaskDto', 'UpdatePlanDto', 'UpdateDepartmentDto', 'UpdateGroupDto', 'ReviewDto', 'ExtensionDecisionDto', 'StatusChangeDecisionDto'];
      for (const schema of schemas) expect({ schema, required: doc.components.schemas[schema].required }).toEqual({ schema, required: expect.arrayContaining(['version']) });
      expect(doc.components.schemas.StatusChangeRequestDto.properties.status.enum).toEqual(['cancelled', 'recurring']);
    });

    it('answers 404, not 409, for a PATCH of a plan, department or group that does not exist', async () => {
      const none = '00000000-0000-4000-8000-000000000009';
      expect((await env.http().patch(`/api/v1/plans/${none}`).set(secretariat.auth).send({ title: 'x', version: 1 }).expect(404)).body.code).toBe('PLAN_NOT_FOUND');
      expect((await env.http().patch(`/api/v1/departments/${none}`).set(admin.auth).send({ name: 'x', version: 1 }).expect(404)).body.code).toBe('DEPARTMENT_NOT_FOUND');
      expect((await env.http().patch(`/api/v1/department-groups/${none}`).set(admin.auth).send({ name: 'x', version: 1 }).expect(404)).body.code).toBe('DEPARTMENT_GROUP_NOT_FOUND');
    });
  });
});
