// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it times webhook retries and their backoff.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createDepartment, createPlan, createTask } from './support/builders';
import { waitUntil } from './support/wait';
import { FAST_RETRIES, signIn, startTestApp, TestEnv } from './support/test-app';
import { VerifyingWebhookReceiver } from './support/webhook-receivers';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const HOUR = 3_600_000;

/**
 * The webhook side of deliveries made good (test/delivery-retries.e2e-spec.ts is the e-mail
 * side): an endpoint that fails past a call's job attempts gets the call again from the
 * worker's sweep, with the same webhook-id, until it accepts it once; nothing is sent after.
 * A real receiver that verifies Standard Webhooks signatures and counts every request it sees;
 * job attempts shortened (5 tries, 100 ms doubling) and the clock moved instead of waiting.
 */
describe('webhook calls made good: a failing endpoint is tried again by the sweep until it accepts each call once', () => {
  let env: TestEnv;
  let receiver: VerifyingWebhookReceiver;
  let sec: Awaited<ReturnType<typeof signIn>>;

  const calls = () =>
    env.db.query(`SELECT id, notification_id, status, attempts, first_failed_at, next_retry_at FROM deliveries WHERE channel = 'webhook' ORDER BY id`);

  beforeAll(async () => {
    receiver = await new VerifyingWebhookReceiver(new Webhook(SECRET)).start();
    env = await startTestApp({ NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET, REMINDER_CRON: '0 7 1 1 *', ...FAST_RETRIES });
    const admin = await signIn(env, 'admin');
    sec = await signIn(env, 'secretariat');
    const dept = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    // two focal points, one task due tomorrow: two notices, a webhook call each
    await signIn(env, 'focal_point', dept);
    await signIn(env, 'focal_point', dept);
    const planId = await createPlan(env, sec.auth);
    await createTask(env, sec.auth, { planId, code: '1', title: 'Xây dựng Kho dữ liệu dùng chung', leadDepartmentId: dept, dueDate: '2024-06-16' });
    await env.startWorker();
  });

  afterAll(async () => {
    await env?.close();
    await receiver?.close();
  });

  it('keeps calls the endpoint refuses for an hour as failed, tries each again with the same webhook-id, and once accepted never sends it again', async () => {
    const start = Date.parse('2024-06-15T00:30:00Z');
    receiver.failNext = Number.POSITIVE_INFINITY;
    env.clock.set(new Date(start));
    await env.http().post('/api/v1/reminders/run').set(sec.auth).send({ asOf: '2024-06-15' }).expect(202);
    await waitUntil('the webhook calls to be written', async () => (await calls()).length === 2, 20_000);
    await waitUntil('every call to be given up by its job', async () => (await calls()).every((d: any) => d.status === 'failed'), 20_000);
    const failed = await calls();
    for (const d of failed) {
      expect(d).toMatchObject({ attempts: 5, first_failed_at: new Date(start), next_retry_at: new Date(start + 1_600) });
    }
    expect(receiver.seen.map((s) => s.status)).toEqual(Array(10).fill(503));

    // half an hour on, still failing: one more try each, the next one after as long again
    env.clock.set(new Date(start + HOUR / 2));
    await waitUntil('one more try of each call', () => receiver.seen.length === 12, 20_000);
    await waitUntil('the tries to be recorded', async () => (await calls()).every((d: any) => d.status === 'failed' && d.attempts === 6));
    for (const d of await calls()) expect(d.next_retry_at).toEqual(new Date(start + HOUR));

    // the endpoint is back; at 08:30 the sweep tries again and each call is accepted once
    receiver.failNext = 0;
    env.clock.set(new Date(start + HOUR));
    await waitUntil('every call to be accepted', async () => (await calls()).every((d: any) => d.status === 'sent'), 20_000);
    expect(receiver.accepted).toHaveLength(2);
    expect(receiver.accepted.map((c) => c.headers['webhook-id']).sort()).toEqual(failed.map((d: any) => d.id).sort());
    expect(receiver.accepted.map((c) => c.json.id).sort()).toEqual(failed.map((d: any) => d.notification_id).sort());
    // every try of one call carried its delivery's id
    expect(new Set(receiver.seen.map((s) => s.headers['webhook-id']))).toEqual(new Set(failed.map((d: any) => d.id)));

    // hours later, the sweep and a second run of the morning send nothing: not even a refused repeat
    const seen = receiver.seen.length;
    env.clock.set(new Date(start + 4 * HOUR));
    await env.http().post('/api/v1/reminders/run').set(sec.auth).send({ asOf: '2024-06-15' }).expect(202);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(receiver.seen).toHaveLength(seen);
    expect(await calls()).toHaveLength(2);
  });
});
