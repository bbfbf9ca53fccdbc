// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it times deliveries to its own SMTP and webhook servers.
import { Webhook } from 'standardwebhooks';
import { RemindersService } from '@app/reminders';
import { createDepartment, createPlan, createTask } from './support/builders';
import { SmtpTestServer, WebhookTestServer } from './support/smtp-test-servers';
import { waitUntil } from './support/wait';
import { FAST_RETRIES, signIn, startTestApp, TEST_PASSWORD, TestEnv } from './support/test-app';

type Who = Awaited<ReturnType<typeof signIn>>;
/** A secret without the whsec_ prefix: its own UTF-8 bytes are the key. */
const SECRET = 'webhook-secret-for-tests';
/** How a receiver verifies calls signed with such a secret (Standard Webhooks, raw key). */
const verify = (secret: string, call: { rawBody: string; headers: Record<string, unknown> }) =>
  new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' }).verify(call.rawBody, call.headers as Record<string, string>);

/**
 * E-mail and webhook deliveries through a real worker: retries with backoff, kept as
 * failed after the last attempt, visible to admins and retryable, signed webhook calls,
 * and the queue dashboard behind admin sign-in.
 */
describe('deliveries: e-mail and webhook, retried, failed, retried by hand', () => {
  let env: TestEnv;
  let smtp: SmtpTestServer;
  let hook: WebhookTestServer;
  let admin: Who, sec: Who, fp: Who;
  let fpEmail: string, adminEmail: string, secEmail: string;
  let taskId: string;

  const emailRows = () => env.db.query(`SELECT id, status, attempts, last_error, dedup_key FROM deliveries WHERE channel = 'email' ORDER BY created_at`);

  beforeAll(async () => {
    smtp = await new SmtpTestServer().start();
    hook = await new WebhookTestServer().start();
    env = await startTestApp({
      ...FAST_RETRIES,
      SMTP_URL: smtp.url,
      NOTIFY_WEBHOOK_URL: hook.url,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      REMINDER_CRON: '0 7 1 1 *',
    });
    admin = await signIn(env, 'admin');
    const dept = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    sec = await signIn(env, 'secretariat');
    fp = await signIn(env, 'focal_point', dept);
    const email = async (u: Who) => (await env.db.query(`SELECT email FROM users WHERE id = $1`, [u.id]))[0].email;
    [fpEmail, adminEmail, secEmail] = [await email(fp), await email(admin), await email(sec)];
    const planId = await createPlan(env, sec.auth, { number: '36/QĐ-UBND' });
    taskId = (await createTask(env, sec.auth, { planId, code: '5', title: 'Xây dựng Kho dữ liệu dùng chung', leadDepartmentId: dept, dueDate: '2024-06-18' })).id;
    await env.startWorker();
  });

  afterAll(async () => {
    await env?.close();
    await smtp?.close();
    await hook?.close();
  });

  it('retries an e-mail the server refuses three times, then delivers it once', async () => {
    smtp.refuseNext = 3;
    hook.failNext = 2;
    const run = await env.app.get(RemindersService).run('2024-06-15');
    expect(run).toMatchObject({ tasksDue: 1, notificationsAdded: 1, emailsAdded: 1, deliveriesQueued: 2 });
    await waitUntil('the e-mail to be accepted', () => smtp.messages.length === 1);
    await waitUntil('the row to say sent', async () => (await emailRows())[0].status === 'sent');
    expect(smtp.dataAttempts).toBe(4);
    expect(smtp.messages[0]).toMatchObject({ to: [fpEmail], subject: '[Ban Chỉ đạo] 1 nhiệm vụ cần chú ý ngày 15/06/2024' });
    expect(await emailRows()).toEqual([expect.objectContaining({ status: 'sent', attempts: 4, last_error: null, dedup_key: `email:${fp.id}:2024-06-15` })]);
    // a re-send after a crash between the send and its record carries the same Message-ID: one message to every reader
    expect(smtp.messages[0].messageId).toBe(`<${(await emailRows())[0].id}@steering-tracker>`);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages).toHaveLength(1);
  });

  it('posts each notification to the webhook once, signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), after retries', async () => {
    await waitUntil('the reminder to reach the webhook', () => hook.calls.length === 1);
    expect(hook.attempts).toBe(3);
    const [call] = hook.calls;
    expect(call.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(call.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verify(SECRET, call)).toEqual(call.json);
    expect(() => verify('another-secret', call)).toThrow('No matching signature found');
    const [notice] = await env.db.query(`SELECT id, title, body FROM notifications WHERE user_id = $1`, [fp.id]);
    expect(call.json).toMatchObject({
      event: 'notification', id: notice.id, userId: fp.id, userEmail: fpEmail, kind: 'deadline_near', taskId,
      title: 'Nhiệm vụ 5 còn 3 ngày đến hạn', body: notice.body, data: { rule: 'due_in_3', dueDate: '2024-06-18', asOf: '2024-06-15' },
    });
    expect(call.headers['webhook-id']).toEqual((await env.db.query(`SELECT id FROM deliveries WHERE notification_id = $1`, [notice.id]))[0].id);
    // the worker records the send after the webhook's answer
    const deliveryRow = async () => (await env.db.query(`SELECT status, attempts, last_error FROM deliveries WHERE notification_id = $1`, [notice.id]))[0];
    await waitUntil('the webhook call to be recorded as sent', async () => (await deliveryRow()).status === 'sent');
    expect(await deliveryRow()).toEqual({ status: 'sent', attempts: 3, last_error: null });

    // a notice written by the API in its own transaction goes out too, queued by the worker's sweep
    await env.http().post(`/api/v1/tasks/${taskId}/extension-requests`).set(fp.auth).send({ proposedDueDate: '2024-06-30', reason: 'Chờ số liệu' }).expect(201);
    await waitUntil('the extension request to reach the webhook', () => hook.calls.length === 2, 15_000);
    expect(hook.calls[1].json).toMatchObject({ kind: 'extension_requested', userId: sec.id, taskId, title: 'Đề nghị gia hạn nhiệm vụ 5' });
    expect(verify(SECRET, hook.calls[1])).toMatchObject({ kind: 'extension_requested' });
    // it is not e-mailed: e-mail carries only the morning's digest
    expect(smtp.messages).toHaveLength(1);
  });

  it('keeps an e-mail the server always refuses as failed with its last error; admins see it and retry it', async () => {
    smtp.refuseAll = true;
    env.clock.set('2024-06-17T00:30:00Z');
    await env.app.get(RemindersService).run('2024-06-17');
    await waitUntil('the e-mail to be given up', async () => (await emailRows())[1]?.status === 'failed', 15_000);
    const failed = (await emailRows())[1];
    expect(failed).toMatchObject({ status: 'failed', attempts: 5, dedup_key: `email:${fp.id}:2024-06-17` });
    expect(failed.last_error).toContain('550 Mailbox unavailable');
    expect(smtp.dataAttempts).toBe(4 + 5);

    await env.http().get('/api/v1/admin/deliveries?status=failed').set(sec.auth).expect(403);
    const list = await env.http().get('/api/v1/admin/deliveries?status=failed').set(admin.auth).expect(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, limit: 50 });
    expect(list.body.items[0]).toMatchObject({
      id: failed.id, channel: 'email', status: 'failed', attempts: 5, userId: fp.id, userEmail: fpEmail,
      summary: '[Ban Chỉ đạo] 1 nhiệm vụ cần chú ý ngày 17/06/2024', sentAt: null,
    });
    expect(list.body.items[0].lastError).toContain('550');
    const all = await env.http().get('/api/v1/admin/deliveries?channel=email').set(admin.auth).expect(200);
    expect(all.body.items.map((d: any) => d.status)).toEqual(['failed', 'sent']);
    await env.http().get('/api/v1/admin/deliveries?status=lost').set(admin.auth).expect(400);

    smtp.refuseAll = false;
    const retry = await env.http().post(`/api/v1/admin/deliveries/${failed.id}/retry`).set(admin.auth).expect(202);
    expect(retry.body).toEqual({ id: failed.id, status: 'pending', jobId: failed.id });
    await waitUntil('the retried e-mail to be sent', async () => (await emailRows())[1].status === 'sent');
    expect(smtp.to(fpEmail).map((m) => m.subject)).toEqual([
      '[Ban Chỉ đạo] 1 nhiệm vụ cần chú ý ngày 15/06/2024',
      '[Ban Chỉ đạo] 1 nhiệm vụ cần chú ý ngày 17/06/2024',
    ]);
    expect((await emailRows())[1]).toMatchObject({ attempts: 6, last_error: null });
    const again = await env.http().post(`/api/v1/admin/deliveries/${failed.id}/retry`).set(admin.auth).expect(409);
    expect(again.body.message).toBe(`delivery ${failed.id} was already sent; a delivery is never sent twice`);
    await env.http().post('/api/v1/admin/deliveries/00000000-0000-4000-8000-000000000000/retry').set(admin.auth).expect(404);
    await env.http().post('/api/v1/admin/deliveries/nope/retry').set(admin.auth).expect(400);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to(fpEmail)).toHaveLength(2);
  });

  it('shows the queues at /admin/queues to admins only, by bearer token or by signing in with a browser', async () => {
    const json = await env.http().get('/admin/queues/api/queues').set('Accept', 'application/json').expect(401);
    expect(json.body).toMatchObject({ statusCode: 401, message: 'sign in as an admin first: a valid bearer token is required' });
    await env.http().get('/admin/queues/api/queues').set(sec.auth).expect(403);
    await env.http().get('/admin/queues/').set('Authorization', 'Bearer not-a-token').expect(401);
    const api = await env.http().get('/admin/queues/api/queues').set(admin.auth).expect(200);
    expect(api.body.queues.map((q: any) => q.name).sort()).toEqual(['deliveries', 'reminders', 'reports', 'summaries']);

    // a browser is sent to the sign-in page, and signs in with the API's e-mail and password
    const page = await env.http().get('/admin/queues/').set('Accept', 'text/html').expect(303);
    expect(page.headers.location).toBe('/admin/queues/login');
    const form = await env.http().get('/admin/queues/login').expect(200);
    expect(form.text).toContain('<form method="post" action="/admin/queues/login">');
    const notAdmin = await env.http().post('/admin/queues/login').type('form').send({ email: secEmail, password: TEST_PASSWORD }).expect(403);
    expect(notAdmin.text).toContain('Chỉ quản trị viên được xem hàng đợi.');
    await env.http().post('/admin/queues/login').type('form').send({ email: adminEmail, password: 'wrong-password' }).expect(401);
    const signedIn = await env.http().post('/admin/queues/login').type('form').send({ email: adminEmail, password: TEST_PASSWORD }).expect(303);
    const cookie = signedIn.headers['set-cookie'][0];
    expect(cookie).toMatch(/^steering_queues=[\w-]+\.[\w-]+\.[\w-]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const board = await env.http().get('/admin/queues/').set('Cookie', cookie.split(';')[0]).set('Accept', 'text/html').expect(200);
    expect(board.text).toContain('<base href="/admin/queues/" />');
    const script = board.text.match(/src="(static\/js\/main\.[\w.]+\.js)"/)![1];
    await env.http().get(`/admin/queues/${script}`).set('Cookie', cookie.split(';')[0]).expect(200).expect('content-type', /javascript/);
    const counts = await env.http().get('/admin/queues/api/queues?activeQueue=deliveries').set('Cookie', cookie.split(';')[0]).expect(200);
    const deliveries = counts.body.queues.find((q: any) => q.name === 'deliveries');
    expect(deliveries.counts.completed).toBeGreaterThanOrEqual(3);
  });
});
