// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it times webhook calls to its own server.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { RemindersService } from '@app/reminders';
import { createDepartment, createPlan, createTask } from './support/builders';
import { waitUntil } from './support/wait';
import { FAST_RETRIES, signIn, startTestApp, TestEnv } from './support/test-app';
import { RecordingReceiver, RedirectingReceiver, VerifyingWebhookReceiver } from './support/webhook-receivers';

/** A Standard Webhooks secret as a receiver would hand it out: whsec_ and the base64 of 32 random bytes. */
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

/** One focal point with a task due in three days: the morning run gives it one notice, hence one webhook delivery. */
async function oneDueNotice(env: TestEnv): Promise<void> {
  const admin = await signIn(env, 'admin');
  const dept = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
  const sec = await signIn(env, 'secretariat');
  await signIn(env, 'focal_point', dept);
  const planId = await createPlan(env, sec.auth, { number: '36/QĐ-UBND' });
  await createTask(env, sec.auth, { planId, code: '5', title: 'Xây dựng Kho dữ liệu dùng chung', leadDepartmentId: dept, dueDate: '2024-06-18' });
  const run = await env.app.get(RemindersService).run('2024-06-15');
  expect(run).toMatchObject({ notificationsAdded: 1 });
}

const webhookRows = (env: TestEnv) =>
  env.db.query(`SELECT id, status, attempts, last_error FROM deliveries WHERE channel = 'webhook' ORDER BY created_at`);

describe('webhooks signed as Standard Webhooks, verified by a real receiver', () => {
  let env: TestEnv;
  let receiver: VerifyingWebhookReceiver;

  beforeAll(async () => {
    receiver = await new VerifyingWebhookReceiver(new Webhook(SECRET)).start();
    env = await startTestApp({ NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET, REMINDER_CRON: '0 7 1 1 *', ...FAST_RETRIES });
    receiver.failNext = 2;
    await oneDueNotice(env);
    await env.startWorker();
    await waitUntil('the notice to be accepted by the receiver', () => receiver.accepted.length === 1);
    // the worker marks the delivery sent after the receiver's answer: wait for that too
    await waitUntil('the delivery to be marked sent', async () => (await webhookRows(env))[0]?.status === 'sent');
  });
  afterAll(async () => {
    await env?.close();
    await receiver?.close();
  });

  it("passes the receiver's new Webhook(secret).verify(body, headers), with webhook-id, webhook-timestamp and a v1 signature", async () => {
    const [call] = receiver.accepted;
    expect(call.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(Math.abs(Number(call.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(call.json).toMatchObject({ event: 'notification', kind: 'deadline_near', title: 'Nhiệm vụ 5 còn 3 ngày đến hạn' });
    expect(call.headers['x-signature']).toBeUndefined();
    const [row] = await webhookRows(env);
    expect(row).toEqual({ id: call.headers['webhook-id'], status: 'sent', attempts: 3, last_error: null });
  });

  it('keeps the webhook-id, the delivery id, on every retry of one delivery, each try signed afresh', async () => {
    expect(receiver.seen.map((r) => r.status)).toEqual([503, 503, 204]);
    const [row] = await webhookRows(env);
    expect(new Set(receiver.seen.map((r) => r.headers['webhook-id']))).toEqual(new Set([row.id]));
    for (const r of receiver.seen) expect(new Webhook(SECRET).verify(r.rawBody, r.headers as Record<string, string>)).toMatchObject({ kind: 'deadline_near' });
  });

  it('lets the receiver refuse a replayed call: too old after five minutes, a fresh timestamp breaks the signature, a repeat id is caught', async () => {
    const [call] = receiver.accepted;
    const replay = (headers: Record<string, string>) =>
      fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: call.rawBody });
    const captured = {
      'webhook-id': String(call.headers['webhook-id']),
      'webhook-timestamp': String(call.headers['webhook-timestamp']),
      'webhook-signature': String(call.headers['webhook-signature']),
    };

    receiver.clockAheadMs = 6 * 60_000; // the same bytes sent six minutes later
    const late = await replay(captured);
    receiver.clockAheadMs = 0;
    expect([late.status, await late.text()]).toEqual([401, 'Message timestamp too old']);

    // a fresher timestamp than the one signed (still within the window), to pass the age check
    const retimed = await replay({ ...captured, 'webhook-timestamp': String(Number(captured['webhook-timestamp']) + 30) });
    expect([retimed.status, await retimed.text()]).toEqual([401, 'No matching signature found']);

    const again = await replay(captured);
    expect([again.status, await again.text()]).toEqual([409, 'duplicate webhook-id']);
    expect(receiver.accepted).toHaveLength(1);
  });
});

describe('webhooks do not follow redirects', () => {
  let env: TestEnv;
  let target: RecordingReceiver;
  let redirector: RedirectingReceiver;

  beforeAll(async () => {
    target = await new RecordingReceiver().start();
    redirector = await new RedirectingReceiver(target.url).start();
    env = await startTestApp({ NOTIFY_WEBHOOK_URL: redirector.url, NOTIFY_WEBHOOK_SECRET: SECRET, REMINDER_CRON: '0 7 1 1 *', ...FAST_RETRIES });
    await oneDueNotice(env);
    await env.startWorker();
  });
  afterAll(async () => {
    await env?.close();
    await redirector?.close();
    await target?.close();
  });

  it('counts a 307 as a failed try, kept as failed after the last one with the redirect named; the target never sees a request', async () => {
    await waitUntil('the delivery to be given up', async () => (await webhookRows(env))[0]?.status === 'failed', 20_000);
    const [row] = await webhookRows(env);
    expect(row).toMatchObject({ status: 'failed', attempts: 5 });
    expect(row.last_error).toBe(`webhook answered 307 redirecting to ${target.url}: redirects are not followed, set NOTIFY_WEBHOOK_URL to the final address`);
    expect(redirector.requests).toBe(5);
    await new Promise((r) => setTimeout(r, 200));
    expect(target.requests).toEqual([]);
  });
});
