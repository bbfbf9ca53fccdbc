import { Webhook } from 'standardwebhooks';

const SECRET_PREFIX = 'whsec_';

/** The three headers of a Standard Webhooks call (https://www.standardwebhooks.com). */
export interface WebhookSignatureHeaders {
  /** The delivery's id: the same on every try of one delivery, so a receiver can drop a repeat. */
  'webhook-id': string;
  /** Seconds since the epoch when this try was signed; receivers refuse one too old (a replay). */
  'webhook-timestamp': string;
  /** `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the secret's key. */
  'webhook-signature': string;
}

/**
 * The signer for NOTIFY_WEBHOOK_SECRET. A secret written `whsec_<base64>` (as Standard Webhooks
 * hands them out) is the key those bytes decode to, exactly as `new Webhook(secret)` reads it on
 * the receiver's side; any other secret is its own UTF-8 bytes, which a receiver verifies with
 * `new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' })`.
 */
export function webhookSigner(secret: string): Webhook {
  return secret.startsWith(SECRET_PREFIX) ? new Webhook(secret) : new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' });
}

/** Signs one try of a delivery at `at` (whole seconds, as the headers carry them). */
export function signWebhook(signer: Webhook, id: string, body: string, at: Date): WebhookSignatureHeaders {
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signer.sign(id, new Date(seconds * 1000), body),
  };
}
