import { Inject, Injectable, Logger } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { AppConfig, CONFIG } from '@app/config';
import { signWebhook, webhookSigner } from './webhook-signature';

const TIMEOUT_MS = 15_000;

/**
 * POSTs one notification as JSON to NOTIFY_WEBHOOK_URL, signed as Standard Webhooks does.
 * Anything but a 2xx is a failed try, retried by the delivery job. Redirects are not followed:
 * a 3xx is a failed try naming where it pointed, so a call never lands, signed, on an address
 * nobody configured.
 */
@Injectable()
export class WebhookSender {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly signer?: Webhook;

  constructor(@Inject(CONFIG) private readonly config: AppConfig) {
    if (config.webhookSecret) this.signer = webhookSigner(config.webhookSecret);
  }

  async send(deliveryId: string, payload: Record<string, unknown>): Promise<void> {
    const { webhookUrl } = this.config;
    if (!webhookUrl || !this.signer) throw new Error('NOTIFY_WEBHOOK_URL is not set: webhooks are off');
    const body = JSON.stringify(payload);
    // the wall clock, not the app's Clock: the receiver judges the timestamp against its own clock
    const headers = signWebhook(this.signer, deliveryId, body, new Date());
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // the body is not needed; reading it frees the connection
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 300 && response.status < 400) {
      const message = `webhook answered ${response.status} redirecting to ${response.headers.get('location') ?? '(no location)'}: redirects are not followed, set NOTIFY_WEBHOOK_URL to the final address`;
      this.logger.warn(`delivery ${deliveryId}: ${message}`);
      throw new Error(message);
    }
    if (!response.ok) throw new Error(`webhook answered ${response.status} ${response.statusText}`.trim());
  }
}
