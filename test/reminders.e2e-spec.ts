import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { QUEUES } from '@app/queue';
import { ReminderRunResult, RemindersService } from '@app/reminders';
import { createDepartment, createGroup, createPlan, createTask } from './support/builders';
import { SmtpTestServer } from './support/smtp-test-servers';
import { waitUntil } from './support/wait';
import { signIn, startTestApp, TestEnv } from './support/test-app';

type Who = Awaited<ReturnType<typeof signIn>>;

/**
 * The morning run against a plan with tasks at every distance from their deadline, in
 * every status, with collective tasks and two focal points in one department; a real
 * worker, a real SMTP server, PostgreSQL and Redis.
 */
describe('deadline reminders: the morning run', () => {
  let env: TestEnv;
  let smtp: SmtpTestServer;
  let reminders: Queue;
  let admin: Who, sec1: Who, sec2: Who, fpA: Who, fpB: Who, fpX: Who, fpC: Who, viewer: Who;
  let sttttId: string, sgddtId: string, skhdtId: string, planId: string;
  const task: Record<string, { id: string; version: number }> = {};
  const codeOf = new Map<string, string>();
  const emails = new Map<string, string>();

  /** One notice per (user, task, rule, due date): the reminder notifications, as readable rows. */
  async function reminderRows(asOf?: string): Promise<string[]> {
    const rows: { user_id: string; task_id: string; rule: string; due: string }[] = await env.db.query(
      `SELECT user_id, task_id, data->>'rule' AS rule, data->>'dueDate' AS due FROM notifications
        WHERE kind IN ('deadline_near','deadline_passed') AND ($1::text IS NULL OR data->>'asOf' = $1)`,
      [asOf ?? null],
    );
    return rows.map((r) => `${who(r.user_id)} ${codeOf.get(r.task_id)} ${r.rule} ${r.due}`).sort();
  }
  const who = (id: string) => ({ [fpA.id]: 'fpA', [fpB.id]: 'fpB', [fpC.id]: 'fpC', [fpX.id]: 'fpX', [sec1.id]: 'sec1', [sec2.id]: 'sec2' })[id] ?? id;
  const expectFor = (users: string[], lines: string[]) => users.flatMap((u) => lines.map((l) => `${u} ${l}`)).sort();

  async function waitForJob(jobId: string): Promise<Job> {
    let job: Job | undefined;
    await waitUntil(`job ${jobId} to finish`, async () => {
      const state = await reminders.getJobState(jobId);
      // read the job after its state: a copy fetched while it ran would have no return value yet
      job = await reminders.getJob(jobId);
      if (state === 'failed') throw new Error(`job ${jobId} failed: ${job!.failedReason}`);
      return state === 'completed';
    });
    return job!;
  }

  /** Deliveries all made (sent or failed): nothing left for the worker. */
  async function deliveriesSettled(): Promise<void> {
    await waitUntil('every delivery to be sent', async () => {
      const [{ pending }] = await env.db.query(`SELECT count(*)::int AS pending FROM deliveries WHERE status = 'pending'`);
      return pending === 0;
    });
  }

  async function report(code: string, by: Who, body: Record<string, unknown>): Promise<void> {
    const res = await env.http().post(`/api/v1/tasks/${task[code].id}/updates`).set(by.auth).send({ version: task[code].version, ...body });
    if (res.status !== 201) throw new Error(`report ${code}: ${res.status} ${JSON.stringify(res.body)}`);
    task[code].version = res.body.version;
  }

  beforeAll(async () => {
    smtp = await new SmtpTestServer().start();
    env = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'Ban Chỉ đạo <bcd@steering.test>', REMINDER_CRON: '0 7 1 1 *', DELIVERY_BACKOFF_MS: '100' });
    reminders = env.app.get<Queue>(getQueueToken(QUEUES.reminders));
    admin = await signIn(env, 'admin');
    sttttId = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    sgddtId = await createDepartment(env, admin.auth, 'SGDDT', 'Sở Giáo dục và Đào tạo');
    skhdtId = await createDepartment(env, admin.auth, 'SKHDT', 'Sở Kế hoạch và Đầu tư');
    sec1 = await signIn(env, 'secretariat');
    sec2 = await signIn(env, 'secretariat');
    fpA = await signIn(env, 'focal_point', sttttId);
    fpB = await signIn(env, 'focal_point', sttttId);
    fpX = await signIn(env, 'focal_point', sttttId);
    fpC = await signIn(env, 'focal_point', sgddtId);
    viewer = await signIn(env, 'viewer');
    await env.http().patch(`/api/v1/users/${fpX.id}`).set(admin.auth).send({ active: false, version: 1 }).expect(200);
    for (const u of [admin, sec1, sec2, fpA, fpB, fpX, fpC, viewer]) {
      const [row] = await env.db.query(`SELECT email FROM users WHERE id = $1`, [u.id]);
      emails.set(u.id, row.email);
    }
    planId = await createPlan(env, sec1.auth, { number: '30/KH-BCĐCĐS', title: 'Kế hoạch chuyển đổi số năm 2024' });
    const group = await createGroup(env, admin.auth, 'ALL', 'Các Sở, ban, ngành; địa phương', [sttttId, sgddtId]);

    const make = async (code: string, lead: { leadDepartmentId: string } | { leadGroupId: string }, dueDate?: string) => {
      const created = await createTask(env, sec1.auth, { planId, code, title: `Triển khai nội dung ${code} của Kế hoạch`, ...lead, ...(dueDate ? { dueDate } : {}) });
      task[code] = { id: created.id, version: created.version };
      codeOf.set(created.id, code);
      for (const child of created.children ?? []) {
        task[child.code] = { id: child.id, version: child.version };
        codeOf.set(child.id, child.code);
      }
    };
    const tttt = { leadDepartmentId: sttttId };
    // today is 15/06/2024 (DEFAULT_NOW); each code says how far its deadline is
    await make('T+8', tttt, '2024-06-23');
    await make('T+7', tttt, '2024-06-22');
    await make('T+6', tttt, '2024-06-21');
    await make('T+3a', tttt, '2024-06-18');
    await make('T+3b', tttt, '2024-06-18');
    await make('T+3c', tttt, '2024-06-18');
    await make('T+3d', tttt, '2024-06-18');
    await make('T+1', tttt, '2024-06-16');
    await make('T+1r', tttt, '2024-06-16');
    await make('T0', tttt, '2024-06-15');
    await make('T-1', tttt, '2024-06-14');
    await make('T-2', tttt, '2024-06-13');
    await make('T-8', tttt, '2024-06-07');
    await make('T-15', tttt, '2024-05-31');
    await make('T-none', tttt);
    await make('G+3', { leadDepartmentId: sgddtId }, '2024-06-18');
    await make('G-8c', { leadDepartmentId: sgddtId }, '2024-06-07');
    await make('K-1', { leadDepartmentId: skhdtId }, '2024-06-14');
    await make('C', { leadGroupId: group }, '2024-06-18');
    await make('C2', { leadGroupId: group }, '2024-06-14');

    const doc = (n: string) => [{ number: n, issuedOn: '2024-06-14', kind: 'issued' }];
    await report('T+3a', fpA, { status: 'in_progress' });
    await report('T+3b', fpA, { status: 'blocked', progressNote: 'Chờ hướng dẫn của Bộ' });
    await report('T+3c', fpA, { status: 'completed', completedOn: '2024-06-14', outputDocuments: doc('11/BC-STTTT') });
    await report('T+3d', sec1, { status: 'cancelled' });
    await report('T+1r', sec1, { status: 'recurring' });
    await report('T0', fpB, { status: 'in_progress' });
    await report('T-8', fpB, { status: 'blocked' });
    await report('G-8c', fpC, { status: 'completed', completedOn: '2024-06-10', outputDocuments: doc('12/BC-SGDĐT') });
    await report('C/SGDDT', fpC, { status: 'completed', completedOn: '2024-06-12', outputDocuments: doc('13/BC-SGDĐT') });
  });

  afterAll(async () => {
    await env?.close();
    await smtp?.close();
  });

  it('is queued by the admin or the secretariat; the same morning asked twice is one job; a day ahead is refused', async () => {
    await env.http().post('/api/v1/reminders/run').send({}).expect(401);
    await env.http().post('/api/v1/reminders/run').set(viewer.auth).send({}).expect(403);
    await env.http().post('/api/v1/reminders/run').set(fpA.auth).send({}).expect(403);
    const ahead = await env.http().post('/api/v1/reminders/run').set(sec1.auth).send({ asOf: '2024-06-16' }).expect(400);
    expect(ahead.body.message).toBe('asOf 2024-06-16 is after today (2024-06-15): reminders go out on their day, not ahead of it');
    const bad = await env.http().post('/api/v1/reminders/run').set(sec1.auth).send({ asOf: '2024-02-30' }).expect(400);
    expect(bad.body.message).toBe('asOf is not a real date');

    // no worker yet: the job waits, and a second trigger finds it
    const first = await env.http().post('/api/v1/reminders/run').set(sec1.auth).send({}).expect(202);
    expect(first.body).toEqual({ jobId: 'reminder-run-2024-06-15' });
    const second = await env.http().post('/api/v1/reminders/run').set(admin.auth).send({ asOf: '2024-06-15' }).expect(202);
    expect(second.body).toEqual({ jobId: 'reminder-run-2024-06-15' });
    const noBody = await env.http().post('/api/v1/reminders/run').set(sec2.auth).expect(202);
    expect(noBody.body).toEqual({ jobId: 'reminder-run-2024-06-15' });
    expect(await reminders.getJobCounts('waiting')).toEqual({ waiting: 1 });
    expect(await env.db.query(`SELECT count(*)::int AS n FROM notifications WHERE kind LIKE 'deadline%'`)).toEqual([{ n: 0 }]);
  });

  it('tells the active focal points of the lead department of each open task 7, 3, 1 days ahead, on the day, and 1, 8, 15 days late', async () => {
    await env.startWorker();
    const job = await waitForJob('reminder-run-2024-06-15');
    expect(job.returnvalue).toMatchObject({ asOf: '2024-06-15', tasksDue: 13, notificationsAdded: 24, emailsAdded: 5 });

    expect(await reminderRows()).toEqual([
      ...expectFor(['fpA', 'fpB'], [
        'T+7 due_in_7 2024-06-22',
        'T+3a due_in_3 2024-06-18',
        'T+3b due_in_3 2024-06-18',
        'C/STTTT due_in_3 2024-06-18',
        'T+1 due_in_1 2024-06-16',
        'T0 due_today 2024-06-15',
        'T-1 overdue_1 2024-06-14',
        'C2/STTTT overdue_1 2024-06-14',
        'T-8 overdue_8 2024-06-07',
        'T-15 overdue_15 2024-05-31',
      ]),
      'fpC G+3 due_in_3 2024-06-18',
      'fpC C2/SGDDT overdue_1 2024-06-14',
    ].sort());

    const [near] = await env.db.query(`SELECT title, body FROM notifications WHERE task_id = $1 AND user_id = $2`, [task['T+3a'].id, fpA.id]);
    expect(near).toEqual({
      title: 'Nhiệm vụ T+3a còn 3 ngày đến hạn',
      body: 'Nhiệm vụ T+3a "Triển khai nội dung T+3a của Kế hoạch" (30/KH-BCĐCĐS) có hạn 18/06/2024, còn 3 ngày. Đề nghị đơn vị khẩn trương thực hiện và cập nhật kết quả.',
    });
    const [late] = await env.db.query(`SELECT title, body FROM notifications WHERE task_id = $1 AND user_id = $2`, [task['T-8'].id, fpB.id]);
    expect(late.title).toBe('Nhiệm vụ T-8 quá hạn 8 ngày');
    expect(late.body).toContain('có hạn 07/06/2024, quá hạn 8 ngày.');
    const inbox = await env.http().get('/api/v1/notifications').set(fpA.auth).expect(200);
    expect(inbox.body).toMatchObject({ total: 10, unread: 10 });
    expect(inbox.body.items.map((n: any) => n.title)).toContain('Nhiệm vụ T0 đến hạn hôm nay');
  });

  it('gives every secretariat user one digest of the overdue tasks, collective children included, parents not', async () => {
    const digests = await env.db.query(`SELECT user_id, title, body, data FROM notifications WHERE kind = 'overdue_digest' ORDER BY user_id`);
    expect(digests.map((d: any) => who(d.user_id)).sort()).toEqual(['sec1', 'sec2']);
    expect(digests[0].title).toBe('6 nhiệm vụ quá hạn ngày 15/06/2024');
    const lines = digests[0].body.split('\n');
    expect(lines[0]).toBe('Tính đến ngày 15/06/2024, các nhiệm vụ sau đã quá hạn:');
    expect(lines.slice(1).map((l: string) => l.match(/^- Nhiệm vụ (\S+)/)![1]).sort()).toEqual(['C2/SGDDT', 'C2/STTTT', 'K-1', 'T-1', 'T-15', 'T-8']);
    expect(digests[0].body).toContain('- Nhiệm vụ K-1 "Triển khai nội dung K-1 của Kế hoạch" (30/KH-BCĐCĐS), Sở Kế hoạch và Đầu tư chủ trì: hạn 14/06/2024, quá hạn 1 ngày.');
    expect(digests[0].data.overdue).toBe(6);
  });

  it('sends one e-mail per user and morning, grouped overdue / due soon, with the notices still unread', async () => {
    await waitUntil('five e-mails', () => smtp.messages.length >= 5);
    await deliveriesSettled();
    expect(smtp.messages.map((m) => m.to.join()).sort()).toEqual([fpA, fpB, fpC, sec1, sec2].map((u) => emails.get(u.id)).sort());
    const mailTo = (u: Who) => smtp.to(emails.get(u.id)!)[0];
    expect(mailTo(fpA).subject).toBe('[Ban Chỉ đạo] 10 nhiệm vụ cần chú ý ngày 15/06/2024');
    expect(mailTo(fpC).subject).toBe('[Ban Chỉ đạo] 2 nhiệm vụ cần chú ý ngày 15/06/2024');
    expect(mailTo(sec2).subject).toBe('[Ban Chỉ đạo] 6 nhiệm vụ cần chú ý ngày 15/06/2024');
    expect(smtp.messages.every((m) => m.from === 'bcd@steering.test')).toBe(true);

    const text = mailTo(fpA).text;
    expect(text.startsWith('Kính gửi Test focal_point,\n\nTính đến ngày 15/06/2024, có 10 nhiệm vụ cần chú ý:')).toBe(true);
    const section = (heading: string) => text.split(`${heading}\n`)[1].split('\n\n')[0].split('\n').map((l) => l.match(/^- Nhiệm vụ (\S+)/)?.[1]);
    expect(section('NHIỆM VỤ QUÁ HẠN (4)')).toEqual(['T-15', 'T-8', 'C2/STTTT', 'T-1']);
    expect(section('NHIỆM VỤ SẮP ĐẾN HẠN (6)')).toEqual(['T0', 'T+1', 'C/STTTT', 'T+3a', 'T+3b', 'T+7']);
    expect(text).toContain('(30/KH-BCĐCĐS), Sở Thông tin và Truyền thông chủ trì: hạn 31/05/2024, quá hạn 15 ngày');
    expect(text).toContain('hạn 16/06/2024, còn 1 ngày');
    expect(text).not.toContain('THÔNG BÁO CHƯA ĐỌC');
    expect(mailTo(fpA).html).toContain('<h3>Nhiệm vụ quá hạn (4)</h3>');

    // the secretariat still has unread completion reports: they come with the digest
    const secText = mailTo(sec1).text;
    expect(secText).toContain('NHIỆM VỤ QUÁ HẠN (6)');
    expect(secText).not.toContain('SẮP ĐẾN HẠN');
    expect(secText).toMatch(/THÔNG BÁO CHƯA ĐỌC \(3\)\n- Báo cáo hoàn thành nhiệm vụ C\/SGDDT \(\d\d\/\d\d\/\d{4}\)\n/);
    const rows = await env.db.query(`SELECT status, attempts, channel FROM deliveries`);
    expect(rows).toHaveLength(5);
    expect(rows.every((r: any) => r.status === 'sent' && r.attempts === 1 && r.channel === 'email')).toBe(true);
  });

  it('adds nothing when the morning runs again, from two workers at once, or its job is retried', async () => {
    const before = await reminderRows();
    const again = await env.http().post('/api/v1/reminders/run').set(sec1.auth).send({}).expect(202);
    expect(again.body.jobId).toBe('reminder-run-2024-06-15');
    const rerun = await waitForJob(again.body.jobId);
    expect(rerun.returnvalue).toMatchObject({ tasksDue: 13, notificationsAdded: 0, emailsAdded: 0, deliveriesQueued: 0 });

    const second = await env.startWorker();
    const results = await Promise.all([env.app.get(RemindersService), second.get(RemindersService)].map((s) => s.run('2024-06-15')));
    expect(results.map((r) => [r.notificationsAdded, r.emailsAdded])).toEqual([[0, 0], [0, 0]]);

    const firstFinish = rerun.finishedOn!;
    await rerun.retry('completed');
    const retried = await waitForJob(rerun.id!);
    expect(retried.finishedOn).toBeGreaterThan(firstFinish);
    expect((retried.returnvalue as ReminderRunResult).notificationsAdded).toBe(0);

    expect(await reminderRows()).toEqual(before);
    expect(await env.db.query(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'overdue_digest'`)).toEqual([{ n: 2 }]);
    await deliveriesSettled();
    expect(smtp.messages).toHaveLength(5);
    expect(await env.db.query(`SELECT count(*)::int AS n FROM deliveries`)).toEqual([{ n: 5 }]);
  });

  it('a new morning run by two workers at the same time sends each reminder and each e-mail once', async () => {
    env.clock.set('2024-06-16T00:30:00Z'); // 07:30 on 16/06 in Vietnam
    const worker2: INestApplicationContext = await env.startWorker();
    const runs = await Promise.all([env.app.get(RemindersService), worker2.get(RemindersService)].map((s) => s.run('2024-06-16')));
    // 16/06: T+8 is 7 days away, T+1 due today, T0 one day late; the others fall between rules
    expect(runs.map((r) => r.tasksDue)).toEqual([3, 3]);
    expect(runs[0].notificationsAdded + runs[1].notificationsAdded).toBe(3 * 2 + 2);
    expect(runs[0].emailsAdded + runs[1].emailsAdded).toBe(4);
    expect(await reminderRows('2024-06-16')).toEqual(
      expectFor(['fpA', 'fpB'], ['T+8 due_in_7 2024-06-23', 'T+1 due_today 2024-06-16', 'T0 overdue_1 2024-06-15']),
    );
    await waitUntil('four more e-mails', () => smtp.messages.length >= 9);
    await deliveriesSettled();
    const sixteenth = smtp.messages.slice(5);
    expect(sixteenth.map((m) => m.to.join()).sort()).toEqual([fpA, fpB, sec1, sec2].map((u) => emails.get(u.id)).sort());
    expect(smtp.to(emails.get(fpA.id)!)[1].subject).toBe('[Ban Chỉ đạo] 3 nhiệm vụ cần chú ý ngày 16/06/2024');
    expect(smtp.to(emails.get(sec1.id)!)[1].subject).toBe('[Ban Chỉ đạo] 1 nhiệm vụ cần chú ý ngày 16/06/2024');
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages).toHaveLength(9);
  });

  it('re-arms a moved deadline (approved extension, secretariat edit) and stops at completion', async () => {
    env.clock.set('2024-06-16T02:00:00Z');
    // T+3a (due 18/06, reminded "còn 3 ngày" on 15/06) is extended to 21/06
    const req = await env.http().post(`/api/v1/tasks/${task['T+3a'].id}/extension-requests`).set(fpA.auth)
      .send({ proposedDueDate: '2024-06-21', reason: 'Chờ ý kiến thẩm định' }).expect(201);
    const versionOf = async (code: string) => (await env.http().get(`/api/v1/tasks/${task[code].id}`).set(sec1.auth)).body.version;
    await env.http().post(`/api/v1/extension-requests/${req.body.id}/decision`).set(sec1.auth).send({ approve: true, version: await versionOf('T+3a') }).expect(200);
    // T+8 (due 23/06) is moved by the secretariat to 21/06
    await env.http().patch(`/api/v1/tasks/${task['T+8'].id}`).set(sec1.auth).send({ dueDate: '2024-06-21', version: await versionOf('T+8') }).expect(200);
    // T-1 (due 14/06) is completed: its weekly overdue notice of 22/06 must not come
    task['T-1'].version = (await env.http().get(`/api/v1/tasks/${task['T-1'].id}`).set(fpA.auth)).body.version;
    await report('T-1', fpA, { status: 'completed', completedOn: '2024-06-16', outputDocuments: [{ number: '14/BC-STTTT', issuedOn: '2024-06-16', kind: 'issued' }] });

    env.clock.set('2024-06-18T00:30:00Z');
    const on18 = await env.app.get(RemindersService).run('2024-06-18');
    const rows18 = (await reminderRows()).filter((r) => r.startsWith('fpA '));
    expect(rows18.filter((r) => r.includes('T+3a'))).toEqual(['fpA T+3a due_in_3 2024-06-18', 'fpA T+3a due_in_3 2024-06-21']);
    // reminded "còn 7 ngày" for 23/06 on 16/06, then "còn 3 ngày" for its new date
    expect(rows18.filter((r) => r.includes('T+8'))).toEqual(['fpA T+8 due_in_3 2024-06-21', 'fpA T+8 due_in_7 2024-06-23']);
    expect(rows18.filter((r) => r.includes('2024-06-18') && r.includes('due_today'))).toEqual(['fpA C/STTTT due_today 2024-06-18', 'fpA T+3b due_today 2024-06-18']);
    expect(on18.tasksDue).toBe(6); // T+3a, T+8, T+6 ahead; T+3b, C/STTTT, G+3 today

    env.clock.set('2024-06-22T00:30:00Z');
    await env.app.get(RemindersService).run('2024-06-22');
    const overdue8 = (await reminderRows()).filter((r) => r.includes('overdue_8 2024-06-14'));
    expect(overdue8).toEqual(expectFor(['fpA', 'fpB'], ['C2/STTTT overdue_8 2024-06-14']).concat(['fpC C2/SGDDT overdue_8 2024-06-14']).sort());
    const [digest] = await env.db.query(`SELECT body FROM notifications WHERE kind = 'overdue_digest' AND user_id = $1 AND data->>'asOf' = '2024-06-22'`, [sec1.id]);
    expect(digest.body).toContain('Nhiệm vụ K-1');
    expect(digest.body).not.toContain('Nhiệm vụ T-1 ');
    await deliveriesSettled();
  });
});
