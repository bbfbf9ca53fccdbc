import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, conflict, notFound, Page, PageQuery } from '@app/common';
import { DELIVERY_SETTINGS, DeliverySettings } from '@app/config';
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
  /** When its first try failed (the retry horizon counts from there). */
  firstFailedAt: Date | null;
  /** When the sweep tries a failed delivery next; null once it is given up. */
  nextRetryAt: Date | null;
}

/** Which deliveries an admin lists or retries at once. `day`: the morning of a digest, else the day it was made (TZ_BUSINESS). */
export interface DeliveryFilter {
  status?: DeliveryStatus;
  channel?: DeliveryChannel;
  day?: string;
}

// deliveries not touched for this long are looked at by the sweep (a producer queues its own first)
const SWEEP_AFTER = '2 seconds';
const SWEEP_BATCH = 500;
const MAX_ERROR_LENGTH = 2000;
const RETRY_CHUNK = 500;
// rows per INSERT statement: big enough to be few statements, small enough to stay light
const INSERT_CHUNK = 5_000;
// the day a delivery belongs to: an e-mail digest's morning is in its key (email:<user>:<day>)
const DAY_OF_DELIVERY = `COALESCE(substring(d.dedup_key FROM '^email:[^:]+:(\\d{4}-\\d{2}-\\d{2})$')::date, (d.created_at AT TIME ZONE $1)::date)`;

