import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

describe('webhook signature', () => {
  const body = JSON.stringify({ title: 'Nhiệm vụ 2 quá hạn 8 ngày' });

  it('is sha256= and the hex HMAC of the raw UTF-8 body under the secret', () => {
    const hex = createHmac('sha256', 'bí-mật').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(signWebhookBody(body, 'bí-mật')).toBe(`sha256=${hex}`);
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies the same bytes only, under the same secret', () => {
    const header = signWebhookBody(body, 's3cret');
    expect(verifyWebhookSignature(body, 's3cret', header)).toBe(true);
    expect(verifyWebhookSignature(body + ' ', 's3cret', header)).toBe(false);
    expect(verifyWebhookSignature(body, 'other', header)).toBe(false);
    expect(verifyWebhookSignature(body, 's3cret', undefined)).toBe(false);
    expect(verifyWebhookSignature(body, 's3cret', 'sha256=00')).toBe(false);
  });
});
