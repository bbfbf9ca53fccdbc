import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { TaskStatus } from './task.entity';

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
    await manager.query(
      `INSERT INTO task_updates (task_id, actor_id, at, action, changes, note, status, due_date, completed_on, completion_confirmed)
       SELECT id, $2, $6, $3, $4::jsonb, $5, status, due_date, completed_on, completion_confirmed FROM tasks WHERE id = $1`,
      [taskId, actorId, action, JSON.stringify(changes), note, this.clock.now()],
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
    const rows: TaskStateAt[] = await this.dataSource.query(
      `SELECT s.task_id AS "taskId", s.status, s.due_date AS "dueDate", s.completed_on AS "completedOn",
              s.completion_confirmed AS "completionConfirmed",
              COALESCE((SELECT json_agg(json_build_object('number', d.number, 'issuedOn', d.issued_on, 'kind', d.kind) ORDER BY d.issued_on, d.number)
                          FROM output_documents d WHERE d.task_id = s.task_id AND d.created_at <= $2), '[]') AS documents
         FROM (SELECT DISTINCT ON (u.task_id) u.* FROM task_updates u
                WHERE u.task_id = ANY($1::uuid[]) AND u.at <= $2
                ORDER BY u.task_id, u.at DESC, u.id DESC) s`,
      [taskIds, until],
    );
    return new Map(rows.map((r) => [r.taskId, r]));
  }
}
