import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig, CONFIG } from '@app/config';

/** What an e-mail delivery keeps in its payload: the message as rendered on its morning. */
export interface EmailPayload {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
}

/** Sends through SMTP_URL; one connection per message, with timeouts so a dead server fails the try instead of hanging it. */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private transport?: Transporter;

  constructor(@Inject(CONFIG) private readonly config: AppConfig) {}

  /**
   * Sends one delivery's message. Its Message-ID is made from the delivery's id: a worker killed
   * after the server took the message and before the delivery was marked sent sends it again on
   * the retry, with the same Message-ID, so mail systems and readers see one message.
   */
  async send(message: EmailPayload, deliveryId: string): Promise<string> {
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not set: e-mail is off');
    this.transport ??= createTransport({
      url: this.config.smtpUrl,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    } as Parameters<typeof createTransport>[0]);
    const info = await this.transport.sendMail({ from: this.config.mailFrom, ...message, messageId: `<${deliveryId}@steering-tracker>` });
    return String(info.messageId ?? '');
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
