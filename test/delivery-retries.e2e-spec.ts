// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it times delivery retries and their backoff.
import { createDepartment, createPlan, createTask } from './support/builders';
import { SmtpTestServer } from './support/smtp-test-servers';
import { waitUntil } from './support/wait';
import { FAST_RETRIES, signIn, startTestApp, TestEnv } from './support/test-app';

type Who = Awaited<ReturnType<typeof signIn>>;
const HOUR = 3_600_000;

/**
 * E-mail made good after an SMTP outage longer than a job's attempts: the worker's sweep
 * tries each failed digest again with backoff until DELIVERY_RETRY_HORIZON_HOURS (24), an
 * admin retries a morning's failed ones at once, and each digest still goes out once per
 * user and morning. A real SMTP server; the job's attempts shortened (5 tries, 100 ms
 * doubling) and the clock moved instead of waiting hours.
 */
describe('deliveries made good: failed e-mail retried by the sweep until its horizon, and by an admin at once', () => {
  let env: TestEnv;
  let smtp: SmtpTestServer;
  let admin: Who, sec: Who;

  const digests = (day: string) =>
    env.db.query(
      `SELECT d.id, d.status, d.attempts, d.first_failed_at, d.next_retry_at, u.email
         FROM deliveries d JOIN users u ON u.id = d.user_id
        WHERE d.channel = 'email' AND d.dedup_key LIKE '%:' || $1 ORDER BY u.email`,
      [day],
    );
  const subjectOf = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
  const mailsOf = (day: string) => smtp.messages.filter((m) => m.subject.includes(subjectOf(day)));

  /** Runs the morning with SMTP refusing everything; waits until every digest of it is kept as failed. */
  async function morningWhileSmtpDown(day: string, now: string): Promise<any[]> {
    smtp.refuseAll = true;
    env.clock.set(now);
    await env.http().post('/api/v1/reminders/run').set(sec.auth).send({ asOf: day }).expect(202);
    await waitUntil(`the digests of ${day} to be written`, async () => (await digests(day)).length >= 3, 20_000);
    await waitUntil(`every digest of ${day} to be given up by its job`, async () => (await digests(day)).every((d: any) => d.status === 'failed'), 20_000);
    return digests(day);
  }

  beforeAll(async () => {
    smtp = await new SmtpTestServer().start();
    env = await startTestApp({ SMTP_URL: smtp.url, REMINDER_CRON: '0 7 1 1 *', ...FAST_RETRIES });
    admin = await signIn(env, 'admin');
    sec = await signIn(env, 'secretariat');
    const planId = await createPlan(env, sec.auth);
    // three departments, each with a focal point and tasks due on the 16th and the 18th: a digest each on the 15th, 16th and 17th
    for (const [code, name] of [['STTTT', 'Sở Thông tin và Truyền thông'], ['SKHDT', 'Sở Kế hoạch và Đầu tư'], ['STC', 'Sở Tài chính']]) {
      const dept = await createDepartment(env, admin.auth, code, name);
      await signIn(env, 'focal_point', dept);
      for (const dueDate of ['2024-06-16', '2024-06-18']) {
        await createTask(env, sec.auth, { planId, code: `${code}.${dueDate.slice(8)}`, title: `Nhiệm vụ của ${code}`, leadDepartmentId: dept, dueDate });
      }
    }
    await env.startWorker();
  });

  afterAll(async () => {
    await env?.close();
    await smtp?.close();
  });

  it('keeps a morning\'s digests failed after their attempts while SMTP is down, then the sweep delivers each exactly once when SMTP is back', async () => {
    const failed = await morningWhileSmtpDown('2024-06-15', '2024-06-15T00:30:00Z');
    const n = failed.length;
    for (const d of failed) {
      expect(d).toMatchObject({ status: 'failed', attempts: 5, first_failed_at: new Date('2024-06-15T00:30:00Z') });
      // next try: after the job's next backoff (100 ms × 2⁴), within the horizon
      expect(d.next_retry_at).toEqual(new Date(Date.parse('2024-06-15T00:30:00Z') + 1_600));
    }
    expect(smtp.dataAttempts).toBe(5 * n);

    // SMTP is back but the next try is not due yet on the clock: nothing goes
    smtp.refuseAll = false;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.messages).toHaveLength(0);

    // an hour later the sweep tries them again
    env.clock.set(new Date(Date.parse('2024-06-15T00:30:00Z') + HOUR));
    await waitUntil('every digest to be sent by the sweep', async () => (await digests('2024-06-15')).every((d: any) => d.status === 'sent'), 20_000);
    expect(smtp.messages).toHaveLength(n);
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(failed.map((d: any) => d.email).sort());
    expect(await digests('2024-06-15')).toEqual(failed.map((d: any) => expect.objectContaining({ id: d.id, status: 'sent', attempts: 6, next_retry_at: null })));

    // nothing more: not by the sweep, not by a second run of the same morning
    await env.http().post('/api/v1/reminders/run').set(sec.auth).send({ asOf: '2024-06-15' }).expect(202);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(smtp.messages).toHaveLength(n);
    expect(await digests('2024-06-15')).toHaveLength(n);
  });

  it('retries every failed digest of a morning at once on POST /admin/deliveries/retry {day, channel, status}: admins only, each sent once', async () => {
    const failed = await morningWhileSmtpDown('2024-06-16', '2024-06-16T00:30:00Z');
    smtp.refuseAll = false;

    await env.http().post('/api/v1/admin/deliveries/retry').set(sec.auth).send({ day: '2024-06-16' }).expect(403);
    await env.http().post('/api/v1/admin/deliveries/retry').set(admin.auth).send({ day: '16/06/2024' }).expect(400);
    await env.http().post('/api/v1/admin/deliveries/retry').set(admin.auth).send({ status: 'sent' }).expect(400);
    // another day, or the other channel, selects none
    expect((await env.http().post('/api/v1/admin/deliveries/retry').set(admin.auth).send({ day: '2024-06-14', status: 'failed' }).expect(202)).body).toEqual({ queued: 0 });
    expect((await env.http().post('/api/v1/admin/deliveries/retry').set(admin.auth).send({ day: '2024-06-16', channel: 'webhook' }).expect(202)).body).toEqual({ queued: 0 });
    // what it would retry, listed first
    const list = await env.http().get('/api/v1/admin/deliveries?status=failed&day=2024-06-16').set(admin.auth).expect(200);
    expect(list.body.total).toBe(failed.length);

    const retry = await env.http().post('/api/v1/admin/deliveries/retry').set(admin.auth).send({ day: '2024-06-16', channel: 'email', status: 'failed' }).expect(202);
    expect(retry.body).toEqual({ queued: failed.length });
    await waitUntil('every retried digest to be sent', async () => (await digests('2024-06-16')).every((d: any) => d.status === 'sent'), 20_000);
    expect(mailsOf('2024-06-16').map((m) => m.to[0]).sort()).toEqual(failed.map((d: any) => d.email).sort());

    // asked again: nothing failed is left, and a sent digest is never sent again
    expect((await env.http().post('/api/v1/admin/deliveries/retry').set(admin.auth).send({ day: '2024-06-16' }).expect(202)).body).toEqual({ queued: 0 });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(mailsOf('2024-06-16')).toHaveLength(failed.length);
    expect(mailsOf('2024-06-15')).toHaveLength((await digests('2024-06-15')).length);
  });

  it('tries a failed digest again with growing waits while SMTP stays down, and not at all past the 24-hour horizon', async () => {
    const start = Date.parse('2024-06-17T00:30:00Z');
    const failed = await morningWhileSmtpDown('2024-06-17', '2024-06-17T00:30:00Z');
    const n = failed.length;
    const triesBefore = smtp.dataAttempts;

    // an hour on, SMTP still down: one more try each, the next one an hour later (as long as it has been failing)
    env.clock.set(new Date(start + HOUR));
    await waitUntil('one more try of each digest', () => smtp.dataAttempts === triesBefore + n, 20_000);
    await waitUntil('the tries to be recorded', async () => (await digests('2024-06-17')).every((d: any) => d.status === 'failed' && d.attempts === 6));
    for (const d of await digests('2024-06-17')) {
      expect(d).toMatchObject({ status: 'failed', attempts: 6, first_failed_at: new Date(start), next_retry_at: new Date(start + 2 * HOUR) });
    }
    await new Promise((r) => setTimeout(r, 800));
    expect(smtp.dataAttempts).toBe(triesBefore + n);

    // SMTP back, but the clock is past the horizon (24 h after the first failed try): it stays failed
    smtp.refuseAll = false;
    env.clock.set(new Date(start + 25 * HOUR));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(smtp.dataAttempts).toBe(triesBefore + n);
    expect(mailsOf('2024-06-17')).toHaveLength(0);
    expect((await digests('2024-06-17')).map((d: any) => d.status)).toEqual(failed.map(() => 'failed'));

    // an admin still may
    expect((await env.http().post('/api/v1/admin/deliveries/retry').set(admin.auth).send({ day: '2024-06-17' }).expect(202)).body).toEqual({ queued: n });
    await waitUntil('the digests past their horizon to be sent by the admin\'s retry', async () => (await digests('2024-06-17')).every((d: any) => d.status === 'sent'), 20_000);
    expect(mailsOf('2024-06-17')).toHaveLength(n);
  });
});
