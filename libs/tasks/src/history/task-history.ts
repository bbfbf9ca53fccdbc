import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@app/database';
import { Clock } from '@app/common';
import { TaskStatus } from '../task.entity';
import { taskStatesOnDaySql } from '../timeliness';
import { halfYearPeriod, reportHalfSql } from '../task-rules';

export interface StateSourceOptions {
  /** SQL timestamptz expression of the cut-off (end of the as-of day), or null for the live state. */
  until: string | null;
  /** Extra conditions on `t` (tasks), ANDed. */
  where?: string[];
  /** Also seq, code and title, for lists (an aggregate leaves them out: less to carry). */
  labels?: boolean;
}

/**
 * One row per task with the state it had: live from `tasks`, or at `until` from the last
 * history row up to then (tasks without one are left out: they did not exist yet). The lateral
 * last-row reads one index entry per task (ix_task_updates_task_state covers the columns).
 * Columns: id, plan_id, parent_id, lead_department_id, [seq, code, title,] status, due_date,
 * completed_on, completion_confirmed, delivered_on and yearly (as known now: timeliness.ts). GET /rollups is cached by data revisions: a task column
 * read here must also be watched by tr_tasks_revisions_updated (migration
 * 1763870900000-data-revisions; a new migration to change it).
 */
export function taskStatesSql({ until, where = [], labels = false }: StateSourceOptions): string {
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const own = `t.id, t.plan_id, t.parent_id, t.lead_department_id${labels ? ', t.seq, t.code, t.title' : ''}`;
  if (until === null) {
    return `SELECT ${own}, t.status, t.due_date, t.completed_on, t.completion_confirmed, t.delivered_on, t.yearly
              FROM tasks t ${whereSql}`;
  }
  return `SELECT ${own}, h.status, h.due_date, h.completed_on, h.completion_confirmed, t.delivered_on, t.yearly
            FROM tasks t
            CROSS JOIN LATERAL (
              SELECT u.status, u.due_date, u.completed_on, u.completion_confirmed
                FROM task_updates u
               WHERE u.task_id = t.id AND u.at <= ${until}
               ORDER BY u.at DESC, u.id DESC
               LIMIT 1) h
           ${whereSql}`;
}

export type TaskAction =
  | 'created'
  | 'edited'
  | 'deadline_changed'
  | 'progress_reported'
  | 'completion_confirmed'
  | 'completion_returned'
  | 'extension_requested'
  | 'extension_approved'
  | 'extension_rejected'
  /** A coordinating department's own note (department_id names it); the lead's progress note stays. */
  | 'coordinator_note'
  | 'status_change_requested'
  | 'status_change_approved'
  | 'status_change_rejected'
  | 'derived_from_children'
  /** The secretariat urged the task by a numbered letter (note: the letter; libs/reminders/src/urgings.service.ts). */
  | 'urged'
  /** Carried over into a conclusion notice (note: which); the task keeps its plan (libs/meetings/src/conclusions.service.ts). */
  | 'carried_over';

export type Changes = Record<string, { from: unknown; to: unknown }>;

export interface TaskStateAt {
  taskId: string;
  status: TaskStatus;
  dueDate: string | null;
  completedOn: string | null;
  completionConfirmed: boolean;
  documents: { number: string; issuedOn: string; kind: string }[];
}

/** A task's state on a day as done (TaskHistory.stateOnDay): TaskStateAt and the progress note of the day. */
export interface TaskStateOnDay extends TaskStateAt {
  /**
   * The latest progress note (lead's report, or the one the task came with) recorded by the end
   * of the day; for a task whose history starts after the day (entered later, e.g. imported from
   * a report), the note it was created with. Today: the task's note as it is.
   */
  progressNote: string | null;
}

/**
 * The history of tasks: rows are only inserted (a trigger refuses UPDATE and DELETE). Each row
 * copies the task's state after the change, so the state at the end of any day is the last row
 * of that day or before. Times come from the Clock, like every "now" of the app.
 */
