import { addDays } from '@app/common';
import { RemindersService } from '@app/reminders';
import { createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

jest.setTimeout(180_000);

/**
 * Yearly duties in the morning reminders (issue 16 item 7): a task whose deadline is "Hàng năm"
 * is due every 31 December from its first due date on, so the run judges it by this year's part
 * (31 December of the morning's year, this year's completion): 7, 3, 1 days before and on each
 * 31 December, overdue (first day, then weekly, and the ladder's steps) only when last year's part
 * was missed — never for ever after the first 31 December. Mornings run across two year ends.
 */
describe('yearly duties in the morning reminders, across two year ends', () => {
  let env: TestEnv;
  let reminders: RemindersService;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let sec: Who, fp: Who, head: Who, coordinator: Who;
  let deptId: string, sgddtId: string;
  const id: Record<string, string> = {};
  const codeOf = new Map<string, string>();

  const morning = async (day: string) => {
    env.clock.set(`${day}T00:30:00Z`);
    return reminders.run(day);
  };
  const mornings = async (from: string, to: string, actions: Record<string, () => Promise<void>> = {}) => {
    for (let day = from; day <= to; day = addDays(day, 1)) {
      env.clock.set(`${day}T00:30:00Z`);
      await actions[day]?.();
      await morning(day);
    }
  };
  async function complete(code: string, completedOn: string, number: string) {
    const { version } = (await env.http().get(`/api/v1/tasks/${id[code]}`).set(fp.auth).expect(200)).body;
    await env.http().post(`/api/v1/tasks/${id[code]}/updates`).set(fp.auth)
      .send({ version, status: 'completed', completedOn, outputDocuments: [{ number, issuedOn: completedOn, kind: 'submitted' }] }).expect(201);
  }
  /** The focal point's reminders made on the mornings from..to: "code rule due". */
  async function remindersOf(userId: string, from: string, to: string): Promise<string[]> {
    const rows: { task_id: string; rule: string; due: string }[] = await env.db.query(
      `SELECT task_id, data->>'rule' AS rule, data->>'dueDate' AS due FROM notifications
        WHERE user_id = $1 AND kind IN ('deadline_near', 'deadline_passed') AND data->>'asOf' BETWEEN $2 AND $3`,
      [userId, from, to],
    );
    return rows.map((r) => `${codeOf.get(r.task_id)} ${r.rule} ${r.due}`).sort();
  }
  async function escalationsOf(userId: string, from: string, to: string): Promise<string[]> {
    const rows: { task_id: string; step: string; due: string; as_of: string }[] = await env.db.query(
      `SELECT task_id, data->>'step' AS step, data->>'dueDate' AS due, data->>'asOf' AS as_of FROM notifications
        WHERE user_id = $1 AND kind = 'overdue_escalation' AND data->>'asOf' BETWEEN $2 AND $3`,
      [userId, from, to],
    );
    return rows.map((r) => `${r.as_of} ${codeOf.get(r.task_id)} ${r.step} ${r.due}`).sort();
  }
  /** The mornings a coordinating department heard of the tasks it coordinates (its digest), for information. */
  const digestDays = async (userId: string, from: string, to: string): Promise<string[]> =>
    (await env.db.query(
      `SELECT data->>'asOf' AS day FROM notifications WHERE user_id = $1 AND kind = 'coordination_digest' AND data->>'asOf' BETWEEN $2 AND $3 ORDER BY 1`,
      [userId, from, to],
    )).map((r: { day: string }) => r.day);
  const bothDepartments = () => [deptId, sgddtId].sort().map((d) => `department:${d}`);
  const lines = (code: string, due: string, rules: string[]) => rules.map((r) => `${code} ${r} ${due}`);
  const ahead = ['due_in_7', 'due_in_3', 'due_in_1', 'due_today'];
  const overdue = (...days: number[]) => days.map((d) => `overdue_${d}`);

  beforeAll(async () => {
    env = await startTestApp({ REMINDER_CRON: '0 7 1 1 *' });
    reminders = env.app.get(RemindersService);
    env.clock.set('2024-12-01T03:00:00Z');
    const admin = await signIn(env, 'admin');
    sec = await signIn(env, 'secretariat');
    head = await signIn(env, 'viewer');
    deptId = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    const { version } = (await env.http().get(`/api/v1/departments/${deptId}`).set(admin.auth).expect(200)).body;
    await env.http().patch(`/api/v1/departments/${deptId}`).set(admin.auth).send({ version, headUserId: head.id }).expect(200);
    fp = await signIn(env, 'focal_point', deptId);
    const sgddt = (sgddtId = await createDepartment(env, admin.auth, 'SGDDT', 'Sở Giáo dục và Đào tạo'));
    coordinator = await signIn(env, 'focal_point', sgddt);
    const plan2024 = await createPlan(env, sec.auth, { number: '30/KH-BCĐCĐS', issuedOn: '2024-01-15', year: 2024 });
    const plan2025 = await createPlan(env, sec.auth, { number: '45/KH-UBND', issuedOn: '2024-11-20', year: 2025, title: 'Kế hoạch chuyển đổi số năm 2025' });
    const make = async (code: string, planId: string, deadlineText: string, title: string, coordinatingDepartmentIds: string[] = []) => {
      const task = await createTask(env, sec.auth, { planId, code, title, leadDepartmentId: deptId, deadlineText, coordinatingDepartmentIds });
      id[code] = task.id;
      codeOf.set(task.id, code);
      return task;
    };
    expect(await make('N', plan2024, 'Năm 2024', 'Hoàn thành số hoá hồ sơ năm 2024')).toMatchObject({ yearly: false, dueDate: '2024-12-31' });
    expect(await make('Y1', plan2024, 'Hàng năm', 'Báo cáo an toàn thông tin hằng năm')).toMatchObject({ yearly: true, dueDate: '2024-12-31' });
    expect(await make('Y2', plan2024, 'Hằng năm', 'Rà soát danh mục dữ liệu dùng chung', [sgddt])).toMatchObject({ yearly: true, dueDate: '2024-12-31' });
    expect(await make('Y3', plan2025, 'Hàng năm', 'Tổng kết chỉ số chuyển đổi số')).toMatchObject({ yearly: true, dueDate: '2025-12-31' });
  });
  afterAll(() => env?.close());

  it('first year end: the 2024 parts before 31 December, then only a missed part overdue; a later first year stays quiet', async () => {
    await mornings('2024-12-20', '2025-02-10', {
      '2024-12-27': () => complete('Y1', '2024-12-27', '501/STTTT-ATTT'),
      '2025-02-03': () => complete('N', '2025-02-03', '37/STTTT-CĐS'),
    });
    expect(await remindersOf(fp.id, '2024-12-20', '2025-02-10')).toEqual([
      // an ordinary task: its deadline passed, overdue weekly until it is done
      ...lines('N', '2024-12-31', [...ahead, ...overdue(1, 8, 15, 22, 29)]),
      // completed on 27 December: reminded a week before only
      ...lines('Y1', '2024-12-31', ['due_in_7']),
      // the 2024 part never done: overdue from 1 January, weekly
      ...lines('Y2', '2024-12-31', [...ahead, ...overdue(1, 8, 15, 22, 29, 36)]),
      // Y3 is first due on 31 December 2025: nothing in 2024
    ].sort());
    // the ladder climbs for the missed part like for an ordinary task: the head on day 7, the secretariat on day 30
    expect(await escalationsOf(head.id, '2024-12-20', '2025-02-10')).toEqual(['2025-01-07 N overdue_7 2024-12-31', '2025-01-07 Y2 overdue_7 2024-12-31']);
    expect(await escalationsOf(sec.id, '2024-12-20', '2025-02-10')).toEqual(['2025-01-30 N overdue_30 2024-12-31', '2025-01-30 Y2 overdue_30 2024-12-31']);
    // the department coordinating Y2 hears of it on the same mornings, for information
    expect(await digestDays(coordinator.id, '2024-12-20', '2025-02-10')).toEqual([
      '2024-12-24', '2024-12-28', '2024-12-30', '2024-12-31', '2025-01-01', '2025-01-08', '2025-01-15', '2025-01-22', '2025-01-29', '2025-02-05',
    ]);
  });

  it('in the year: the missed part is still chased weekly, nothing else; the mornings\' parts agree', async () => {
    expect(await reminders.partsOf('2025-06-03')).toEqual([]);
    await morning('2025-06-04'); // 155 days after 31/12/2024: the weekly repeat
    expect(await remindersOf(fp.id, '2025-06-03', '2025-06-04')).toEqual(['Y2 overdue_155 2024-12-31']);
    // the lead's part, the coordinator's (Y2 for information) and the secretariat's digest
    expect(await reminders.partsOf('2025-06-04')).toEqual([...bothDepartments(), 'secretariat']);
  });

  it('second year end: each yearly duty by its 2025 part, the 2024 part no longer chased after the year turned', async () => {
    expect(await reminders.partsOf('2025-12-20')).toEqual([]);
    await mornings('2025-12-20', '2026-02-10', {
      '2025-12-29': () => complete('Y1', '2025-12-29', '488/STTTT-ATTT'),
    });
    expect(await remindersOf(fp.id, '2025-12-20', '2026-02-10')).toEqual([
      // completed for 2024 only: its 2025 part is reminded again, until it is completed on 29 December
      ...lines('Y1', '2025-12-31', ['due_in_7', 'due_in_3']),
      // the missed 2024 part until this year's part takes over, then the missed 2025 part
      ...lines('Y2', '2024-12-31', overdue(358, 365)),
      ...lines('Y2', '2025-12-31', [...ahead, ...overdue(1, 8, 15, 22, 29, 36)]),
      // first due this year, missed: overdue from 1 January 2026
      ...lines('Y3', '2025-12-31', [...ahead, ...overdue(1, 8, 15, 22, 29, 36)]),
    ].sort());
    expect(await escalationsOf(head.id, '2025-12-20', '2026-02-10')).toEqual(['2026-01-07 Y2 overdue_7 2025-12-31', '2026-01-07 Y3 overdue_7 2025-12-31']);
    expect(await escalationsOf(sec.id, '2025-12-20', '2026-02-10')).toEqual(['2026-01-30 Y2 overdue_30 2025-12-31', '2026-01-30 Y3 overdue_30 2025-12-31']);
    expect(await digestDays(coordinator.id, '2025-12-20', '2026-02-10')).toEqual([
      '2025-12-24', '2025-12-28', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-08', '2026-01-15', '2026-01-22', '2026-01-29', '2026-02-05',
    ]);
    const [both] = await env.db.query(`SELECT body FROM notifications WHERE user_id = $1 AND kind = 'coordination_digest' AND data->>'asOf' = '2025-12-24'`, [coordinator.id]);
    expect(both.body).toContain('hạn 31/12/2025, còn 7 ngày');
    expect(both.body).toContain('hạn 31/12/2024, quá hạn 358 ngày');
    // the secretariat's digest lists the missed parts
    const [digest] = await env.db.query(`SELECT data FROM notifications WHERE user_id = $1 AND kind = 'overdue_digest' AND data->>'asOf' = '2026-01-01'`, [sec.id]);
    expect(digest.data.taskIds.map((t: string) => codeOf.get(t)).sort()).toEqual(['Y2', 'Y3']);
    // 7 days overdue: no reminder of the focal point's that day, the head's step of the ladder
    expect(await reminders.partsOf('2026-01-07')).toEqual(['escalation']);
    expect(await reminders.partsOf('2026-01-08')).toEqual([...bothDepartments(), 'secretariat']);
  });

  it('sends nothing twice when a morning is run again, and a completion of this year silences the missed part', async () => {
    const again = await morning('2026-01-29');
    expect(again.notificationsAdded).toBe(0);
    expect(again.tasksDue).toBe(2);
    env.clock.set('2026-02-11T03:00:00Z');
    await complete('Y2', '2026-02-11', '12/STTTT-CĐS');
    const after = await morning('2026-02-12');
    expect(after.tasksDue).toBe(1);
    expect(await remindersOf(fp.id, '2026-02-12', '2026-02-12')).toEqual(['Y3 overdue_43 2025-12-31']);
  });
});