/** An e-mail to add, once per dedup key (the morning's `email:<user>:<day>`). */
export interface EmailDeliveryRow {
  userId: string;
  dedupKey: string;
  payload: EmailPayload;
}

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
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
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
        if (row.channel === 'email') await this.mail.send(row.payload as unknown as EmailPayload, deliveryId);
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

  /**
   * Counts a failed try. The last try of a job keeps the delivery as failed and sets when the
   * sweep tries it next: after waiting as long as it has been failing (at least the job's next
   * backoff, at most DELIVERY_RETRY_MAX_DELAY_MS), unless that falls past its horizon.
   */
  private async recordFailure(deliveryId: string, error: unknown, final: boolean): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    const { backoffMs, attempts, retryMaxDelayMs, retryHorizonHours } = this.settings;
    const minDelayMs = Math.min(backoffMs * 2 ** (attempts - 1), retryMaxDelayMs);
    await this.dataSource.query(
      `WITH d AS (
         SELECT id, COALESCE(first_failed_at, $4::timestamptz) AS first_failed
           FROM deliveries WHERE id = $1 AND status = 'pending'
       ), next AS (
         SELECT id, first_failed,
                $4::timestamptz + LEAST(GREATEST($4::timestamptz - first_failed, $5 * interval '1 millisecond'), $6 * interval '1 millisecond') AS at
           FROM d
       )
       UPDATE deliveries SET attempts = attempts + 1, last_error = $2, first_failed_at = next.first_failed,
              status = CASE WHEN $3 THEN 'failed' ELSE status END,
              next_retry_at = CASE WHEN $3 AND next.at <= next.first_failed + $7 * interval '1 hour' THEN next.at END
         FROM next WHERE deliveries.id = next.id`,
      [deliveryId, message, final, this.clock.now(), minDelayMs, retryMaxDelayMs, retryHorizonHours],
    );
  }

  /**
   * Adds e-mails, a key already taken adding nothing, in key order so that two runs adding the
   * same keys at once wait for each other instead of deadlocking. Returns how many were added,
   * and the ids of those of these keys still pending (added now, or by an earlier try that never
   * got them queued): the caller queues them.
   */
  async addEmails(rows: EmailDeliveryRow[]): Promise<{ added: number; pending: string[] }> {
    let added = 0;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO deliveries (channel, user_id, dedup_key, payload)
         SELECT 'email', "userId", "dedupKey", payload FROM jsonb_to_recordset($1::jsonb) AS x("userId" uuid, "dedupKey" text, payload jsonb)
          ORDER BY "dedupKey"
         ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
        [JSON.stringify(rows.slice(i, i + INSERT_CHUNK))],
      );
      added += inserted.length;
    }
    const pending: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM deliveries WHERE dedup_key = ANY($1::text[]) AND status = 'pending'`,
      [rows.map((r) => r.dedupKey)],
    );
    return { added, pending: pending.map((p) => p.id) };
  }

  /**
   * The sweep's retry: failed deliveries whose next try is due and whose horizon has not
   * passed go back to pending, each queued for one try. Returns how many were queued. A
   * delivery that goes pending but whose job cannot be added (Redis down) is queued by
   * requeueStale later; one already sent is never touched.
   */
  async retryDue(): Promise<number> {
    const now = this.clock.now();
    const rows: { id: string }[] = (
      await this.dataSource.query(
        `UPDATE deliveries SET status = 'pending', next_retry_at = NULL
          WHERE id IN (SELECT id FROM deliveries
                        WHERE status = 'failed' AND next_retry_at <= $1 AND first_failed_at + $2 * interval '1 hour' >= $1
                        ORDER BY next_retry_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING id`,
        [now, this.settings.retryHorizonHours, RETRY_CHUNK],
      )
    )[0];
    for (const { id } of rows) await this.jobs.replace(id, { singleTry: true });
    return rows.length;
  }

  async list(query: PageQuery & DeliveryFilter): Promise<Page<DeliveryView>> {
    const where = `($2::text IS NULL OR d.status = $2) AND ($3::text IS NULL OR d.channel = $3) AND ($4::date IS NULL OR ${DAY_OF_DELIVERY} = $4)`;
    const filter = [this.clock.zone, query.status ?? null, query.channel ?? null, query.day ?? null];
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT d.id, d.channel, d.status, d.attempts, d.last_error AS "lastError", d.user_id AS "userId", u.email AS "userEmail",
                d.notification_id AS "notificationId", d.dedup_key AS "dedupKey",
                COALESCE(d.payload->>'subject', d.payload->>'title') AS summary, d.created_at AS "createdAt", d.sent_at AS "sentAt",
                d.first_failed_at AS "firstFailedAt", d.next_retry_at AS "nextRetryAt"
           FROM deliveries d LEFT JOIN users u ON u.id = d.user_id
          WHERE ${where}
          ORDER BY d.created_at DESC, d.id DESC LIMIT $5 OFFSET $6`,
        [...filter, query.limit, (query.page - 1) * query.limit],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM deliveries d WHERE ${where}`, filter),
    ]);
    return { items, total, page: query.page, limit: query.limit };
  }

  /** An admin tries a delivery again (fresh attempts); one already sent is never sent again. */
  async retry(deliveryId: string): Promise<{ id: string; status: 'pending'; jobId: string }> {
    const [[row]] = await this.dataSource.query(
      `UPDATE deliveries SET status = 'pending', first_failed_at = NULL, next_retry_at = NULL WHERE id = $1 AND status <> 'sent' RETURNING id`,
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
   * An admin retries every failed delivery the filter selects (e.g. one morning's e-mails
   * after an SMTP outage), each with fresh attempts and a fresh horizon, past its horizon
   * too. Only failed ones: a sent delivery is never sent again. Returns how many were queued.
   */
  async retryFailed(filter: Omit<DeliveryFilter, 'status'>): Promise<{ queued: number }> {
    const [rows]: [{ id: string }[]] = await this.dataSource.query(
      `UPDATE deliveries d SET status = 'pending', first_failed_at = NULL, next_retry_at = NULL
        WHERE d.status = 'failed' AND ($2::text IS NULL OR d.channel = $2) AND ($3::date IS NULL OR ${DAY_OF_DELIVERY} = $3)
        RETURNING d.id`,
      [this.clock.zone, filter.channel ?? null, filter.day ?? null],
    );
    // were Redis to fail here, the rest are pending already and the worker's sweep queues them
    await this.jobs.replaceMany(rows.map((r) => r.id));
    return { queued: rows.length };
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
