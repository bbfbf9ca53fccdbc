import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, invalid } from '@app/common';
import { AppConfig, CONFIG } from '@app/config';
import { OPEN_STATUSES_SQL } from '@app/tasks/task.entity';
import { DeliveryJobs, EmailPayload, NoticeRow, NotificationsService } from '@app/notifications';
import { reminderRules, ReminderRules, ReminderTarget, reminderTargets } from './reminder-rules';
import { DueTask, morningEmail, overdueDigestNotice, REMINDER_KINDS, reminderNotice, UNREAD_LINES, UnreadNotice } from './reminder-texts';

export interface ReminderRunResult {
  asOf: string;
  /** Open tasks some rule fired for. */
  tasksDue: number;
  /** Notifications this run added (0 when the morning was already done). */
  notificationsAdded: number;
  /** E-mail deliveries this run added. */
  emailsAdded: number;
  /** Deliveries handed to the queue (e-mail and webhook), new or not yet sent. */
  deliveriesQueued: number;
}

interface DueRow extends DueTask {
  focalPointIds: string[];
}

interface Recipient {
  id: string;
  email: string;
  fullName: string;
  role: string;
}

const OPEN = OPEN_STATUSES_SQL;
const OLDEST_OPEN_DUE_SQL = `SELECT min(due_date) AS oldest FROM tasks
  WHERE status IN ${OPEN} AND lead_department_id IS NOT NULL AND due_date IS NOT NULL`;

/**
 * The tasks due on the dates that fire, with the focal points of their lead department.
 * Collective parents have no lead department: their children, each a department's own
 * task, are reminded instead.
 */
function dueTasksQuery(targets: ReminderTarget[]): { sql: string; params: unknown[] } {
  return {
    sql: `SELECT t.id AS "taskId", t.code, t.title, p.number AS "planNumber", d.name AS "departmentName",
                 t.due_date AS "dueDate", r.rule, r.days_left AS "daysLeft",
                 COALESCE(array_agg(u.id ORDER BY u.id) FILTER (WHERE u.id IS NOT NULL), '{}')::text[] AS "focalPointIds"
            FROM tasks t
            JOIN unnest($1::date[], $2::text[], $3::int[]) AS r(due_date, rule, days_left) ON r.due_date = t.due_date
            JOIN plans p ON p.id = t.plan_id
            JOIN departments d ON d.id = t.lead_department_id
            LEFT JOIN users u ON u.department_id = t.lead_department_id AND u.role = 'focal_point' AND u.active
           -- a condition on the table itself, so the planner can use the partial index ix_tasks_open_due
           WHERE t.due_date = ANY($1::date[]) AND t.status IN ${OPEN} AND t.lead_department_id IS NOT NULL
           GROUP BY t.id, p.number, d.name, r.rule, r.days_left
           ORDER BY r.days_left, t.seq`,
    params: [targets.map((t) => t.dueDate), targets.map((t) => t.rule), targets.map((t) => t.daysLeft)],
  };
}

// rows per INSERT statement: big enough to be few statements, small enough to stay light
const INSERT_CHUNK = 5_000;

