import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, invalid } from '@app/common';
import { AppConfig, CONFIG } from '@app/config';
import { OPEN_STATUSES_SQL } from '@app/tasks';
import { DeliveriesService, DeliveryJobs, EmailPayload, NoticeRow, NotificationsService } from '@app/notifications';
import {
  EscalationRecipient, EscalationStep, EscalationTarget, escalationTargets, reminderRules, ReminderRules, ReminderTarget,
  reminderTargets, yearlyEscalationTargets, yearlyPartFiresSql, yearlyReminderTargets,
} from './reminder-rules';
import { CoordinatedDue, coordinatedByUser, coordinatedDueQuery, coordinatingDepartmentsSql, coordinationNoticeRows } from './coordination-digest';
import { DueTask, morningEmail, overdueDigestNotice, REMINDER_KINDS, reminderNotice, UNREAD_LINES, UnreadNotice } from './reminder-texts';
import { ESCALATION_KIND, escalationNotice } from './escalation-texts';

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
  /** Reminder notices the morning calls for (added now or by an earlier try): all in the ledger now. */
  notifications: number;
  /** E-mails the morning calls for (added now or by an earlier try). */
  emails: number;
}

/**
 * What one run or part covers: the focal points' reminders (of every department, or of
 * one), the secretariat's overdue digest, or both (the whole morning in one go).
 */
export interface ReminderScope {
  focalPoints: boolean;
  /** Only this lead department's tasks (focal points only). */
  departmentId?: string;
  /** The secretariat's digest and the ladder's steps naming the secretariat. */
  secretariat: boolean;
  /** The ladder's steps to department heads and committee members (reminder-rules.ts). */
  escalation?: boolean;
}
export const WHOLE_MORNING: ReminderScope = { focalPoints: true, secretariat: true, escalation: true };

/** A part of a morning run, as its job and its record name it: `department:<uuid>`, `secretariat` or `escalation`. */
export const SECRETARIAT_PART = 'secretariat';
/** The part of the ladder's steps to department heads and committee members (each a leader of several departments, one e-mail a morning). */
export const ESCALATION_PART = 'escalation';
export const departmentPart = (departmentId: string) => `department:${departmentId}`;
export function scopeOfPart(part: string): ReminderScope {
  if (part === SECRETARIAT_PART) return { focalPoints: false, secretariat: true };
  if (part === ESCALATION_PART) return { focalPoints: false, secretariat: false, escalation: true };
  const match = /^department:([0-9a-f-]{36})$/.exec(part);
  if (!match) throw invalid(`part must be "secretariat", "escalation" or "department:<id>", got "${part}"`);
  return { focalPoints: true, departmentId: match[1], secretariat: false };
}

interface DueRow extends DueTask {
  focalPointIds: string[];
}

/** An open task on a step of the ladder this morning, with the leaders of its lead department. */
interface EscalatedRow extends DueTask {
  to: Exclude<EscalationRecipient, 'focal_point'>[];
  headUserId: string | null;
  committeeMemberId: string | null;
}

const OPEN = OPEN_STATUSES_SQL;

/** A yearly duty of a lead department that a rule fires for on `r.due_date` (reminder-rules.ts yearlyPartFiresSql). */
const yearlyFiresSql = (t: string, r: string) => `${t}.lead_department_id IS NOT NULL AND ${yearlyPartFiresSql(t, r)}`;

/**
 * The open tasks the ladder's steps reach this morning (one due date per step), with the active
 * head and committee member of their lead department: one statement driven by those dates
 * ($1–$4 the other tasks' steps, $5–$8 the yearly duties': yearlyEscalationTargets).
 */
const escalatedBranch = (first: number, join: string, where: string) => `
  SELECT t.id AS "taskId", t.code, t.title, p.number AS "planNumber", d.name AS "departmentName",
         r.due_date AS "dueDate", r.rule, r.days_left AS "daysLeft", string_to_array(r.recipients, ',') AS "to",
         h.id AS "headUserId", m.id AS "committeeMemberId", t.seq
    FROM tasks t
    JOIN unnest($${first}::date[], $${first + 1}::text[], $${first + 2}::int[], $${first + 3}::text[]) AS r(due_date, rule, days_left, recipients) ON ${join}
    JOIN plans p ON p.id = t.plan_id
    JOIN departments d ON d.id = t.lead_department_id
    LEFT JOIN users h ON h.id = d.head_user_id AND h.active
    LEFT JOIN users m ON m.id = d.committee_member_id AND m.active
   WHERE ${where}`;
