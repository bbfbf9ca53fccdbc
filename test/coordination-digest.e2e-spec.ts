import { RemindersService } from '@app/reminders';
import { createDepartment, createGroup, createPlan, createTask } from './support/builders';
import { SmtpTestServer } from './support/smtp-test-servers';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * Coordinating departments hear of the tasks they coordinate in their morning digest, as
 * information, not as owners: one notice of the morning listing them, a section of their
 * e-mail, never the lead's reminder; a department that only coordinates has a part of the run.
 */
describe('the morning digest of coordinating departments', () => {
  let env: TestEnv;
  let smtp: SmtpTestServer;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let lead: Who, coordinator: Who, other: Who;
  let leadId: string, coordinatorId: string, otherId: string;
  let reminders: RemindersService;

  beforeAll(async () => {
    smtp = await new SmtpTestServer().start();
    env = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'Ban Chỉ đạo <bcd@steering.test>', REMINDER_CRON: '0 7 1 1 *' });
    reminders = env.app.get(RemindersService);
    const admin = await signIn(env, 'admin');
    const secretariat = await signIn(env, 'secretariat');
    leadId = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    coordinatorId = await createDepartment(env, admin.auth, 'SGDDT', 'Sở Giáo dục và Đào tạo');
    otherId = await createDepartment(env, admin.auth, 'SYT', 'Sở Y tế');
    lead = await signIn(env, 'focal_point', leadId);
    coordinator = await signIn(env, 'focal_point', coordinatorId);
    other = await signIn(env, 'focal_point', otherId);
    const planId = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND' });
    // today (clock) is 2024-06-15: due in 3 days, overdue 1 day, and one not due for months
    await createTask(env, secretariat.auth, { planId, code: '8', title: 'Tổ chức Hội thi tin học trẻ tỉnh năm 2024', leadDepartmentId: leadId, coordinatingDepartmentIds: [coordinatorId], dueDate: '2024-06-18' });
    await createTask(env, secretariat.auth, { planId, code: '9', title: 'Kế hoạch phối hợp quá hạn', leadDepartmentId: leadId, coordinatingDepartmentIds: [coordinatorId, otherId], dueDate: '2024-06-14' });
    // a collective task the Sở GD&ĐT coordinates: led by the group, its parts by their departments
    const group = await createGroup(env, admin.auth, 'CSBN', 'Các Sở, ban, ngành', [leadId, otherId]);
    await createTask(env, secretariat.auth, { planId, code: '11', title: 'Sản phẩm chuyển đổi số', leadGroupId: group, coordinatingDepartmentIds: [coordinatorId], dueDate: '2024-06-16' });
    await createTask(env, secretariat.auth, { planId, code: '10', title: 'Chưa đến hạn', leadDepartmentId: leadId, coordinatingDepartmentIds: [coordinatorId], dueDate: '2024-12-31' });
  });
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  const notices = async (userId: string) =>
    env.db.query(`SELECT kind, title, body, task_id AS "taskId", data FROM notifications WHERE user_id = $1 ORDER BY kind, created_at`, [userId]);

  it('gives a department that only coordinates a part of the morning', async () => {
    const parts = await reminders.partsOf('2024-06-15');
    expect(parts).toEqual(expect.arrayContaining([`department:${leadId}`, `department:${coordinatorId}`, `department:${otherId}`, 'secretariat']));
    expect(parts).toHaveLength(4);
  });

  it('tells the coordinators for information, in one notice of the morning, and the lead as owner', async () => {
    await reminders.runPart('2024-06-15', `department:${coordinatorId}`);
    const mine = await notices(coordinator.id);
    // no reminder as owner: only the digest
    expect(mine.map((n: any) => n.kind)).toEqual(['coordination_digest']);
    expect(mine[0].title).toBe('3 nhiệm vụ đơn vị phối hợp cần chú ý ngày 15/06/2024');
    expect(mine[0].body).toContain('Nhiệm vụ 11 "Sản phẩm chuyển đổi số" (36/QĐ-UBND), Các Sở, ban, ngành chủ trì: hạn 16/06/2024, còn 1 ngày.');
    expect(mine[0].body).toMatch(/^Để biết và phối hợp/);
    expect(mine[0].body).toContain('Nhiệm vụ 9 "Kế hoạch phối hợp quá hạn" (36/QĐ-UBND), Sở Thông tin và Truyền thông chủ trì: hạn 14/06/2024, quá hạn 1 ngày.');
    expect(mine[0].body).toContain('Nhiệm vụ 8 "Tổ chức Hội thi tin học trẻ tỉnh năm 2024" (36/QĐ-UBND), Sở Thông tin và Truyền thông chủ trì: hạn 18/06/2024, còn 3 ngày.');
    expect(mine[0].body).not.toContain('Chưa đến hạn');
    expect(mine[0].taskId).toBeNull();
    // the other coordinator's part has not run: nothing for it yet
    expect(await notices(other.id)).toEqual([]);

    await reminders.run('2024-06-15');
    // the Sở Y tế coordinates task 9 (information) and owns its part of task 11 (a reminder)
    expect((await notices(other.id)).map((n: any) => [n.kind, n.title])).toEqual([
      ['coordination_digest', '1 nhiệm vụ đơn vị phối hợp cần chú ý ngày 15/06/2024'],
      ['deadline_near', 'Nhiệm vụ 11/SYT còn 1 ngày đến hạn'],
    ]);
    // the lead gets its reminders as owner (8, 9 and its part of 11), and no coordination digest
    expect((await notices(lead.id)).map((n: any) => n.kind).sort()).toEqual(['deadline_near', 'deadline_near', 'deadline_passed']);
    // run again: nothing twice
    await reminders.run('2024-06-15');
    expect(await notices(coordinator.id)).toHaveLength(1);
  });

  it('adds the coordinated tasks to the e-mail of the morning as their own section', async () => {
    const [mail] = await env.db.query(`SELECT payload FROM deliveries WHERE channel = 'email' AND user_id = $1`, [coordinator.id]);
    expect(mail.payload.subject).toBe('[Ban Chỉ đạo] 3 nhiệm vụ đơn vị phối hợp cần chú ý ngày 15/06/2024');
    const text: string = mail.payload.text;
    expect(text).toContain('NHIỆM VỤ ĐƠN VỊ PHỐI HỢP, ĐỂ BIẾT (3)');
    expect(text).toContain('có 0 nhiệm vụ cần chú ý và 3 nhiệm vụ đơn vị phối hợp (để biết; đơn vị chủ trì báo cáo kết quả):');
    // its own digest notice of the morning is not listed again as unread
    expect(text).not.toContain('THÔNG BÁO CHƯA ĐỌC');
    const [leadMail] = await env.db.query(`SELECT payload FROM deliveries WHERE channel = 'email' AND user_id = $1`, [lead.id]);
    expect(leadMail.payload.text).not.toContain('PHỐI HỢP');
  });
});