/**
 * The morning reminder run (DOMAIN.md "Reminders"). Everything it writes has a unique
 * key, so running it again, retrying its job, two workers or two triggers of the same
 * morning add nothing; a moved deadline is a new key, and only open tasks are read.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);
  readonly rules: ReminderRules;

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly deliveries: DeliveryJobs,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.rules = reminderRules(config);
  }

  async run(asOf: string): Promise<ReminderRunResult> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw invalid(`asOf must be a date written YYYY-MM-DD, got "${asOf}"`);
    const due = await this.findDue(asOf);

    const rows: NoticeRow[] = [];
    for (const task of due) {
      const notice = reminderNotice(task);
      const data = { rule: task.rule, dueDate: task.dueDate, daysLeft: task.daysLeft, asOf };
      for (const userId of task.focalPointIds) {
        rows.push({ userId, ...notice, taskId: task.taskId, data, dedupKey: `reminder:${task.taskId}:${task.rule}:${task.dueDate}:${userId}` });
      }
    }
    const overdue = due.filter((t) => t.daysLeft < 0);
    const secretariat = overdue.length ? await this.secretariat() : [];
    if (secretariat.length) {
      const digest = overdueDigestNotice(overdue, asOf);
      const data = { asOf, overdue: overdue.length, taskIds: overdue.slice(0, 200).map((t) => t.taskId) };
      for (const user of secretariat) {
        rows.push({ userId: user.id, ...digest, taskId: null, data, dedupKey: `reminder-digest:${asOf}:${user.id}` });
      }
    }

    let notificationsAdded = 0;
    const webhookIds: string[] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const inserted = await this.notifications.insertMany(this.dataSource.manager, rows.slice(i, i + INSERT_CHUNK));
      notificationsAdded += inserted.notificationIds.length;
      webhookIds.push(...inserted.webhookDeliveryIds);
    }

    const email = this.config.smtpUrl ? await this.emailDeliveries(asOf, due, overdue, secretariat) : { added: 0, pending: [] };
    const toQueue = [...email.pending, ...webhookIds];
    await this.deliveries.enqueue(toQueue);
    const result = {
      asOf,
      tasksDue: due.length,
      notificationsAdded,
      emailsAdded: email.added,
      deliveriesQueued: toQueue.length,
    };
    this.logger.log(`reminder run ${JSON.stringify(result)}`);
    return result;
  }

  /**
   * The open tasks a rule fires for as of `asOf`, with the active focal points of their
   * lead department: the oldest open deadline (first entry of ix_tasks_open_due), then one
   * statement driven by the few due dates that fire, never by the whole table.
   */
  async findDue(asOf: string): Promise<DueRow[]> {
    const query = await this.dueQuery(asOf);
    return this.dataSource.query(query.sql, query.params);
  }

  /** findDue's statement with its parameters (the benchmark EXPLAINs it). */
  async dueQuery(asOf: string): Promise<{ sql: string; params: unknown[] }> {
    const [{ oldest }]: { oldest: string | null }[] = await this.dataSource.query(OLDEST_OPEN_DUE_SQL);
    return dueTasksQuery(reminderTargets(asOf, this.rules, oldest));
  }

  private secretariat(): Promise<Recipient[]> {
    return this.dataSource.query(`SELECT id, email, full_name AS "fullName", role FROM users WHERE role = 'secretariat' AND active ORDER BY id`);
  }

  /**
   * One e-mail per user and morning (key `email:<user>:<day>`): a focal point's tasks, the
   * secretariat's overdue digest, each with the user's notices still unread. Returns the
   * pending deliveries of the morning, this run's or an earlier try's that never got queued.
   */
  private async emailDeliveries(asOf: string, due: DueRow[], overdue: DueRow[], secretariat: Recipient[]): Promise<{ added: number; pending: string[] }> {
    const tasksOf = new Map<string, DueTask[]>();
    for (const task of due) {
      for (const userId of task.focalPointIds) {
        const list = tasksOf.get(userId);
        if (list) list.push(task);
        else tasksOf.set(userId, [task]);
      }
    }
    for (const user of secretariat) tasksOf.set(user.id, overdue);
    if (!tasksOf.size) return { added: 0, pending: [] };

    const ids = [...tasksOf.keys()];
    const users: Recipient[] = await this.dataSource.query(
      `SELECT id, email, full_name AS "fullName", role FROM users WHERE id = ANY($1::uuid[]) AND active ORDER BY id`,
      [ids],
    );
    const unread = await this.unreadNotices(ids);
    const deliveries = users.map((user) => {
      const notices = unread.get(user.id);
      const mail = morningEmail({ fullName: user.fullName, asOf, tasks: tasksOf.get(user.id)!, unread: notices?.items ?? [], unreadTotal: notices?.total ?? 0 });
      const payload: EmailPayload = { to: { name: user.fullName, address: user.email }, ...mail };
      return { userId: user.id, dedupKey: `email:${user.id}:${asOf}`, payload };
    });
    let added = 0;
    for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO deliveries (channel, user_id, dedup_key, payload)
         SELECT 'email', "userId", "dedupKey", payload FROM jsonb_to_recordset($1::jsonb) AS x("userId" uuid, "dedupKey" text, payload jsonb)
          ORDER BY "dedupKey"
         ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
        [JSON.stringify(deliveries.slice(i, i + INSERT_CHUNK))],
      );
      added += inserted.length;
    }
    const pending: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM deliveries WHERE dedup_key = ANY($1::text[]) AND status = 'pending'`,
      [deliveries.map((d) => d.dedupKey)],
    );
    return { added, pending: pending.map((p) => p.id) };
  }

  /** Each user's notices still unread, other than reminders (the e-mail lists those itself). */
  private async unreadNotices(userIds: string[]): Promise<Map<string, { items: UnreadNotice[]; total: number }>> {
    const rows: { userId: string; title: string; createdAt: Date; total: number }[] = await this.dataSource.query(
      `SELECT "userId", title, "createdAt", total FROM (
         SELECT n.user_id AS "userId", n.title, n.created_at AS "createdAt",
                row_number() OVER (PARTITION BY n.user_id ORDER BY n.created_at DESC, n.id DESC) AS rn,
                count(*) OVER (PARTITION BY n.user_id)::int AS total
           FROM notifications n
          WHERE n.user_id = ANY($1::uuid[]) AND n.read_at IS NULL AND n.kind <> ALL($2::text[])
       ) x WHERE rn <= $3 ORDER BY "userId", rn`,
      [userIds, Object.values(REMINDER_KINDS), UNREAD_LINES],
    );
    const byUser = new Map<string, { items: UnreadNotice[]; total: number }>();
    for (const row of rows) {
      const entry = byUser.get(row.userId) ?? { items: [], total: row.total };
      entry.items.push({ title: row.title, day: this.clock.dayOf(row.createdAt) });
      byUser.set(row.userId, entry);
    }
    return byUser;
  }
}