const ESCALATED_SQL = `
  SELECT "taskId", code, title, "planNumber", "departmentName", "dueDate", rule, "daysLeft", "to", "headUserId", "committeeMemberId"
    FROM (${escalatedBranch(1, 'r.due_date = t.due_date', `t.due_date = ANY($1::date[]) AND t.status IN ${OPEN} AND t.lead_department_id IS NOT NULL AND NOT t.yearly`)}
          UNION ALL
          ${escalatedBranch(5, yearlyFiresSql('t', 'r'), 't.yearly')}) x
   ORDER BY "daysLeft", seq`;

interface Recipient {
  id: string;
  email: string;
  fullName: string;
  role: string;
}

function checkDay(asOf: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw invalid(`asOf must be a date written YYYY-MM-DD, got "${asOf}"`);
}
const OLDEST_OPEN_DUE_SQL = `SELECT min(due_date) AS oldest FROM tasks
  WHERE status IN ${OPEN} AND lead_department_id IS NOT NULL AND due_date IS NOT NULL`;

/** The parameters of a list of targets: dates, rule names, days left. */
const targetParams = (targets: ReminderTarget[]) => [targets.map((t) => t.dueDate), targets.map((t) => t.rule), targets.map((t) => t.daysLeft)];

/**
 * The tasks due on the dates that fire, with the focal points of their lead department.
 * Collective parents have no lead department: their children, each a department's own
 * task, are reminded instead. Yearly duties come through a branch of their own (`yearly`: the
 * dates of yearlyReminderTargets), judged by their year's part (yearlyFiresSql).
 */
