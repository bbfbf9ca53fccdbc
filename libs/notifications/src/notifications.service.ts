import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { notFound, Page, PageQuery } from '@app/common';

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

/** The in-app inbox; rows are written in the transaction of the change they tell about. */
@Injectable()
export class NotificationsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts one notice per user; a repeated dedup key adds nothing. Returns the ids inserted. */
  async notify(manager: EntityManager, input: NoticeInput): Promise<string[]> {
    const users = [...new Set(input.userIds)];
    if (!users.length) return [];
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO notifications (user_id, kind, title, body, task_id, data, dedup_key)
       SELECT u, $2, $3, $4, $5, $6::jsonb, CASE WHEN $7::text IS NULL THEN NULL ELSE $7 || ':' || u END
         FROM unnest($1::uuid[]) AS u
       ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
      [users, input.kind, input.title, input.body, input.taskId ?? null, JSON.stringify(input.data ?? {}), input.dedupKey ?? null],
    );
    return rows.map((r) => r.id);
  }

  async secretariatIds(manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM users WHERE role = 'secretariat' AND active`);
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
}
