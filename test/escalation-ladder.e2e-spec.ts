// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it starts and kills worker processes.
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { addDays } from '@app/common';
import { createDepartment, createPlan, createTask } from './support/builders';
import { startProcess, waitForExit, waitForOutput } from './support/processes';
import { SmtpTestServer, WebhookTestServer } from './support/smtp-test-servers';
import { waitUntil } from './support/wait';
import { signIn, startTestApp, TestEnv } from './support/test-app';

jest.setTimeout(420_000);

const SECRET = 'escalation-test-webhook-secret';
// the workers run as their own processes, on the real clock: the mornings are the 40 days before last week
const TODAY = DateTime.now().setZone('Asia/Ho_Chi_Minh').toISODate()!;
const START = addDays(TODAY, -46);
const day = (i: number) => addDays(START, i);
const MORNINGS = 40;

/**
 * The escalation ladder (issue 18, item 3) over 40 mornings, run by two worker processes, one of
 * them SIGKILLed during a morning on which the ladder climbs: overdue 1 day → the focal point, 7 →
 * the department head, 30 → the committee member and the secretariat; each step exactly once to
 * the right person, in the inbox, the e-mail of the morning and the webhook; a deadline moved in
 * the middle re-arms the ladder for the new date and silences the old one.
 */
describe('the escalation ladder over 40 mornings with a killed worker', () => {
  let env: TestEnv;
  let smtp: SmtpTestServer;
  let hook: WebhookTestServer;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let sec: Who, sec2: Who, headA: Who, headB: Who, headC: Who, member1: Who, member2: Who, fpA: Who, fpA2: Who, fpB: Who, fpC: Who;
  let t1: string, t2: string, t3: string;
  const children = new Set<ReturnType<typeof startProcess>>();

  const startWorker = async () => {
    const child = startProcess('worker', {
      NODE_ENV: 'test',
      DATABASE_URL: env.config.databaseUrl,
      DATABASE_APP_URL: env.config.databaseAppUrl!,
      REDIS_URL: env.config.redisUrl,
      QUEUE_PREFIX: env.config.queuePrefix,
      JWT_SECRET: env.config.jwtSecret,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Ban Chỉ đạo <bcd@steering.test>',
      NOTIFY_WEBHOOK_URL: hook.url,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      // no tick and no check of the real today during the test: only the mornings it asks for
      REMINDER_CRON: '0 7 1 1 *',
      REMINDER_CHECK_CRON: '0 6 1 1 *',
      WORKER_LOCK_MS: '1000',
      WORKER_STALLED_MS: '300',
      DELIVERY_BACKOFF_MS: '100',
      DELIVERY_SWEEP_MS: '200',
    });
    children.add(child);
    await waitForOutput(child, /worker started/, 60_000);
    return child;
  };

  beforeAll(async () => {
    smtp = await new SmtpTestServer().start();
    hook = await new WebhookTestServer().start();
    env = await startTestApp({ SMTP_URL: smtp.url, NOTIFY_WEBHOOK_URL: hook.url, NOTIFY_WEBHOOK_SECRET: SECRET, REMINDER_CRON: '0 7 1 1 *' });
    env.clock.set(new Date());
    const admin = await signIn(env, 'admin');
    sec = await signIn(env, 'secretariat');
    sec2 = await signIn(env, 'secretariat');
    [headA, headB, headC, member1, member2] = await Promise.all([1, 2, 3, 4, 5].map(() => signIn(env, 'viewer')));
    const leaders: [string, Who, Who][] = [['A', headA, member1], ['B', headB, member1], ['C', headC, member2]];
    const dept = new Map<string, string>();
    for (const [code, head, member] of leaders) {
      const id = await createDepartment(env, admin.auth, `SO${code}`, `Sở ${code}`);
      dept.set(code, id);
      const { version } = (await env.http().get(`/api/v1/departments/${id}`).set(admin.auth).expect(200)).body;
      const res = await env.http().patch(`/api/v1/departments/${id}`).set(admin.auth)
        .send({ version, headUserId: head.id, committeeMemberId: member.id }).expect(200);
      expect(res.body).toMatchObject({ headUserId: head.id, committeeMemberId: member.id });
    }
    fpA = await signIn(env, 'focal_point', dept.get('A')!);
    fpA2 = await signIn(env, 'focal_point', dept.get('A')!);
    fpB = await signIn(env, 'focal_point', dept.get('B')!);
    fpC = await signIn(env, 'focal_point', dept.get('C')!);
    const planId = await createPlan(env, sec.auth, { number: '32/KH-BCĐCĐS' });
    t1 = (await createTask(env, sec.auth, { planId, code: '1', title: 'Số hoá hồ sơ', leadDepartmentId: dept.get('A'), dueDate: day(2) })).id;
    t2 = (await createTask(env, sec.auth, { planId, code: '2', title: 'Cổng dữ liệu mở', leadDepartmentId: dept.get('B'), dueDate: day(5) })).id;
    t3 = (await createTask(env, sec.auth, { planId, code: '3', title: 'Trợ lý ảo', leadDepartmentId: dept.get('C'), dueDate: day(6) })).id;
  });

  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGKILL');
      await waitForExit(child).catch(() => undefined);
    }
    await env?.close();
    await smtp?.close();
    await hook?.close();
  });

  it('refuses a head or committee member who is not a leader, naming the field', async () => {
    const admin = await signIn(env, 'admin');
    const id = (await env.http().get('/api/v1/departments?limit=1').set(admin.auth).expect(200)).body.items[0].id;
    const { version } = (await env.http().get(`/api/v1/departments/${id}`).set(admin.auth).expect(200)).body;
    const res = await env.http().patch(`/api/v1/departments/${id}`).set(admin.auth).send({ version, headUserId: fpA.id }).expect(400);
    expect(res.body.message).toMatch(/^headUserId: .*role focal_point/);
    const res2 = await env.http().patch(`/api/v1/departments/${id}`).set(admin.auth)
      .send({ version, committeeMemberId: '00000000-0000-4000-8000-000000000000' }).expect(400);
    expect(res2.body.message).toMatch(/^committeeMemberId: unknown user/);
  });

  it('climbs each step once, to the right person, through inbox, e-mail and webhook', async () => {
    await startWorker();
    await startWorker();
    const heldInserts = async (): Promise<number[]> =>
      (
        await env.db.query(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO notifications%'`,
        )
      ).map((r: { pid: number }) => r.pid);
    const runState = async (d: string) =>
      ((await env.db.query(`SELECT state FROM reminder_runs WHERE day = $1`, [d])) as { state: string }[])[0]?.state;

    for (let i = 0; i < MORNINGS; i++) {
      if (i === 15) {
        // after the head has heard of task 2 (day 12), its deadline moves to day 20
        const { version } = (await env.http().get(`/api/v1/tasks/${t2}`).set(sec.auth).expect(200)).body;
        await env.http().patch(`/api/v1/tasks/${t2}`).set(sec.auth).send({ version, dueDate: day(20) }).expect(200);
      }
      if (i !== 13) {
        await env.http().post('/api/v1/reminders/run').set(sec.auth).send({ asOf: day(i) }).expect(202);
      } else {
        // the morning task 3 reaches its head: the part writing to the head is held inside its
        // INSERT by a lock the test takes on the head's row, and both workers are killed then
        const lock = new Client({ connectionString: env.config.databaseUrl });
        await lock.connect();
        try {
          await lock.query('BEGIN');
          await lock.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [headC.id]);
          await env.http().post('/api/v1/reminders/run').set(sec.auth).send({ asOf: day(i) }).expect(202);
          let held: number[] = [];
          await waitUntil('a part to be held writing to the head', async () => (held = await heldInserts()).length === 1, 60_000);
          for (const worker of [...children]) {
            worker.kill('SIGKILL');
            await waitForExit(worker);
            children.delete(worker);
          }
          await startWorker();
          await startWorker();
          // a new worker picks the cut-off part up again and waits on the same row (the dead one's statement may linger)
          await waitUntil('the part to be taken up again', async () => (await heldInserts()).some((pid) => !held.includes(pid)), 60_000);
          expect(await runState(day(i))).toBe('running');
        } finally {
          await lock.query('COMMIT').catch(() => undefined);
          await lock.end();
        }
      }
      await waitUntil(`the morning of ${day(i)} to be done`, async () => (await runState(day(i))) === 'done', 90_000);
    }
    await waitUntil(
      'every e-mail and webhook call to be made',
      async () => ((await env.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE status <> 'sent'`)) as { n: number }[])[0].n === 0,
      120_000,
    );

    // the ledger and the inbox: the ladder's notices, exactly
    const name = new Map<string, string>([
      [headA.id, 'headA'], [headB.id, 'headB'], [headC.id, 'headC'], [member1.id, 'member1'], [member2.id, 'member2'],
      [sec.id, 'sec'], [sec2.id, 'sec2'], [fpA.id, 'fpA'], [fpA2.id, 'fpA2'], [fpB.id, 'fpB'], [fpC.id, 'fpC'],
    ]);
    const code = new Map([[t1, 'T1'], [t2, 'T2'], [t3, 'T3']]);
    const escalations: { id: string; user_id: string; task_id: string; step: string; due: string; as_of: string }[] = await env.db.query(
      `SELECT id, user_id, task_id, data->>'step' AS step, data->>'dueDate' AS due, data->>'asOf' AS as_of
         FROM notifications WHERE kind = 'overdue_escalation'`,
    );
    const seen = escalations.map((n) => `${name.get(n.user_id)} ${code.get(n.task_id)} ${n.step} due ${n.due} on ${n.as_of}`).sort();
    expect(seen).toEqual(
      [
        `headA T1 overdue_7 due ${day(2)} on ${day(9)}`,
        `member1 T1 overdue_30 due ${day(2)} on ${day(32)}`,
        `sec T1 overdue_30 due ${day(2)} on ${day(32)}`,
        `sec2 T1 overdue_30 due ${day(2)} on ${day(32)}`,
        `headB T2 overdue_7 due ${day(5)} on ${day(12)}`,
        // moved to day 20: its old 30-day step (day 35) never comes; the new date climbs again
        `headB T2 overdue_7 due ${day(20)} on ${day(27)}`,
        `headC T3 overdue_7 due ${day(6)} on ${day(13)}`,
        `member2 T3 overdue_30 due ${day(6)} on ${day(36)}`,
        `sec T3 overdue_30 due ${day(6)} on ${day(36)}`,
        `sec2 T3 overdue_30 due ${day(6)} on ${day(36)}`,
      ].sort(),
    );
    // the first step is the focal point's own overdue reminder, once per due date
    const firstStep: { user_id: string; task_id: string; due: string }[] = await env.db.query(
      `SELECT user_id, task_id, data->>'dueDate' AS due FROM notifications WHERE kind = 'deadline_passed' AND data->>'rule' = 'overdue_1'`,
    );
    expect(firstStep.map((n) => `${name.get(n.user_id)} ${code.get(n.task_id)} ${n.due}`).sort()).toEqual(
      [`fpA T1 ${day(2)}`, `fpA2 T1 ${day(2)}`, `fpB T2 ${day(5)}`, `fpB T2 ${day(20)}`, `fpC T3 ${day(6)}`].sort(),
    );
    // leaders hear nothing else; focal points get no escalation notice
    const leaderIds = [headA, headB, headC, member1, member2].map((u) => u.id);
    const others: { kind: string }[] = await env.db.query(`SELECT kind FROM notifications WHERE user_id = ANY($1::uuid[]) AND kind <> 'overdue_escalation'`, [leaderIds]);
    expect(others).toEqual([]);

    // the webhook: each escalation notice once (by its webhook-id: a resend after a kill carries the same one)
    const hookIds = new Map<string, number>();
    for (const call of hook.calls) if (call.json.kind === 'overdue_escalation') hookIds.set(call.json.id, (hookIds.get(call.json.id) ?? 0) + 1);
    expect([...hookIds.keys()].sort()).toEqual(escalations.map((n) => n.id).sort());
    const webhookIdsSeen = new Set(hook.calls.map((c) => c.headers['webhook-id']));
    expect(webhookIdsSeen.size).toBe(new Set(hook.calls.map((c) => c.json.id)).size);

    // the e-mail of the morning: one per leader and morning of a step, naming the task
    const emails: { id: string; email: string }[] = await env.db.query(`SELECT id, email FROM users WHERE id = ANY($1::uuid[])`, [leaderIds]);
    const mailsTo = (id: string) => {
      const address = emails.find((e) => e.id === id)!.email;
      const byMessage = new Map(smtp.messages.filter((m) => m.to.includes(address)).map((m) => [m.messageId, m]));
      return [...byMessage.values()].map((m) => m.subject).sort();
    };
    const subject = (i: number) => `[Ban Chỉ đạo] 1 nhiệm vụ cần chú ý ngày ${DateTime.fromISO(day(i)).toFormat('dd/MM/yyyy')}`;
    expect(mailsTo(headA.id)).toEqual([subject(9)]);
    expect(mailsTo(headB.id)).toEqual([subject(12), subject(27)].sort());
    expect(mailsTo(headC.id)).toEqual([subject(13)]);
    expect(mailsTo(member1.id)).toEqual([subject(32)]);
    expect(mailsTo(member2.id)).toEqual([subject(36)]);
    const headBMail = smtp.messages.find((m) => m.subject === subject(27) && m.to.includes(emails.find((e) => e.id === headB.id)!.email))!;
    expect(headBMail.text).toContain('Nhiệm vụ 2 "Cổng dữ liệu mở" (32/KH-BCĐCĐS), Sở B chủ trì');
    expect(headBMail.text).toContain('quá hạn 7 ngày');
    // the secretariat's morning of day 36 lists task 3 though no weekly digest falls on it
    const secMail = smtp.messages.filter((m) => m.subject.endsWith(DateTime.fromISO(day(36)).toFormat('dd/MM/yyyy')));
    expect(secMail.length).toBeGreaterThanOrEqual(2);
    expect(secMail.some((m) => m.text.includes('Nhiệm vụ 3 "Trợ lý ảo"'))).toBe(true);

    // the runs' record: every morning done
    const runs: { n: number }[] = await env.db.query(`SELECT count(*)::int AS n FROM reminder_runs WHERE state = 'done'`);
    expect(runs[0].n).toBe(MORNINGS);
  });
});