function dueTasksQuery(targets: ReminderTarget[], yearly: ReminderTarget[], departmentId?: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [...targetParams(targets), ...targetParams(yearly)];
  if (departmentId) params.push(departmentId);
  const branch = (first: number, join: string, where: string) => `
          SELECT t.id AS "taskId", t.code, t.title, p.number AS "planNumber", d.name AS "departmentName",
                 r.due_date AS "dueDate", r.rule, r.days_left AS "daysLeft", t.seq,
                 COALESCE(array_agg(u.id ORDER BY u.id) FILTER (WHERE u.id IS NOT NULL), '{}')::text[] AS "focalPointIds"
            FROM tasks t
            JOIN unnest($${first}::date[], $${first + 1}::text[], $${first + 2}::int[]) AS r(due_date, rule, days_left) ON ${join}
            JOIN plans p ON p.id = t.plan_id
            JOIN departments d ON d.id = t.lead_department_id
            LEFT JOIN users u ON u.department_id = t.lead_department_id AND u.role = 'focal_point' AND u.active
           WHERE ${where}
                 ${departmentId ? 'AND t.lead_department_id = $7::uuid' : ''}
           GROUP BY t.id, p.number, d.name, r.due_date, r.rule, r.days_left`;
  return {
    sql: `SELECT "taskId", code, title, "planNumber", "departmentName", "dueDate", rule, "daysLeft", "focalPointIds"
            FROM (${branch(
              1,
              'r.due_date = t.due_date',
              // a condition on the table itself, so the planner can use the partial index ix_tasks_open_due
              `t.due_date = ANY($1::date[]) AND t.status IN ${OPEN} AND t.lead_department_id IS NOT NULL AND NOT t.yearly`,
            )}
                  UNION ALL
                  ${branch(4, yearlyFiresSql('t', 'r'), 't.yearly')}) x
           ORDER BY "daysLeft", seq`,
    params,
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
  /** The escalation ladder (REMINDER_ESCALATION). */
  readonly ladder: EscalationStep[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly deliveries: DeliveryJobs,
    private readonly emails: DeliveriesService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.ladder = config.escalationLadder;
    this.rules = reminderRules(config, this.ladder);
  }

  /** The whole morning in one go (tests, benchmarks); the worker runs it in parts (runPart). */
  run(asOf: string): Promise<ReminderRunResult> {
    return this.runScope(asOf, WHOLE_MORNING);
  }

  /** One part of the morning (`department:<id>` or `secretariat`): idempotent, like the whole. */
  runPart(asOf: string, part: string): Promise<ReminderRunResult> {
    return this.runScope(asOf, scopeOfPart(part));
  }

  /**
   * The parts of the morning of `asOf`: one per lead department with an open task some rule
   * fires for, and the secretariat's digest when one of them is overdue.
   */
  async partsOf(asOf: string): Promise<string[]> {
    checkDay(asOf);
    const [{ oldest }]: { oldest: string | null }[] = await this.dataSource.query(OLDEST_OPEN_DUE_SQL);
    const targets = reminderTargets(asOf, this.rules, oldest);
    const rows: { departmentId: string; overdue: boolean }[] = await this.dataSource.query(
      `SELECT "departmentId", bool_or(overdue) AS overdue FROM (
         SELECT t.lead_department_id AS "departmentId", t.due_date < $2::date AS overdue FROM tasks t
          WHERE t.due_date = ANY($1::date[]) AND t.status IN ${OPEN} AND t.lead_department_id IS NOT NULL AND NOT t.yearly
         UNION ALL
         SELECT t.lead_department_id, r.due_date < $2::date FROM tasks t JOIN unnest($3::date[]) AS r(due_date) ON ${yearlyFiresSql('t', 'r')}
          WHERE t.yearly) x
        GROUP BY 1 ORDER BY 1`,
      [targets.map((t) => t.dueDate), asOf, yearlyReminderTargets(asOf, this.rules).map((t) => t.dueDate)],
    );
    // departments that only coordinate a task that fires have a part too (their digest, for information)
    const coordinating: { departmentId: string }[] = await this.dataSource.query(coordinatingDepartmentsSql(), [
      targets.map((t) => t.dueDate), yearlyReminderTargets(asOf, this.rules).map((t) => t.dueDate),
    ]);
    const departments = [...new Set([...rows, ...coordinating].map((r) => r.departmentId))].sort();
    const parts = departments.map(departmentPart);
    const ladder = await this.ladderParts(asOf);
    if (rows.some((r) => r.overdue) || ladder.secretariat) parts.push(SECRETARIAT_PART);
    if (ladder.leaders) parts.push(ESCALATION_PART);
    return parts;
  }

  /** Whether an open task stands on a step of the ladder this morning naming leaders, or the secretariat. */
  private async ladderParts(asOf: string): Promise<{ leaders: boolean; secretariat: boolean }> {
    const targets = escalationTargets(asOf, this.ladder);
    if (!targets.length) return { leaders: false, secretariat: false };
    const yearly = yearlyEscalationTargets(asOf, this.ladder);
    const params = (list: EscalationTarget[]) => [
      list.map((t) => t.dueDate),
      list.map((t) => t.to.some((r) => r !== 'secretariat')),
      list.map((t) => t.to.includes('secretariat')),
    ];
    const [row]: { leaders: boolean | null; secretariat: boolean | null }[] = await this.dataSource.query(
      `SELECT bool_or(leaders) AS leaders, bool_or(secretariat) AS secretariat FROM (
         SELECT r.leaders, r.secretariat
           FROM tasks t JOIN unnest($1::date[], $2::boolean[], $3::boolean[]) AS r(due_date, leaders, secretariat) ON r.due_date = t.due_date
          WHERE t.due_date = ANY($1::date[]) AND t.status IN ${OPEN} AND t.lead_department_id IS NOT NULL AND NOT t.yearly
         UNION ALL
         SELECT r.leaders, r.secretariat
           FROM tasks t JOIN unnest($4::date[], $5::boolean[], $6::boolean[]) AS r(due_date, leaders, secretariat) ON ${yearlyFiresSql('t', 'r')}
          WHERE t.yearly) x`,
      [...params(targets), ...params(yearly)],
    );
    return { leaders: !!row?.leaders, secretariat: !!row?.secretariat };
  }

  private async runScope(asOf: string, scope: ReminderScope): Promise<ReminderRunResult> {
    checkDay(asOf);
    const due = await this.findDue(asOf, scope);

    const rows: NoticeRow[] = [];
    if (scope.focalPoints) {
      for (const task of due) {
        const notice = reminderNotice(task);
        const data = { rule: task.rule, dueDate: task.dueDate, daysLeft: task.daysLeft, asOf };
        for (const userId of task.focalPointIds) {
          rows.push({ userId, ...notice, taskId: task.taskId, data, dedupKey: `reminder:${task.taskId}:${task.rule}:${task.dueDate}:${userId}` });
        }
      }
    }
    const coordinated = scope.focalPoints ? await this.findCoordinated(asOf, scope) : [];
    rows.push(...coordinationNoticeRows(coordinated, asOf));
    const overdue = scope.secretariat ? due.filter((t) => t.daysLeft < 0) : [];
    // the ladder: each step once per (task, step, due date) and person, under its own key
    const escalated = scope.secretariat || scope.escalation ? await this.findEscalated(asOf) : [];
    const toSecretariat = scope.secretariat ? escalated.filter((t) => t.to.includes('secretariat')) : [];
    const secretariat = overdue.length || toSecretariat.length ? await this.secretariat() : [];
    const leaderTasks = new Map<string, DueTask[]>();
    const escalate = (task: EscalatedRow, as: Exclude<EscalationRecipient, 'focal_point'>, userId: string) => {
      const data = { step: task.rule, dueDate: task.dueDate, daysLeft: task.daysLeft, asOf, as };
      rows.push({ userId, ...escalationNotice(task, as), taskId: task.taskId, data, dedupKey: `escalation:${task.taskId}:${task.rule}:${task.dueDate}:${userId}` });
    };
    if (scope.escalation) {
      for (const task of escalated) {
        const leaders = new Map<string, Exclude<EscalationRecipient, 'focal_point'>>();
        if (task.to.includes('committee_member') && task.committeeMemberId) leaders.set(task.committeeMemberId, 'committee_member');
        if (task.to.includes('department_head') && task.headUserId) leaders.set(task.headUserId, 'department_head');
        for (const [userId, as] of leaders) {
          escalate(task, as, userId);
          const list = leaderTasks.get(userId);
          if (list) list.push(task);
          else leaderTasks.set(userId, [task]);
        }
      }
    }
    for (const task of toSecretariat) for (const user of secretariat) escalate(task, 'secretariat', user.id);
    if (overdue.length && secretariat.length) {
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

    const email = this.config.smtpUrl
      ? await this.emailDeliveries(
          asOf,
          scope.focalPoints ? due : [],
          [...overdue, ...toSecretariat.filter((t) => !overdue.some((o) => o.taskId === t.taskId))],
          secretariat,
          leaderTasks,
          coordinatedByUser(coordinated),
        )
      : { added: 0, total: 0, pending: [] };
    const toQueue = [...email.pending, ...webhookIds];
    await this.deliveries.enqueue(toQueue);
    const result = {
      asOf,
      // the secretariat's part reads the overdue tasks its departments' parts already count
      tasksDue: scope.focalPoints ? due.length : 0,
      notificationsAdded,
      emailsAdded: email.added,
      deliveriesQueued: toQueue.length,
      notifications: rows.length,
      emails: email.total,
    };
    this.logger.log(`reminder run ${JSON.stringify(result)}`);
    return result;
  }

  /**
   * The open tasks a rule fires for as of `asOf`, with the active focal points of their
   * lead department: the oldest open deadline (first entry of ix_tasks_open_due), then one
   * statement driven by the few due dates that fire, never by the whole table.
   */
  async findDue(asOf: string, scope: ReminderScope = WHOLE_MORNING): Promise<DueRow[]> {
    const query = await this.dueQuery(asOf, scope);
    return this.dataSource.query(query.sql, query.params);
  }

  /** findDue's statement with its parameters (the benchmark EXPLAINs it). */
  async dueQuery(asOf: string, scope: ReminderScope = WHOLE_MORNING): Promise<{ sql: string; params: unknown[] }> {
    const [{ oldest }]: { oldest: string | null }[] = await this.dataSource.query(OLDEST_OPEN_DUE_SQL);
    let targets = reminderTargets(asOf, this.rules, oldest);
    let yearly = yearlyReminderTargets(asOf, this.rules);
    // the secretariat's digest alone needs only the overdue dates
    if (!scope.focalPoints) {
      targets = targets.filter((t) => t.daysLeft < 0);
      yearly = yearly.filter((t) => t.daysLeft < 0);
    }
    return dueTasksQuery(targets, yearly, scope.departmentId);
  }

  /** The tasks the scope's departments coordinate that a rule fires for, once per focal point (coordination-digest.ts). */
  async findCoordinated(asOf: string, scope: ReminderScope = WHOLE_MORNING): Promise<CoordinatedDue[]> {
    const [{ oldest }]: { oldest: string | null }[] = await this.dataSource.query(OLDEST_OPEN_DUE_SQL);
    const query = coordinatedDueQuery(reminderTargets(asOf, this.rules, oldest), yearlyReminderTargets(asOf, this.rules), scope.departmentId);
    return this.dataSource.query(query.sql, query.params);
  }

  /** The open tasks on a step of the ladder naming someone other than the focal point, as of `asOf`. */
  async findEscalated(asOf: string): Promise<EscalatedRow[]> {
    const targets = escalationTargets(asOf, this.ladder);
    if (!targets.length) return [];
    const params = (list: EscalationTarget[]) => [list.map((t) => t.dueDate), list.map((t) => t.rule), list.map((t) => t.daysLeft), list.map((t) => t.to.join(','))];
    return this.dataSource.query(ESCALATED_SQL, [...params(targets), ...params(yearlyEscalationTargets(asOf, this.ladder))]);
  }

  private secretariat(): Promise<Recipient[]> {
    return this.dataSource.query(`SELECT id, email, full_name AS "fullName", role FROM users WHERE role = 'secretariat' AND active ORDER BY id`);
  }

  /**
   * One e-mail per user and morning (key `email:<user>:<day>`): a focal point's tasks, the
   * secretariat's overdue digest, each with the user's notices still unread. Returns the
   * pending deliveries of the morning, this run's or an earlier try's that never got queued.
   */
  private async emailDeliveries(
    asOf: string,
    due: DueRow[],
    overdue: DueTask[],
    secretariat: Recipient[],
    /** The ladder's department heads and committee members, with their tasks of the morning. */
    leaders: Map<string, DueTask[]> = new Map(),
    /** Each focal point's tasks its department coordinates (coordination-digest.ts), for information. */
    coordinated: Map<string, DueTask[]> = new Map(),
  ): Promise<{ added: number; total: number; pending: string[] }> {
    const tasksOf = new Map<string, DueTask[]>();
    for (const task of due) {
      for (const userId of task.focalPointIds) {
        const list = tasksOf.get(userId);
        if (list) list.push(task);
        else tasksOf.set(userId, [task]);
      }
    }
    for (const user of secretariat) tasksOf.set(user.id, overdue);
    for (const [userId, tasks] of leaders) tasksOf.set(userId, tasks);
    for (const userId of coordinated.keys()) if (!tasksOf.has(userId)) tasksOf.set(userId, []);
    if (!tasksOf.size) return { added: 0, total: 0, pending: [] };

    const ids = [...tasksOf.keys()];
    const users: Recipient[] = await this.dataSource.query(
      `SELECT id, email, full_name AS "fullName", role FROM users WHERE id = ANY($1::uuid[]) AND active ORDER BY id`,
      [ids],
    );
    const unread = await this.unreadNotices(ids);
    const deliveries = users.map((user) => {
      const notices = unread.get(user.id);
      const mail = morningEmail({ fullName: user.fullName, asOf, tasks: tasksOf.get(user.id)!, unread: notices?.items ?? [], unreadTotal: notices?.total ?? 0, coordinated: coordinated.get(user.id) });
      const payload: EmailPayload = { to: { name: user.fullName, address: user.email }, ...mail };
      return { userId: user.id, dedupKey: `email:${user.id}:${asOf}`, payload };
    });
    const { added, pending } = await this.emails.addEmails(deliveries);
    return { added, total: deliveries.length, pending };
  }

  /** Each user's notices still unread, other than reminders (the e-mail lists those itself). */
  private async unreadNotices(userIds: string[]): Promise<Map<string, { items: UnreadNotice[]; total: number }>> {
    const unread = await this.notifications.unreadOf(userIds, { exceptKinds: [...Object.values(REMINDER_KINDS), ESCALATION_KIND], lines: UNREAD_LINES });
    return new Map(
      [...unread].map(([userId, { items, total }]) => [userId, { items: items.map((n) => ({ title: n.title, day: this.clock.dayOf(n.createdAt) })), total }]),
    );
  }
}
