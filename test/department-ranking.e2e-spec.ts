import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NewTask, TasksService } from '@app/tasks';
import { createDepartment, createPlan } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * Departments compared (GET /rollups/departments): per department the tasks it leads, completed
 * on time and late, within deadline, overdue, its on-time rate and rank, and the tasks it
 * coordinates; over an assignment window when asked (seed 004 Phụ lục 3: "Từ 01/01 đến 27/5").
 */
describe('departments compared', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, viewer: Who;
  const dept: Record<string, string> = {};
  let plan2024: string, plan2023: string;

  const ranking = async (query = '') => (await env.http().get(`/api/v1/rollups/departments?${query}`).set(viewer.auth).expect(200)).body;
  const byCode = (body: any) => Object.fromEntries(Object.entries(dept).map(([code, id]) => [code, body.departments.find((d: any) => d.departmentId === id)]));

  beforeAll(async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    for (const [code, name] of [
      ['A', 'Sở Thông tin và Truyền thông'], ['B', 'Sở Nội vụ'], ['C', 'Sở Y tế'], ['D', 'Sở Tài chính'], ['E', 'Sở Xây dựng'], ['F', 'Sở Công Thương'],
    ]) dept[code] = await createDepartment(env, admin.auth, code, name);

    env.clock.set('2024-03-20T03:00:00Z');
    plan2023 = await createPlan(env, secretariat.auth, { number: '99/KH-UBND', issuedOn: '2023-06-01', year: 2023 });
    plan2024 = await createPlan(env, secretariat.auth, { number: '10/QĐ-UBND', kind: 'decision', issuedOn: '2024-01-12' });
    const done = (code: string, lead: string, deadlineText: string, on: string, extra: Partial<NewTask> = {}): NewTask => ({
      code, title: `Nhiệm vụ ${code}`, leadDepartmentId: dept[lead], deadlineText, status: 'completed', completedOn: on,
      outputDocuments: [{ number: `${code}/KH-UBND`, issuedOn: on, kind: 'issued' }], ...extra,
    });
    const open = (code: string, lead: string, deadlineText: string, extra: Partial<NewTask> = {}): NewTask => ({
      code, title: `Nhiệm vụ ${code}`, leadDepartmentId: dept[lead], deadlineText, status: 'in_progress', ...extra,
    });
    const tasks = env.app.get(TasksService);
    await env.db.transaction((m) => tasks.createMany(m, secretariat.id, plan2024, [
      done('1', 'A', 'Quý I/2024', '2024-03-01'),
      done('2', 'A', 'Quý I/2024', '2024-03-10'),
      open('3', 'A', 'Tháng 02/2024', { coordinatingDepartmentIds: [dept.D] }), // overdue
      done('4', 'B', 'Tháng 01/2024', '2024-02-10'), // late
      open('5', 'B', 'Quý IV/2024'),
      done('6', 'C', 'Quý I/2024', '2024-03-05', { coordinatingDepartmentIds: [dept.D, dept.A] }),
      open('7', 'C', 'Quý IV/2024'),
      open('8', 'E', 'Quý IV/2024'),
      done('9', 'F', 'Quý II/2024', '2024-03-15'),
    ]));
    await env.db.transaction((m) => tasks.createMany(m, secretariat.id, plan2023, [open('1', 'A', '31/12/2023')]));
    env.clock.set('2024-06-15T01:00:00Z');
  });
  afterAll(() => env.close());

  it('counts each department, rates its deliveries and ranks it, ties sharing a place', async () => {
    const body = await ranking();
    expect(body).toMatchObject({ asOf: '2024-06-15', assignedFrom: null, assignedTo: null });
    const d = byCode(body);
    expect(d.A).toMatchObject({
      name: 'Sở Thông tin và Truyền thông', led: 4, completed: 2, completedOnTime: 2, completedLate: 0, withinDeadline: 0, overdue: 2,
      other: 0, onTimeRate: 50, rank: 3, coordinating: 1, coordinatingCompleted: 1, coordinatingOverdue: 0,
    });
    expect(d.B).toMatchObject({ led: 2, completed: 1, completedOnTime: 0, completedLate: 1, withinDeadline: 1, overdue: 0, onTimeRate: 0, rank: 4 });
    expect(d.C).toMatchObject({ led: 2, completed: 1, completedOnTime: 1, withinDeadline: 1, onTimeRate: 100, rank: 1 });
    expect(d.F).toMatchObject({ led: 1, completedOnTime: 1, onTimeRate: 100, rank: 1 });
    // nothing due yet: neither praised nor blamed, after every department with a rate
    expect(d.E).toMatchObject({ led: 1, withinDeadline: 1, onTimeRate: null, rank: 5 });
    // coordinates only: counted as information, not ranked
    expect(d.D).toMatchObject({ led: 0, rank: null, coordinating: 2, coordinatingCompleted: 1, coordinatingOverdue: 1 });
    // best first, the department that only coordinates last
    expect(body.departments.map((x: any) => x.rank)).toEqual([1, 1, 3, 4, 5, null]);
    expect(body.departments.at(-1).departmentId).toBe(dept.D);
  });

  it('counts only the tasks assigned in a window, and only the plans asked for', async () => {
    const window = byCode(await ranking('assignedFrom=2024-01-01&assignedTo=2024-05-27'));
    // the 2023 plan's overdue task of A is outside the window
    expect(window.A).toMatchObject({ led: 3, completedOnTime: 2, overdue: 1, onTimeRate: 66.67, rank: 3 });
    const before = byCode(await ranking('assignedTo=2023-12-31'));
    expect(before.A).toMatchObject({ led: 1, overdue: 1, onTimeRate: 0, rank: 1 });
    expect(before.B).toBeUndefined();
    const onePlan = byCode(await ranking(`planId=${plan2023}`));
    expect(onePlan.A).toMatchObject({ led: 1, overdue: 1 });
  });

  it('refuses a window that ends before it starts, and dates that are not dates, naming the field', async () => {
    const res = await env.http().get('/api/v1/rollups/departments?assignedFrom=2024-06-01&assignedTo=2024-01-01').set(viewer.auth).expect(400);
    expect(res.body.message).toMatch(/assignedFrom/);
    const bad = await env.http().get('/api/v1/rollups/departments?assignedTo=27/5/2024').set(viewer.auth).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/assignedTo/);
  });

  // last: it moves the clock on to 2026
  it('ranks a past day as done, like the roll-up of that day: Decision 36 imported today counts 5 on time and 6 within deadline as of 28/5/2024', async () => {
    env.clock.set('2026-03-02T03:00:00Z'); // typed in long after the work was done
    const plan36 = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND', kind: 'decision', issuedOn: '2024-01-12' });
    const imported = await env.http().post(`/api/v1/plans/${plan36}/imports?dryRun=false`).set(secretariat.auth)
      .attach('file', readFileSync(join(__dirname, '../libs/imports/demo-data/ninh-thuan-qd-36-2024.csv')), 'qd36.csv').expect(200);
    expect(imported.body.errors).toEqual([]);

    // seed 004: "đã hoàn thành 05/11 nhiệm vụ đúng thời hạn và 06/11 nhiệm vụ đang triển khai trong hạn", all led by Sở TTTT (A)
    const may = await ranking(`planId=${plan36}&asOf=2024-05-28`);
    expect(may.asOf).toBe('2024-05-28');
    expect(may.departments).toHaveLength(1);
    expect(byCode(may).A).toMatchObject({ led: 11, completed: 5, completedOnTime: 5, completedLate: 0, withinDeadline: 6, overdue: 0, onTimeRate: 100, rank: 1 });
    // the same over seed 004 Phụ lục 3's window "Từ 01/01 đến 27/5"
    expect(byCode(await ranking(`planId=${plan36}&asOf=2024-05-28&assignedFrom=2024-01-01&assignedTo=2024-05-27`)).A)
      .toMatchObject({ led: 11, completedOnTime: 5, withinDeadline: 6, overdue: 0 });
    // before the decision was issued nothing was assigned
    expect((await ranking(`planId=${plan36}&asOf=2024-01-11`)).departments).toEqual([]);

    // every department of that day as GET /rollups counts it (all plans: the ones typed in in 2024 too)
    const rollup = (await env.http().get('/api/v1/rollups?asOf=2024-05-28').set(viewer.auth).expect(200)).body;
    const all = await ranking('asOf=2024-05-28');
    const led = all.departments.filter((d: any) => d.led > 0);
    expect(led.map((d: any) => d.departmentId).sort()).toEqual(rollup.byDepartment.map((d: any) => d.departmentId).sort());
    for (const d of rollup.byDepartment) {
      const ranked = led.find((x: any) => x.departmentId === d.departmentId);
      expect([ranked.led, ranked.completed, ranked.completedOnTime, ranked.completedLate, ranked.withinDeadline, ranked.overdue])
        .toEqual([d.total, d.completed, d.completedOnTime, d.completedLate, d.withinDeadline, d.overdue]);
    }
    // A: plan 36's 11 beside its 3 of plan 10 (tasks 1 and 2 on time, 3 overdue since February) and its 2023 task, overdue
    expect(byCode(all).A).toMatchObject({ led: 15, completedOnTime: 7, withinDeadline: 6, overdue: 2 });
  });
});
