import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signWebhook, webhookSigner } from './webhook-signature';

describe('webhook signature (Standard Webhooks)', () => {
  const body = JSON.stringify({ title: 'Nhiệm vụ 2 quá hạn 8 ngày' });
  const id = '5b0c5c44-0d7f-4a57-9a43-4a1e9a0f0c11';
  const at = new Date('2024-06-15T01:00:00.750Z');
  const seconds = String(Math.floor(at.getTime() / 1000));

  it('is v1, and the base64 HMAC-SHA256 of "id.timestamp.body" under the key a whsec_ secret decodes to', () => {
    const key = randomBytes(32);
    const headers = signWebhook(webhookSigner(`whsec_${key.toString('base64')}`), id, body, at);
    const hmac = createHmac('sha256', key).update(`${id}.${seconds}.${body}`, 'utf8').digest('base64');
    expect(headers).toEqual({ 'webhook-id': id, 'webhook-timestamp': seconds, 'webhook-signature': `v1,${hmac}` });
  });

  it('takes a secret without the whsec_ prefix as its own UTF-8 bytes', () => {
    const headers = signWebhook(webhookSigner('bí-mật của tỉnh'), id, body, at);
    const hmac = createHmac('sha256', Buffer.from('bí-mật của tỉnh', 'utf8')).update(`${id}.${seconds}.${body}`, 'utf8').digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${hmac}`);
  });

  it('verifies on the receiver with standardwebhooks, only for the same bytes, id and secret', () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const now = new Date();
    const headers = signWebhook(webhookSigner(secret), id, body, now);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body + ' ', { ...headers })).toThrow('No matching signature found');
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'another' })).toThrow('No matching signature found');
    expect(() => new Webhook(`whsec_${randomBytes(24).toString('base64')}`).verify(body, { ...headers })).toThrow('No matching signature found');
    const raw = signWebhook(webhookSigner('raw-secret-of-the-province'), id, body, now);
    expect(new Webhook(Buffer.from('raw-secret-of-the-province'), { format: 'raw' }).verify(body, { ...raw })).toEqual(JSON.parse(body));
  });

  it('is refused by the receiver when its timestamp is more than five minutes old (a replay)', () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const old = signWebhook(webhookSigner(secret), id, body, new Date(Date.now() - 6 * 60_000));
    expect(() => new Webhook(secret).verify(body, { ...old })).toThrow('Message timestamp too old');
  });
});
