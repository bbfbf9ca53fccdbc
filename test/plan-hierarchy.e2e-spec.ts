import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DEPARTMENTS, DEMO_GROUPS } from '@app/imports';
import { createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

const FIXTURES = join(__dirname, '../libs/imports/demo-data');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

/**
 * Plans that implement plans (issue 18, item 2), on the fixtures: task 5 of Decision 36/QĐ-UBND
 * ("Kế hoạch Chuyển đổi số năm 2024") is done by issuing Plan 1446/KH-BĐHCĐS, whose number is one
 * of task 5's output documents.
 */
describe('plan hierarchy and the cascade roll-up', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, viewer: Who, focal: Who;
  let qd36: string, kh1446: string, task5: string;
  const idOf = new Map<string, string>();

  const plan = async (id: string) => (await env.http().get(`/api/v1/plans/${id}`).set(viewer.auth).expect(200)).body;
  const patch = async (id: string, body: Record<string, unknown>, status = 200) => {
    const { version } = await plan(id);
    return env.http().patch(`/api/v1/plans/${id}`).set(secretariat.auth).send({ version, ...body }).expect(status);
  };
  const cascade = async (id: string, query = '') => (await env.http().get(`/api/v1/plans/${id}/cascade${query}`).set(viewer.auth).expect(200)).body;
  const rollup = async (ids: string[], query = '') =>
    (await env.http().get(`/api/v1/rollups?planId=${ids.join(',')}${query}`).set(viewer.auth).expect(200)).body;

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2024-06-20T03:00:00Z');
    const admin = await signIn(env, 'admin');
    for (const d of DEMO_DEPARTMENTS) {
      const res = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: d.code, name: d.name, aliases: d.aliases }).expect(201);
      idOf.set(d.code, res.body.id);
    }
    for (const g of DEMO_GROUPS) {
      await env.http().post('/api/v1/department-groups').set(admin.auth)
        .send({ code: g.code, name: g.name, aliases: g.aliases, departmentIds: g.memberCodes.map((c) => idOf.get(c)) }).expect(201);
    }
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    focal = await signIn(env, 'focal_point', idOf.get('STTTT')!);
    qd36 = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND', kind: 'decision', issuedOn: '2024-01-12' });
    kh1446 = await createPlan(env, secretariat.auth, {
      number: '1446/KH-BĐHCĐS', issuedOn: '2024-04-04', issuer: 'Ban Điều hành Chuyển đổi số tỉnh Ninh Thuận',
      title: 'Kế hoạch triển khai thực hiện chuyển đổi số năm 2024 trên địa bàn tỉnh Ninh Thuận',
    });
    for (const [id, file] of [[qd36, 'ninh-thuan-qd-36-2024.csv'], [kh1446, 'ninh-thuan-kh-1446-2024.csv']]) {
      const res = await env.http().post(`/api/v1/plans/${id}/imports?dryRun=false`).set(secretariat.auth).attach('file', fixture(file), file).expect(200);
      expect(res.body.errors).toEqual([]);
    }
    const tasks = (await env.http().get(`/api/v1/tasks?planId=${qd36}&limit=50`).set(viewer.auth).expect(200)).body.items;
    task5 = tasks.find((t: any) => t.code === '5').id;
  }, 60_000);
  afterAll(() => env.close());

  it('reads Plan 1446 as implementing task 5 of Decision 36 from the task\'s output document, both ways', async () => {
    const child = await plan(kh1446);
    expect(child).toMatchObject({ parentPlanId: null, parentTaskId: null, parentText: null, children: [] });
    expect(child.parent).toMatchObject({
      id: qd36, number: '36/QĐ-UBND', kind: 'decision', link: 'document',
      task: { id: task5, code: '5', title: 'Kế hoạch Chuyển đổi số năm 2024' },
    });
    const parent = await plan(qd36);
    expect(parent.parent).toBeNull();
    expect(parent.children).toEqual([
      expect.objectContaining({ id: kh1446, number: '1446/KH-BĐHCĐS', link: 'document', issuedOn: '2024-04-04', task: expect.objectContaining({ id: task5 }) }),
    ]);
  });

  it('links Decision 36 task 5 to Plan 1446 by hand and rolls up the cascade: 11 + 44 plan units, each plan as its own roll-up counts it', async () => {
    const res = await patch(kh1446, { parentTaskId: task5 });
    expect(res.body).toMatchObject({ parentPlanId: qd36, parentTaskId: task5, parentText: null });
    expect((await plan(kh1446)).parent).toMatchObject({ id: qd36, link: 'manual', task: { id: task5, code: '5' } });
    expect((await plan(qd36)).children.map((c: any) => [c.id, c.link])).toEqual([[kh1446, 'manual']]);

    const whole = await cascade(qd36);
    expect(whole.planId).toBe(qd36);
    expect(whole.plans.map((p: any) => [p.number, p.depth, p.parentPlanId, p.parentTaskId, p.link])).toEqual([
      ['36/QĐ-UBND', 0, null, null, null],
      ['1446/KH-BĐHCĐS', 1, qd36, task5, 'manual'],
    ]);
    expect(whole.plans.map((p: any) => p.total)).toEqual([11, 44]);
    expect(whole.total.total).toBe(55);
    // the same figures as the roll-up of the two plans, counted by the one roll-up statement
    const both = await rollup([qd36, kh1446]);
    expect(whole.total).toEqual(both.total);
    expect(whole.byDepartment).toEqual(both.byDepartment);
    for (const p of whole.plans) {
      const { title, depth, parentPlanId, parentTaskId, link, ...counts } = p;
      expect(counts).toEqual(both.byPlan.find((b: any) => b.planId === p.planId));
    }
    expect(whole.total.completed).toBe(both.byPlan.reduce((sum: number, b: any) => sum + b.completed, 0));
    // Plan 1446 alone is a cascade of one
    const sub = await cascade(kh1446);
    expect(sub.plans.map((p: any) => p.planId)).toEqual([kh1446]);
    expect(sub.total.total).toBe(44);
    // a past day, rebuilt from the history like any roll-up
    const past = await cascade(qd36, '?asOf=2024-03-01');
    expect(past.asOf).toBe('2024-03-01');
    expect(past.total).toEqual((await rollup([qd36, kh1446], '&asOf=2024-03-01')).total);
  });

  it('walks down every level, depth first', async () => {
    const third = await createPlan(env, secretariat.auth, { number: '120/KH-STTTT', issuedOn: '2024-05-02', issuer: 'Sở Thông tin và Truyền thông' });
    await patch(third, { parentPlanId: kh1446 });
    await createTask(env, secretariat.auth, { planId: third, code: '1', title: 'Triển khai nền tảng số', leadDepartmentId: idOf.get('STTTT'), deadlineText: '30/6/2024' });
    await createTask(env, secretariat.auth, { planId: third, code: '2', title: 'Tập huấn chuyển đổi số', leadDepartmentId: idOf.get('STTTT'), deadlineText: '31/5/2024' });
    const sibling = await createPlan(env, secretariat.auth, { number: '7/KH-SNV', issuedOn: '2024-02-01', issuer: 'Sở Nội vụ' });
    await patch(sibling, { parentPlanId: qd36 });

    const whole = await cascade(qd36);
    expect(whole.plans.map((p: any) => [p.number, p.depth])).toEqual([
      ['36/QĐ-UBND', 0],
      ['7/KH-SNV', 1],
      ['1446/KH-BĐHCĐS', 1],
      ['120/KH-STTTT', 2],
    ]);
    expect(whole.total.total).toBe(57);
    expect(whole.total.overdue).toBe((await rollup([qd36, kh1446, third, sibling])).total.overdue);
    expect((await cascade(kh1446)).plans.map((p: any) => p.number)).toEqual(['1446/KH-BĐHCĐS', '120/KH-STTTT']);
    expect((await plan(kh1446)).children.map((c: any) => c.id)).toEqual([third]);
    await patch(sibling, { parentPlanId: null });
    expect((await cascade(qd36)).plans).toHaveLength(3);
  });

  it('refuses a cycle, a task of another plan, both plan and text, and unknown ids, with a 400 naming the field', async () => {
    const third = (await cascade(kh1446)).plans[1].planId;
    let res = await patch(qd36, { parentPlanId: third }, 400);
    expect(res.body.message).toMatch(/^parentPlanId: .*cycle/);
    res = await patch(qd36, { parentPlanId: qd36 }, 400);
    expect(res.body.message).toMatch(/^parentPlanId: /);
    const task1446 = (await env.http().get(`/api/v1/tasks?planId=${kh1446}&limit=1`).set(viewer.auth).expect(200)).body.items[0].id;
    res = await patch(qd36, { parentTaskId: task1446 }, 400);
    expect(res.body.message).toMatch(/^parentTaskId: .*cycle/);
    res = await patch(kh1446, { parentPlanId: third, parentTaskId: task5 }, 400);
    expect(res.body.message).toMatch(/^parentTaskId: .*belongs to plan/);
    res = await patch(qd36, { parentPlanId: kh1446, parentText: 'Kế hoạch số 10/KH-BCĐCĐS' }, 400);
    expect(res.body.message).toMatch(/^parentText: /);
    res = await patch(qd36, { parentPlanId: '00000000-0000-4000-8000-000000000000' }, 400);
    expect(res.body.message).toMatch(/^parentPlanId: unknown plan/);
    res = await patch(qd36, { parentPlanId: 'nope' }, 400);
    expect(JSON.stringify(res.body)).toMatch(/parentPlanId/);
    // nothing changed
    expect(await plan(qd36)).toMatchObject({ parentPlanId: null, parent: null });
    // a focal point may not link plans
    const p = await plan(qd36);
    await env.http().patch(`/api/v1/plans/${qd36}`).set(focal.auth).send({ version: p.version, parentText: 'x' }).expect(403);
  });

  it('names a plan outside the tracker as text, and goes back to the document link when the by-hand one is cleared', async () => {
    const res = await patch(qd36, { parentText: 'Kế hoạch số 10/KH-BCĐCĐS' });
    expect(res.body).toMatchObject({ parentPlanId: null, parentText: 'Kế hoạch số 10/KH-BCĐCĐS' });
    expect((await plan(qd36)).parent).toBeNull();

    await patch(kh1446, { parentPlanId: null });
    expect(await plan(kh1446)).toMatchObject({ parentPlanId: null, parentTaskId: null, parent: { id: qd36, link: 'document' } });
    // text of its own replaces the document's link
    await patch(kh1446, { parentText: 'Nghị quyết số 09-NQ/TU' });
    expect((await plan(kh1446)).parent).toBeNull();
    expect((await cascade(qd36)).plans.map((p: any) => p.number)).toEqual(['36/QĐ-UBND']);
    await patch(kh1446, { parentText: null });
    expect((await plan(kh1446)).parent).toMatchObject({ id: qd36, link: 'document' });
  });

  it('stops the walk where documents alone describe a loop', async () => {
    // a task of Plan 1446 whose output document carries Decision 36's number: each reads as the other's child
    const task1446 = (await env.http().get(`/api/v1/tasks?planId=${kh1446}&limit=1`).set(viewer.auth).expect(200)).body.items[0].id;
    await env.db.query(`INSERT INTO output_documents (task_id, number, issued_on, kind) VALUES ($1, '36/QĐ-UBND', '2024-01-12', 'issued')`, [task1446]);
    await patch(qd36, { parentText: null });
    expect((await plan(qd36)).parent).toMatchObject({ id: kh1446, link: 'document' });
    expect((await cascade(qd36)).plans.map((p: any) => p.number)).toEqual(['36/QĐ-UBND', '1446/KH-BĐHCĐS', '120/KH-STTTT']);
    expect((await cascade(kh1446)).plans.map((p: any) => p.number)).toEqual(['1446/KH-BĐHCĐS', '36/QĐ-UBND', '120/KH-STTTT']);
    // and a by-hand link that would close a loop through the documents is refused
    const third = (await cascade(kh1446)).plans.find((p: any) => p.number === '120/KH-STTTT').planId;
    expect((await patch(qd36, { parentPlanId: third }, 400)).body.message).toMatch(/^parentPlanId: .*cycle/);
  });
});
