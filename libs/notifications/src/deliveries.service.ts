import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, conflict, notFound, Page, PageQuery } from '@app/common';
import { DeliveryJobs } from './delivery.jobs';
import { EmailPayload, MailSender } from './mail.sender';
import { Delivery } from './notification.entity';
import { WebhookSender } from './webhook.sender';

export type DeliveryStatus = Delivery['status'];
export type DeliveryChannel = Delivery['channel'];
export type DeliveryOutcome = 'sent' | 'already_sent' | 'not_pending' | 'missing';

export interface DeliveryView {
  id: string;
  channel: DeliveryChannel;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  userId: string | null;
  userEmail: string | null;
  notificationId: string | null;
  dedupKey: string;
  /** The e-mail's subject or the notice's title. */
  summary: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

// deliveries not touched for this long are looked at by the sweep (a producer queues its own first)
const SWEEP_AFTER = '2 seconds';
const SWEEP_BATCH = 500;
const MAX_ERROR_LENGTH = 2000;

/**
 * Makes the e-mails and webhook calls recorded in `deliveries`, each at most once in
 * practice: the row is locked and checked before sending and marked sent in the same
 * transaction, so a repeated job, a second worker or a job picked up again after a crash
 * finds it sent and does nothing. What remains is the instant between the server accepting
 * the message and the commit: a crash exactly there sends that one message again.
 */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: DeliveryJobs,
    private readonly mail: MailSender,
    private readonly webhook: WebhookSender,
    private readonly clock: Clock,
  ) {}

  /** One try; throws when it failed so the job is retried. `final`: no retry follows, keep it as failed. */
  async deliver(deliveryId: string, attempt: { final: boolean }): Promise<DeliveryOutcome> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const [row]: { channel: DeliveryChannel; status: DeliveryStatus; payload: Record<string, unknown> }[] = await m.query(
          `SELECT channel, status, payload FROM deliveries WHERE id = $1 FOR UPDATE`,
          [deliveryId],
        );
        // gone with its user; or already handled: a repeat of the job does nothing
        if (!row) return 'missing';
        if (row.status === 'sent') return 'already_sent';
        if (row.status !== 'pending') return 'not_pending';
        if (row.channel === 'email') await this.mail.send(row.payload as unknown as EmailPayload);
        else await this.webhook.send(deliveryId, row.payload);
        await m.query(`UPDATE deliveries SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1`, [
          deliveryId,
          this.clock.now(),
        ]);
        return 'sent';
      });
    } catch (error) {
      await this.recordFailure(deliveryId, error, attempt.final).catch(() => undefined);
      throw error;
    }
  }

  private async recordFailure(deliveryId: string, error: unknown, final: boolean): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    await this.dataSource.query(
      `UPDATE deliveries SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END
        WHERE id = $1 AND status = 'pending'`,
      [deliveryId, message, final],
    );
  }

  async list(query: PageQuery & { status?: DeliveryStatus; channel?: DeliveryChannel }): Promise<Page<DeliveryView>> {
    const filter = [query.status ?? null, query.channel ?? null];
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT d.id, d.channel, d.status, d.attempts, d.last_error AS "lastError", d.user_id AS "userId", u.email AS "userEmail",
                d.notification_id AS "notificationId", d.dedup_key AS "dedupKey",
                COALESCE(d.payload->>'subject', d.payload->>'title') AS summary, d.created_at AS "createdAt", d.sent_at AS "sentAt"
           FROM deliveries d LEFT JOIN users u ON u.id = d.user_id
          WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.channel = $2)
          ORDER BY d.created_at DESC, d.id DESC LIMIT $3 OFFSET $4`,
        [...filter, query.limit, (query.page - 1) * query.limit],
      ),
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM deliveries d WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.channel = $2)`,
        filter,
      ),
    ]);
    return { items, total, page: query.page, limit: query.limit };
  }

  /** An admin tries a delivery again (fresh attempts); one already sent is never sent again. */
  async retry(deliveryId: string): Promise<{ id: string; status: 'pending'; jobId: string }> {
    const [[row]] = await this.dataSource.query(
      `UPDATE deliveries SET status = 'pending' WHERE id = $1 AND status <> 'sent' RETURNING id`,
      [deliveryId],
    );
    if (!row) {
      const [found] = await this.dataSource.query(`SELECT status FROM deliveries WHERE id = $1`, [deliveryId]);
      if (!found) throw notFound('delivery', deliveryId);
      throw conflict(`delivery ${deliveryId} was already sent; a delivery is never sent twice`);
    }
    if (!(await this.jobs.isLive(deliveryId))) await this.jobs.replace(deliveryId);
    return { id: deliveryId, status: 'pending', jobId: deliveryId };
  }

  /**
   * Queues pending deliveries that have no live job: those written by the API with their
   * notice (an outbox, queued here), and any whose job was lost. Returns how many were queued.
   */
  async requeueStale(): Promise<number> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM deliveries WHERE status = 'pending' AND created_at < now() - interval '${SWEEP_AFTER}' ORDER BY created_at LIMIT $1`,
      [SWEEP_BATCH],
    );
    let queued = 0;
    for (const { id } of rows) {
      if (await this.jobs.isLive(id)) continue;
      // its job may have just finished and sent it: look again before queueing it anew
      const [row] = await this.dataSource.query(`SELECT status FROM deliveries WHERE id = $1`, [id]);
      if (row?.status !== 'pending') continue;
      await this.jobs.replace(id);
      queued++;
    }
    return queued;
  }
}