@Injectable()
export class TaskHistory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends a row carrying the task's current state (call after changing the task, in the same
   * transaction); `departmentId`, the department the row speaks for (a coordinating department's note).
   */
  async record(
    manager: EntityManager,
    taskId: string,
    actorId: string | null,
    action: TaskAction,
    changes: Changes = {},
    note: string | null = null,
    departmentId: string | null = null,
    reportPeriod: string | null = null,
  ): Promise<void> {
    await this.append(manager, [{ taskId, changes }], actorId, action, { note, departmentId, reportPeriod });
  }

  /** One row per task, in one statement, each with its own changes and the task's current state. */
  async recordMany(
    manager: EntityManager,
    entries: { taskId: string; changes: Changes }[],
    actorId: string | null,
    action: TaskAction,
    note: string | null = null,
    departmentId: string | null = null,
  ): Promise<void> {
    await this.append(manager, entries, actorId, action, { note, departmentId });
  }

  /**
   * A "created" row for each new task, in the order given; its note is the progress the task came
   * with (an import's "Đang dự thảo"), which the appendices read as of a past day.
   */
  async recordCreated(manager: EntityManager, taskIds: string[], actorId: string | null): Promise<void> {
    await this.append(manager, taskIds.map((taskId) => ({ taskId, changes: {} })), actorId, 'created', { noteFromTask: true });
  }

  /** The one statement that writes the history (the table is append-only: no other writer, no UPDATE). */
  private async append(
    manager: EntityManager,
    entries: { taskId: string; changes: Changes }[],
    actorId: string | null,
    action: TaskAction,
    options: { note?: string | null; departmentId?: string | null; noteFromTask?: boolean; reportPeriod?: string | null },
  ): Promise<void> {
    if (!entries.length) return;
    await preparedQuery(
      this.dataSource,
      `INSERT INTO task_updates (task_id, actor_id, at, action, changes, note, status, due_date, completed_on, completion_confirmed, department_id, report_period)
       SELECT t.id, $2, $5, $3, e.doc->'changes', CASE WHEN $7::boolean THEN t.progress_note ELSE $4::text END,
              t.status, t.due_date, t.completed_on, t.completion_confirmed, $6::uuid, $8::text
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(doc, ord) JOIN tasks t ON t.id = (e.doc->>'task_id')::uuid
        ORDER BY e.ord`,
      [
        JSON.stringify(entries.map((e) => ({ task_id: e.taskId, changes: e.changes }))),
        actorId,
        action,
        options.note ?? null,
        this.clock.now(),
        options.departmentId ?? null,
        options.noteFromTask ?? false,
        options.reportPeriod ?? null,
      ],
      { manager },
    );
  }

  list(taskId: string) {
    return this.dataSource.query(
      `SELECT u.id, u.task_id AS "taskId", u.at, u.action, u.changes, u.note, u.actor_id AS "actorId",
              a.full_name AS "actorName", a.role AS "actorRole", u.department_id AS "departmentId",
              u.status, u.due_date AS "dueDate", u.completed_on AS "completedOn", u.completion_confirmed AS "completionConfirmed",
              u.report_period AS "reportPeriod"
         FROM task_updates u LEFT JOIN users a ON a.id = u.actor_id
        WHERE u.task_id = $1 ORDER BY u.at, u.id`,
      [taskId],
    );
  }

  /**
   * Each task's status, due date, completion and documents as they were *recorded* by `until`
   * (the end of a day); tasks created later are absent. One statement for any number of tasks.
   * A past day's figures read the day as done instead (stateOnDay, like the roll-ups).
   */
  async stateAt(taskIds: string[], until: Date): Promise<Map<string, TaskStateAt>> {
    const states = taskStatesSql({ until: '$2::timestamptz', where: ['t.id = ANY($1::uuid[])'] });
    const rows: TaskStateAt[] = await this.dataSource.query(
      `SELECT s.id AS "taskId", s.status, s.due_date AS "dueDate", s.completed_on AS "completedOn",
              s.completion_confirmed AS "completionConfirmed",
              COALESCE((SELECT json_agg(json_build_object('number', d.number, 'issuedOn', d.issued_on, 'kind', d.kind) ORDER BY d.issued_on, d.number)
                          FROM output_documents d WHERE d.task_id = s.id AND d.created_at <= $2), '[]') AS documents
         FROM (${states}) s`,
      [taskIds, until],
    );
    return new Map(rows.map((r) => [r.taskId, r]));
  }

  /**
   * Each task's state on `day` *as done* (issue 16 item 1, the roll-ups' reading:
   * taskStatesOnDaySql): status, due date and completion by the dates the work happened, as
   * known now; the documents dated on or before the day (as known now); the progress note of the
   * day (TaskStateOnDay). `until` is the end of the day in the business time zone for a past
   * day (RollupsService.resolveAsOf), null for today. Tasks not assigned yet on the day are
   * absent. One statement for any number of tasks; `manager`: inside a transaction (a meeting
   * summary's snapshot).
   */
  async stateOnDay(taskIds: string[], day: string, until: Date | null, manager?: EntityManager): Promise<Map<string, TaskStateOnDay>> {
    const states = taskStatesOnDaySql({ day: '$2::date', until: until ? '$3::timestamptz' : null, where: ['t.id = ANY($1::uuid[])'] });
    // a past day: the latest note recorded by its end; else (history starting later) the note the
    // task was created with — or, created before the 'created' row kept its note and never
    // reported since, the note it still has
    const note = until
      ? `COALESCE(
           (SELECT u.note FROM task_updates u
             WHERE u.task_id = s.id AND u.action IN ('created', 'progress_reported') AND u.note IS NOT NULL AND u.at <= $3::timestamptz
             ORDER BY u.at DESC, u.id DESC LIMIT 1),
           CASE WHEN NOT EXISTS (SELECT 1 FROM task_updates u WHERE u.task_id = s.id AND u.at <= $3::timestamptz) THEN COALESCE(
             (SELECT u.note FROM task_updates u WHERE u.task_id = s.id AND u.action = 'created' ORDER BY u.at, u.id LIMIT 1),
             CASE WHEN NOT EXISTS (SELECT 1 FROM task_updates u WHERE u.task_id = s.id AND u.action = 'progress_reported') THEN n.progress_note END) END)`
      : 'n.progress_note';
    // a recurring task: the latest note of the day's report period (the half-year it falls in,
    // halfYearPeriod; notes of its months and quarters included), recorded by the end of the day;
    // none yet → null, never an older period's note
    const params: unknown[] = until ? [taskIds, day, until] : [taskIds, day];
    params.push(halfYearPeriod(day));
    const recurringNote = `(SELECT u.note FROM task_updates u
        WHERE u.task_id = s.id AND u.action = 'progress_reported' AND u.note IS NOT NULL AND u.report_period IS NOT NULL
          AND split_part(u.report_period, '-', 1) || '-' || ${reportHalfSql('u.report_period')} = $${params.length}::text
          ${until ? 'AND u.at <= $3::timestamptz' : ''}
        ORDER BY u.at DESC, u.id DESC LIMIT 1)`;
    const rows: TaskStateOnDay[] = await preparedQuery(
      this.dataSource,
      `SELECT s.id AS "taskId", s.status, s.due_date AS "dueDate", s.completed_on AS "completedOn",
              s.completion_confirmed AS "completionConfirmed",
              COALESCE((SELECT json_agg(json_build_object('number', d.number, 'issuedOn', d.issued_on, 'kind', d.kind) ORDER BY d.issued_on, d.number)
                          FROM output_documents d WHERE d.task_id = s.id AND d.issued_on <= $2::date), '[]') AS documents,
              CASE WHEN s.status = 'recurring' THEN ${recurringNote} ELSE ${note} END AS "progressNote"
         FROM (${states}) s JOIN tasks n ON n.id = s.id`,
      params,
      { manager },
    );
    return new Map(rows.map((r) => [r.taskId, r]));
  }
}
