import { formatVietnameseDate } from '@app/common';
import { NoticeRow } from '@app/notifications';
import { OPEN_STATUSES_SQL } from '@app/tasks';
import { ReminderTarget, yearlyPartFiresSql } from './reminder-rules';
import { DueTask, REMINDER_KINDS, taskLine } from './reminder-texts';

/**
 * Coordinating departments hear of the tasks they coordinate (phối hợp) in their morning digest,
 * as information, not as owners (issue 16 item 8): the same rules fire (7, 3, 1 days, due today,
 * overdue then weekly), but a coordinating department's focal points get one notice of the
 * morning listing them ("để biết, phối hợp"), never the lead's reminder, and a section of their
 * e-mail of the same name. Kept apart from the lead's reminders (reminders.service.ts only calls these).
 */
export const COORDINATION_DIGEST_KIND = REMINDER_KINDS.coordination;

/** A task some rule fires for, and a focal point of a department that coordinates it. */
export interface CoordinatedDue extends DueTask {
  userId: string;
  coordinatingDepartmentId: string;
}

/** Lines of the notice; the rest is counted. */
const LINES = 50;

/**
 * The open tasks due on the dates that fire, once per active focal point of each coordinating
 * department (not the lead: its focal points are told as owners). Driven by the same few due
 * dates as the lead's reminders (ix_tasks_status_due: collective tasks, which name the
 * coordinators, have no lead and so are not in ix_tasks_open_due); `departmentId`: only that
 * coordinating department (one part of the morning run; ix_tasks_coordinating_departments).
 */
export function coordinatedDueQuery(targets: ReminderTarget[], yearly: ReminderTarget[], departmentId?: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [...[targets, yearly].flatMap((list) => [list.map((t) => t.dueDate), list.map((t) => t.rule), list.map((t) => t.daysLeft)])];
  if (departmentId) params.push(departmentId);
  // yearly duties ($4–$6: yearlyReminderTargets) by their year's part, the others by their due date
  const branch = (first: number, join: string, where: string) => `
          SELECT t.id AS "taskId", t.code, t.title, p.number AS "planNumber", d.name AS "departmentName",
                 r.due_date AS "dueDate", r.rule, r.days_left AS "daysLeft", u.id AS "userId", k.department_id AS "coordinatingDepartmentId", t.seq
            FROM tasks t
            JOIN unnest($${first}::date[], $${first + 1}::text[], $${first + 2}::int[]) AS r(due_date, rule, days_left) ON ${join}
            JOIN plans p ON p.id = t.plan_id
            -- a collective task (coordinators are named on it) is led by its group: "Các Sở, ban, ngành chủ trì"
            JOIN LATERAL (SELECT COALESCE((SELECT name FROM departments WHERE id = t.lead_department_id),
                                          (SELECT name FROM department_groups WHERE id = t.lead_group_id)) AS name) d ON d.name IS NOT NULL
            CROSS JOIN LATERAL unnest(t.coordinating_department_ids) AS k(department_id)
            JOIN users u ON u.department_id = k.department_id AND u.role = 'focal_point' AND u.active
           WHERE ${where}
                 AND k.department_id IS DISTINCT FROM t.lead_department_id
                 ${departmentId ? 'AND t.coordinating_department_ids @> ARRAY[$7::uuid] AND k.department_id = $7::uuid' : ''}`;
  return {
    sql: `SELECT "taskId", code, title, "planNumber", "departmentName", "dueDate", rule, "daysLeft", "userId", "coordinatingDepartmentId"
            FROM (${branch(1, 'r.due_date = t.due_date', `t.due_date = ANY($1::date[]) AND t.status IN ${OPEN_STATUSES_SQL} AND NOT t.yearly`)}
                  UNION ALL
                  ${branch(4, yearlyPartFiresSql('t', 'r'), 't.yearly')}) x
           ORDER BY "userId", "daysLeft", seq`,
    params,
  };
}

/**
 * The departments that coordinate an open task some rule fires for on these dates ($1; $2 the
 * yearly duties' dates): each gets a part of the morning run (its own, or beside its reminders as a lead).
 */
export function coordinatingDepartmentsSql(): string {
  return `SELECT DISTINCT k.department_id AS "departmentId" FROM (
            SELECT t.coordinating_department_ids, t.lead_department_id FROM tasks t
             WHERE t.due_date = ANY($1::date[]) AND t.status IN ${OPEN_STATUSES_SQL} AND NOT t.yearly
            UNION ALL
            SELECT t.coordinating_department_ids, t.lead_department_id FROM tasks t JOIN unnest($2::date[]) AS r(due_date) ON ${yearlyPartFiresSql('t', 'r')}
             WHERE t.yearly) t
            CROSS JOIN LATERAL unnest(t.coordinating_department_ids) AS k(department_id)
           WHERE k.department_id IS DISTINCT FROM t.lead_department_id`;
}

/** Each focal point's coordinated tasks of the morning, in order. */
export function coordinatedByUser(rows: CoordinatedDue[]): Map<string, DueTask[]> {
  const byUser = new Map<string, DueTask[]>();
  for (const row of rows) {
    const list = byUser.get(row.userId);
    if (list) list.push(row);
    else byUser.set(row.userId, [row]);
  }
  return byUser;
}

/** One focal point's notice of the morning: the tasks its department coordinates, for information. */
export function coordinationDigestNotice(tasks: DueTask[], asOf: string): { kind: string; title: string; body: string } {
  const lines = tasks.slice(0, LINES).map((t) => `- ${taskLine(t)}.`);
  if (tasks.length > LINES) lines.push(`… và ${tasks.length - LINES} nhiệm vụ khác.`);
  const day = formatVietnameseDate(asOf);
  return {
    kind: COORDINATION_DIGEST_KIND,
    title: `${tasks.length} nhiệm vụ đơn vị phối hợp cần chú ý ngày ${day}`,
    body:
      `Để biết và phối hợp: tính đến ngày ${day}, các nhiệm vụ sau do đơn vị khác chủ trì, đơn vị phối hợp thực hiện, ` +
      `sắp đến hạn hoặc đã quá hạn:\n${lines.join('\n')}\nĐơn vị chủ trì chịu trách nhiệm báo cáo kết quả.`,
  };
}

/** The notices of a morning for the coordinating departments' focal points (key: one per user and day). */
export function coordinationNoticeRows(rows: CoordinatedDue[], asOf: string): NoticeRow[] {
  return [...coordinatedByUser(rows)].map(([userId, tasks]) => ({
    userId,
    ...coordinationDigestNotice(tasks, asOf),
    taskId: null,
    data: { asOf, coordinated: tasks.length, taskIds: tasks.slice(0, 200).map((t) => t.taskId) },
    dedupKey: `coordination-digest:${asOf}:${userId}`,
  }));
}
