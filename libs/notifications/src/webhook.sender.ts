import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, CONFIG } from '@app/config';
import { signWebhookBody } from './webhook-signature';

const TIMEOUT_MS = 15_000;

/** POSTs one notification as JSON to NOTIFY_WEBHOOK_URL, signed; anything but a 2xx is a failed try. */
@Injectable()
export class WebhookSender {
  constructor(@Inject(CONFIG) private readonly config: AppConfig) {}

  async send(deliveryId: string, payload: Record<string, unknown>): Promise<void> {
    const { webhookUrl, webhookSecret } = this.config;
    if (!webhookUrl || !webhookSecret) throw new Error('NOTIFY_WEBHOOK_URL is not set: webhooks are off');
    const body = JSON.stringify(payload);
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-signature': signWebhookBody(body, webhookSecret),
        // the same id on every try of one delivery, so a receiver can drop a repeat
        'x-delivery-id': deliveryId,
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // the body is not needed; reading it frees the connection
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`webhook answered ${response.status} ${response.statusText}`.trim());
  }
}
