import { createHmac, timingSafeEqual } from 'node:crypto';

/** The X-Signature header of a webhook call: `sha256=` and the hex HMAC-SHA256 of the raw body. */
export function signWebhookBody(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** What a receiver does: recompute over the bytes it received and compare in constant time. */
export function verifyWebhookSignature(rawBody: string | Buffer, secret: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(rawBody, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
