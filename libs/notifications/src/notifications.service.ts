import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { notFound, Page, PageQuery } from '@app/common';
import { AppConfig, CONFIG } from '@app/config';

export interface NoticeInput {
  userIds: string[];
  kind: string;
  title: string;
  body: string;
  taskId?: string | null;
  data?: Record<string, unknown>;
  /** Makes the notice happen once per user: the key is suffixed with the user id. */
  dedupKey?: string;
}

/** One notice for one user, each with its own text (the reminder run writes thousands at once). */
export interface NoticeRow {
  userId: string;
  kind: string;
  title: string;
  body: string;
  taskId: string | null;
  data: Record<string, unknown>;
  /** Complete key, user included; null for a notice that may repeat. */
  dedupKey: string | null;
}

export interface InsertedNotices {
  notificationIds: string[];
  /** The webhook deliveries written with them (none when NOTIFY_WEBHOOK_URL is unset). */
  webhookDeliveryIds: string[];
}

/**
 * The in-app inbox; rows are written in the transaction of the change they tell about.
 * When NOTIFY_WEBHOOK_URL is set, each new notice gets its webhook delivery in the same
 * statement (an outbox): a notice is never recorded without it. The worker queues the
 * delivery (at once for the reminder run, through its sweep for notices written by the API).
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Inserts one notice per user; a repeated dedup key adds nothing. Returns the ids inserted. */
  async notify(manager: EntityManager, input: NoticeInput): Promise<string[]> {
    const users = [...new Set(input.userIds)];
    const inserted = await this.insertMany(
      manager,
      users.map((userId) => ({
        userId,
        kind: input.kind,
        title: input.title,
        body: input.body,
        taskId: input.taskId ?? null,
        data: input.data ?? {},
        dedupKey: input.dedupKey ? `${input.dedupKey}:${userId}` : null,
      })),
    );
    return inserted.notificationIds;
  }

  /**
   * Inserts notices in one statement; a dedup key already taken adds nothing (not even a
   * webhook call). Rows go in key order so that two runs inserting the same keys at once
   * wait for each other instead of deadlocking.
   */
  async insertMany(manager: EntityManager, rows: NoticeRow[]): Promise<InsertedNotices> {
    if (!rows.length) return { notificationIds: [], webhookDeliveryIds: [] };
    const [result]: { notification_ids: string[] | null; delivery_ids: string[] | null }[] = await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS x("userId" uuid, kind text, title text, body text, "taskId" uuid, data jsonb, "dedupKey" text)
       ), ins AS (
         INSERT INTO notifications (user_id, kind, title, body, task_id, data, dedup_key)
         SELECT "userId", kind, title, body, "taskId", COALESCE(data, '{}'), "dedupKey" FROM input ORDER BY "dedupKey"
         ON CONFLICT (dedup_key) DO NOTHING
         RETURNING id, user_id, kind, title, body, task_id, data, created_at
       ), hooks AS (
         INSERT INTO deliveries (channel, user_id, notification_id, dedup_key, payload)
         SELECT 'webhook', ins.user_id, ins.id, 'webhook:' || ins.id,
                jsonb_build_object('event', 'notification', 'id', ins.id, 'userId', ins.user_id, 'userEmail', u.email,
                                   'kind', ins.kind, 'title', ins.title, 'body', ins.body, 'taskId', ins.task_id,
                                   'data', ins.data, 'createdAt', ins.created_at)
           FROM ins JOIN users u ON u.id = ins.user_id
          WHERE $2::boolean
         ON CONFLICT (dedup_key) DO NOTHING
         RETURNING id
       )
       SELECT (SELECT array_agg(id)::text[] FROM ins) AS notification_ids, (SELECT array_agg(id)::text[] FROM hooks) AS delivery_ids`,
      [JSON.stringify(rows), Boolean(this.config.webhookUrl)],
    );
    return { notificationIds: result.notification_ids ?? [], webhookDeliveryIds: result.delivery_ids ?? [] };
  }

  /**
   * Each user's notices still unread, newest first, other than those of `exceptKinds`: at most
   * `lines` of them per user, with the user's whole count.
   */
  async unreadOf(
    userIds: string[],
    { exceptKinds, lines }: { exceptKinds: string[]; lines: number },
  ): Promise<Map<string, { items: { title: string; createdAt: Date }[]; total: number }>> {
    const rows: { userId: string; title: string; createdAt: Date; total: number }[] = await this.dataSource.query(
      `SELECT "userId", title, "createdAt", total FROM (
         SELECT n.user_id AS "userId", n.title, n.created_at AS "createdAt",
                row_number() OVER (PARTITION BY n.user_id ORDER BY n.created_at DESC, n.id DESC) AS rn,
                count(*) OVER (PARTITION BY n.user_id)::int AS total
           FROM notifications n
          WHERE n.user_id = ANY($1::uuid[]) AND n.read_at IS NULL AND n.kind <> ALL($2::text[])
       ) x WHERE rn <= $3 ORDER BY "userId", rn`,
      [userIds, exceptKinds, lines],
    );
    const byUser = new Map<string, { items: { title: string; createdAt: Date }[]; total: number }>();
    for (const row of rows) {
      const entry = byUser.get(row.userId) ?? { items: [], total: row.total };
      entry.items.push({ title: row.title, createdAt: row.createdAt });
      byUser.set(row.userId, entry);
    }
    return byUser;
  }

  secretariatIds(manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    return this.idsByRole(['secretariat'], manager);
  }

  /** The active users of these roles. */
  async idsByRole(roles: string[], manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM users WHERE role = ANY($1::text[]) AND active`, [roles]);
    return rows.map((r) => r.id);
  }

  async focalPointIds(departmentId: string | null, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    if (!departmentId) return [];
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM users WHERE role = 'focal_point' AND active AND department_id = $1`,
      [departmentId],
    );
    return rows.map((r) => r.id);
  }

  async inbox(userId: string, query: PageQuery): Promise<Page<unknown> & { unread: number }> {
    const [items, [counts]] = await Promise.all([
      this.dataSource.query(
        `SELECT id, kind, title, body, task_id AS "taskId", data, read_at AS "readAt", created_at AS "createdAt"
           FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [userId, query.limit, (query.page - 1) * query.limit],
      ),
      this.dataSource.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM notifications WHERE user_id = $1`,
        [userId],
      ),
    ]);
    return { items, total: counts.total, unread: counts.unread, page: query.page, limit: query.limit };
  }

  async markRead(userId: string, id: string): Promise<{ id: string; readAt: string }> {
    // TypeORM answers an UPDATE with [rows, count]
    const [[row]] = await this.dataSource.query(
      `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id, read_at AS "readAt"`,
      [id, userId],
    );
    // another user's notice is "not found" too: no hint that it exists
    if (!row) throw notFound('notification', id);
    return row;
  }

  /** Marks every unread notification of the user read; answers how many it marked. */
  async markAllRead(userId: string): Promise<{ marked: number }> {
    const [, marked] = await this.dataSource.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return { marked };
  }
}
