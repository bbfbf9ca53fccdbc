import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@app/database/prepared-query';
import { Clock } from '@app/common';
import { TaskStatus } from './task.entity';

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
 * completed_on, completion_confirmed. GET /rollups is cached by data revisions: a task column
 * read here must also be watched by tr_tasks_revisions_updated (migration
 * 1763870900000-data-revisions; a new migration to change it).
 */
export function taskStatesSql({ until, where = [], labels = false }: StateSourceOptions): string {
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const own = `t.id, t.plan_id, t.parent_id, t.lead_department_id${labels ? ', t.seq, t.code, t.title' : ''}`;
  if (until === null) {
    return `SELECT ${own}, t.status, t.due_date, t.completed_on, t.completion_confirmed
              FROM tasks t ${whereSql}`;
  }
  return `SELECT ${own}, h.status, h.due_date, h.completed_on, h.completion_confirmed
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
  | 'derived_from_children';

export type Changes = Record<string, { from: unknown; to: unknown }>;

export interface TaskStateAt {
  taskId: string;
  status: TaskStatus;
  dueDate: string | null;
  completedOn: string | null;
  completionConfirmed: boolean;
  documents: { number: string; issuedOn: string; kind: string }[];
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

  /** Appends a row carrying the task's current state (call after changing the task, in the same transaction). */
  async record(manager: EntityManager, taskId: string, actorId: string | null, action: TaskAction, changes: Changes = {}, note: string | null = null): Promise<void> {
    await this.recordMany(manager, [{ taskId, changes }], actorId, action, note);
  }

  /** One row per task, in one statement, each with its own changes and the task's current state. */
  async recordMany(
    manager: EntityManager,
    entries: { taskId: string; changes: Changes }[],
    actorId: string | null,
    action: TaskAction,
    note: string | null = null,
  ): Promise<void> {
    if (!entries.length) return;
    await preparedQuery(
      this.dataSource,
      `INSERT INTO task_updates (task_id, actor_id, at, action, changes, note, status, due_date, completed_on, completion_confirmed)
       SELECT t.id, $2, $5, $3, e.changes, $4, t.status, t.due_date, t.completed_on, t.completion_confirmed
         FROM jsonb_to_recordset($1::jsonb) AS e(task_id uuid, changes jsonb) JOIN tasks t ON t.id = e.task_id`,
      [JSON.stringify(entries.map((e) => ({ task_id: e.taskId, changes: e.changes }))), actorId, action, note, this.clock.now()],
      { manager },
    );
  }

  list(taskId: string) {
    return this.dataSource.query(
      `SELECT u.id, u.task_id AS "taskId", u.at, u.action, u.changes, u.note, u.actor_id AS "actorId",
              a.full_name AS "actorName", a.role AS "actorRole",
              u.status, u.due_date AS "dueDate", u.completed_on AS "completedOn", u.completion_confirmed AS "completionConfirmed"
         FROM task_updates u LEFT JOIN users a ON a.id = u.actor_id
        WHERE u.task_id = $1 ORDER BY u.at, u.id`,
      [taskId],
    );
  }

  /**
   * Each task's status, due date, completion and documents as they were at `until` (the end
   * of a day); tasks created later are absent. One statement for any number of tasks.
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
}
