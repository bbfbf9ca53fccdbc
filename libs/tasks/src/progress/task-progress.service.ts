import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@app/database';
import { Actor, Clock, conflict, forbidden, formatVietnameseDate, invalid, notFound, staleVersion } from '@app/common';
import { NotificationsService } from '@app/notifications';
import { deriveCollectiveState } from '../collective/collective-status';
import { reportRight, requireLeadFocalPoint, requireSecretariat } from '../task-access';
import { Changes, TaskAction, TaskHistory } from '../history/task-history';
import { STATUS_WORDS } from '../task-words';
import { TaskView } from '../reading/task-queries';
import { DocumentInput, documentNumber, refreshSearchText, TasksService } from '../tasks.service';
import { completionProblem, halfYearPeriod, isOpenStatus } from '../task-rules';
import { DocumentKind, REVIEWED_STATUSES, ReviewedStatus, TaskStatus } from '../task.entity';

export interface ProgressReport {
  version: number;
  status?: TaskStatus;
  progressNote?: string;
  /** "2024-6M": the report period of a recurring task's note (task-rules.ts REPORT_PERIOD_PATTERN). */
  reportPeriod?: string;
  completedOn?: string;
  outputDocuments?: DocumentInput[];
}

interface LockedTask {
  id: string;
  plan_id: string;
  parent_id: string | null;
  code: string;
  title: string;
  lead_department_id: string | null;
  lead_group_id: string | null;
  status: TaskStatus;
  due_date: string | null;
  completed_on: string | null;
  completion_confirmed: boolean;
  requires_output_document: boolean;
  progress_note: string | null;
  version: number;
  /** The copies kept on the task row (migration 1763870800000): consistent under the row lock. */
  coordinating_department_ids: string[];
  output_documents_json: { number: string; issuedOn: string; kind: DocumentKind }[];
  plan_issued_on: string;
  plan_number: string;
}

/** The task row a change works on, locked until the change commits. */
const LOCK_TASK_SQL = `
  SELECT t.id, t.plan_id, t.parent_id, t.code, t.title, t.lead_department_id, t.lead_group_id, t.status, t.due_date,
         t.completed_on, t.completion_confirmed, t.requires_output_document, t.progress_note, t.version,
         t.coordinating_department_ids, t.output_documents_json, p.issued_on AS plan_issued_on, p.number AS plan_number
    FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = $1 FOR UPDATE OF t`;

/**
 * What departments report and the secretariat decides: progress, completion and its review,
 * deadline extensions. Each change is one transaction with its history row and notices.
 */
@Injectable()
export class TaskProgressService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TasksService,
    private readonly history: TaskHistory,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, id: string, input: ProgressReport): Promise<TaskView> {
    await this.dataSource.transaction(async (m) => {
      const task = await this.lock(m, id);
      const right = reportRight(actor, { leadDepartmentId: task.lead_department_id }, task.coordinating_department_ids);
      const changesState = input.status !== undefined || input.completedOn !== undefined || input.outputDocuments !== undefined;
      if (right === 'note_only' && changesState) {
        throw forbidden('a coordinating department may add a progress note, not change status, completion or documents');
      }
      // cancelled and recurring take a task out of every overdue count and reminder: the secretariat decides
      if (actor.role === 'focal_point' && input.status !== undefined && input.status !== task.status && isReviewedStatus(input.status)) {
        throw forbidden(
          `status: a focal point cannot make a task ${input.status} on its own word; ask the secretariat with POST /tasks/${id}/status-requests {status, reason}`,
          'TASK_STATUS_NEEDS_REVIEW',
        );
      }
      if (input.version !== task.version) throw staleVersion('task', input.version, task.version);
      if (right === 'note_only') return this.addCoordinatorNote(m, actor, task, input.progressNote);
      if (task.lead_group_id && changesState) {
        throw invalid('status: a collective task follows from its children; update the child task of each department');
      }

      const today = this.clock.today();
      const status = input.status ?? task.status;
      const docs = (input.outputDocuments ?? []).map((d) => ({ ...d, number: documentNumber(d.number) }));
      const existing = task.output_documents_json;
      this.tasks.checkDocuments(task.code, docs, existing.map((e) => e.number), today);

      let completedOn: string | null = null;
      if (status === 'completed') {
        completedOn = input.completedOn ?? (task.status === 'completed' ? task.completed_on : null);
        const problem = completionProblem({
          completedOn,
          today,
          planIssuedOn: task.plan_issued_on,
          requiresOutputDocument: task.requires_output_document,
          documents: [...existing, ...docs],
        });
        if (problem) throw invalid(problem.message);
      } else if (input.completedOn !== undefined) {
        throw invalid('completedOn is only for a task reported completed');
      }

      const changes: Changes = {};
      if (status !== task.status) changes.status = { from: task.status, to: status };
      if (completedOn !== task.completed_on) changes.completedOn = { from: task.completed_on, to: completedOn };
      if (docs.length) changes.outputDocuments = { from: null, to: docs.map((d) => ({ number: d.number, issuedOn: d.issuedOn, kind: d.kind })) };
      const note = input.progressNote?.trim() || null;
      if (!Object.keys(changes).length && !note) throw invalid('nothing to update: give status, progressNote, completedOn or outputDocuments');
      if (input.reportPeriod !== undefined && status !== 'recurring') {
        throw invalid('reportPeriod: only a recurring ("Thường xuyên") task is reported per report period');
      }
      // a recurring task's note without a period is for the cumulative half-year of the day it is written
      const reportPeriod = status === 'recurring' && note ? (input.reportPeriod ?? halfYearPeriod(today)) : null;

      // a new completion report waits for the secretariat's review again
      const confirmed = status === 'completed' && task.status === 'completed' && !changes.completedOn && !docs.length ? task.completion_confirmed : false;
      await preparedQuery(
        this.dataSource,
        `UPDATE tasks SET status = $2, completed_on = $3, completion_confirmed = $4, progress_note = COALESCE($5, progress_note),
                version = version + 1, updated_at = now() WHERE id = $1`,
        [id, status, completedOn, confirmed, note],
        { manager: m },
      );
      if (docs.length) {
        await m.query(
          `INSERT INTO output_documents (task_id, number, issued_on, kind, title, created_at)
           SELECT $1, number, issued_on, kind, title, $3 FROM jsonb_to_recordset($2::jsonb) AS x(number text, issued_on date, kind text, title text)`,
          [id, JSON.stringify(docs.map((d) => ({ number: d.number, issued_on: d.issuedOn, kind: d.kind, title: d.title ?? null }))), this.clock.now()],
        );
        await refreshSearchText(m, id);
      }
      await this.history.record(m, id, actor.id, 'progress_reported', changes, note, null, reportPeriod);
      if (task.parent_id) await this.followChildren(m, task.parent_id, actor.id);
      if (status === 'completed' && task.status !== 'completed') {
        await this.notifications.notify(m, {
          userIds: await this.notifications.secretariatIds(m),
          kind: 'task_completed',
          title: `Báo cáo hoàn thành nhiệm vụ ${task.code}`,
          body: `Nhiệm vụ ${task.code} "${task.title}" (${task.plan_number}) được báo cáo hoàn thành ngày ${formatVietnameseDate(completedOn)}; đề nghị Thường trực xem xét, xác nhận.`,
          taskId: id,
        });
      }
    });
    return this.tasks.get(id);
  }

  /** The secretariat confirms a reported completion, or returns it with a reason (back to in progress). */
  async review(actor: Actor, id: string, input: { confirm: boolean; note?: string; version: number }): Promise<TaskView> {
    requireSecretariat(actor, 'review completions');
    await this.dataSource.transaction(async (m) => {
      const task = await this.lock(m, id);
      // what the reviewer saw: a second review of the same report, or one of a changed report, is a 409
      if (input.version !== task.version) throw staleVersion('task', input.version, task.version);
      if (task.lead_group_id) throw invalid('review the child task of each department; a collective task follows from them');
      if (task.status !== 'completed') throw invalid(`only a completed task can be reviewed; this one is ${task.status}`);
      const note = input.note?.trim() || null;
      let action: TaskAction;
      if (input.confirm) {
        if (task.completion_confirmed) throw conflict('this completion is already confirmed');
        await m.query(`UPDATE tasks SET completion_confirmed = true, version = version + 1, updated_at = now() WHERE id = $1`, [id]);
        action = 'completion_confirmed';
      } else {
        if (!note) throw invalid('note: give the reason for returning the completion');
        await m.query(
          `UPDATE tasks SET status = 'in_progress', completed_on = NULL, completion_confirmed = false, version = version + 1, updated_at = now() WHERE id = $1`,
          [id],
        );
        action = 'completion_returned';
        await this.notifications.notify(m, {
          userIds: await this.notifications.focalPointIds(task.lead_department_id, m),
          kind: 'completion_returned',
          title: `Nhiệm vụ ${task.code} chưa được xác nhận hoàn thành`,
          body: `Thường trực trả lại báo cáo hoàn thành nhiệm vụ ${task.code} "${task.title}" (${task.plan_number}). Lý do: ${note}`,
          taskId: id,
        });
      }
      const changes: Changes = input.confirm
        ? { completionConfirmed: { from: false, to: true } }
        : { status: { from: 'completed', to: 'in_progress' }, completedOn: { from: task.completed_on, to: null } };
      await this.history.record(m, id, actor.id, action, changes, note);
      if (task.parent_id) await this.followChildren(m, task.parent_id, actor.id);
    });
    return this.tasks.get(id);
  }

  async requestExtension(actor: Actor, id: string, input: { proposedDueDate: string; reason: string }) {
    return this.dataSource.transaction(async (m) => {
      const task = await this.lock(m, id);
      requireLeadFocalPoint(actor, { leadDepartmentId: task.lead_department_id }, 'ask for a deadline extension');
      if (!isOpenStatus(task.status)) throw invalid(`a ${task.status} task needs no extension`);
      if (task.due_date && input.proposedDueDate <= task.due_date) {
        throw invalid(`proposedDueDate ${input.proposedDueDate} must be after the current due date ${task.due_date}`);
      }
      const reason = input.reason.trim();
      if (!reason) throw invalid('reason: say why the extension is needed');
      const pending = await m.query(`SELECT 1 FROM extension_requests WHERE task_id = $1 AND status = 'pending'`, [id]);
      if (pending.length) throw conflict('this task already has a pending extension request');
      const [request] = await m.query(
        `INSERT INTO extension_requests (task_id, requested_by, current_due_date, proposed_due_date, reason)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${EXTENSION_COLUMNS}`,
        [id, actor.id, task.due_date, input.proposedDueDate, reason],
      );
      await this.history.record(m, id, actor.id, 'extension_requested', { proposedDueDate: { from: task.due_date, to: input.proposedDueDate } }, reason);
      await this.notifications.notify(m, {
        userIds: await this.notifications.secretariatIds(m),
        kind: 'extension_requested',
        title: `Đề nghị gia hạn nhiệm vụ ${task.code}`,
        body: `Đề nghị gia hạn nhiệm vụ ${task.code} "${task.title}" (${task.plan_number}) từ ${formatVietnameseDate(task.due_date) || 'chưa có hạn'} đến ${formatVietnameseDate(input.proposedDueDate)}. Lý do: ${reason}`,
        taskId: id,
        data: { extensionRequestId: request.id },
      });
      return request;
    });
  }

  /**
   * Approving moves the due date (the original stays on record); either way the requester is
   * told. `version` is the task's, as the secretariat saw it: a task changed since is a 409.
   */
  async decideExtension(actor: Actor, requestId: string, input: { approve: boolean; note?: string; version: number }) {
    requireSecretariat(actor, 'decide extension requests');
    return this.dataSource.transaction(async (m) => {
      const [request] = await m.query(`SELECT * FROM extension_requests WHERE id = $1 FOR UPDATE`, [requestId]);
      if (!request) throw notFound('extension request', requestId);
      if (request.status !== 'pending') throw conflict(`this extension request is already ${request.status}`, 'EXTENSION_REQUEST_DECIDED');
      const task = await this.lock(m, request.task_id);
      if (input.version !== task.version) throw staleVersion('task', input.version, task.version);
      const note = input.note?.trim() || null;
      const [[decided]] = await m.query(
        `UPDATE extension_requests SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1 RETURNING ${EXTENSION_COLUMNS}`,
        [requestId, input.approve ? 'approved' : 'rejected', actor.id, note],
      );
      if (input.approve) {
        await m.query(`UPDATE tasks SET due_date = $2, version = version + 1, updated_at = now() WHERE id = $1`, [task.id, request.proposed_due_date]);
        await this.history.record(m, task.id, actor.id, 'extension_approved', { dueDate: { from: task.due_date, to: request.proposed_due_date } }, note);
      } else {
        await this.history.record(m, task.id, actor.id, 'extension_rejected', {}, note);
      }
      await this.notifications.notify(m, {
        userIds: [request.requested_by],
        kind: 'extension_decided',
        title: `Đề nghị gia hạn nhiệm vụ ${task.code} ${input.approve ? 'được chấp thuận' : 'không được chấp thuận'}`,
        body: input.approve
          ? `Nhiệm vụ ${task.code} "${task.title}" (${task.plan_number}) được gia hạn đến ${formatVietnameseDate(request.proposed_due_date)}.${note ? ` Ghi chú: ${note}` : ''}`
          : `Đề nghị gia hạn nhiệm vụ ${task.code} "${task.title}" (${task.plan_number}) không được chấp thuận; hạn vẫn là ${formatVietnameseDate(task.due_date)}.${note ? ` Lý do: ${note}` : ''}`,
        taskId: task.id,
        data: { extensionRequestId: requestId, approved: input.approve },
      });
      return decided;
    });
  }

  async listExtensions(filter: { taskId?: string; status?: string }) {
    return this.dataSource.query(
      `SELECT ${EXTENSION_COLUMNS}, (SELECT t.version FROM tasks t WHERE t.id = e.task_id) AS "taskVersion" FROM extension_requests e
        WHERE ($1::uuid IS NULL OR task_id = $1) AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC LIMIT 200`,
      [filter.taskId ?? null, filter.status ?? null],
    );
  }

  /**
   * A focal point of the lead department asks for `cancelled` or `recurring` with a reason: on
   * the record, the secretariat told; one pending request per task.
   */
  async requestStatusChange(actor: Actor, id: string, input: { status: ReviewedStatus; reason: string }) {
    return this.dataSource.transaction(async (m) => {
      const task = await this.lock(m, id);
      requireLeadFocalPoint(actor, { leadDepartmentId: task.lead_department_id }, 'ask for a status change');
      if (!isReviewedStatus(input.status)) throw invalid(`status: ask for one of ${REVIEWED_STATUSES.join(', ')}; report other statuses through POST /tasks/${id}/updates`);
      if (task.status === input.status) throw invalid(`status: the task is already ${input.status}`);
      const reason = input.reason.trim();
      if (!reason) throw invalid('reason: say why the task should be ' + input.status);
      const pending = await m.query(`SELECT 1 FROM status_change_requests WHERE task_id = $1 AND state = 'pending'`, [id]);
      if (pending.length) throw conflict('this task already has a pending status change request', 'STATUS_CHANGE_REQUEST_PENDING');
      const [request] = await m.query(
        `INSERT INTO status_change_requests (task_id, requested_by, current_status, requested_status, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${STATUS_REQUEST_COLUMNS}`,
        [id, actor.id, task.status, input.status, reason, this.clock.now()],
      );
      await this.history.record(m, id, actor.id, 'status_change_requested', { requestedStatus: { from: task.status, to: input.status } }, reason);
      await this.notifications.notify(m, {
        userIds: await this.notifications.secretariatIds(m),
        kind: 'status_change_requested',
        title: `Đề nghị chuyển nhiệm vụ ${task.code} sang "${statusWord(input.status)}"`,
        body: `Đề nghị chuyển nhiệm vụ ${task.code} "${task.title}" (${task.plan_number}) từ "${statusWord(task.status)}" sang "${statusWord(input.status)}". Lý do: ${reason}`,
        taskId: id,
        data: { statusChangeRequestId: request.id, requestedStatus: input.status },
      });
      return { ...request, taskVersion: task.version };
    });
  }

  /**
   * The secretariat approves (the task takes the requested status, on the record) or rejects
   * with a reason; the requester is told either way. `version` is the task's, as the secretariat
   * saw it: a task changed since is a 409, and a request decided already is a 409.
   */
  async decideStatusChange(actor: Actor, requestId: string, input: { approve: boolean; note?: string; version: number }) {
    requireSecretariat(actor, 'decide status change requests');
    return this.dataSource.transaction(async (m) => {
      const [request] = await m.query(`SELECT * FROM status_change_requests WHERE id = $1 FOR UPDATE`, [requestId]);
      if (!request) throw notFound('status change request', requestId);
      if (request.state !== 'pending') throw conflict(`this status change request is already ${request.state}`, 'STATUS_CHANGE_REQUEST_DECIDED');
      const task = await this.lock(m, request.task_id);
      if (input.version !== task.version) throw staleVersion('task', input.version, task.version);
      const note = input.note?.trim() || null;
      if (!input.approve && !note) throw invalid('note: give the reason for rejecting the request');
      const to: ReviewedStatus = request.requested_status;
      const [[decided]] = await m.query(
        `UPDATE status_change_requests SET state = $2, decided_by = $3, decided_at = $5, decision_note = $4 WHERE id = $1 RETURNING ${STATUS_REQUEST_COLUMNS}`,
        [requestId, input.approve ? 'approved' : 'rejected', actor.id, note, this.clock.now()],
      );
      if (input.approve) {
        await m.query(
          `UPDATE tasks SET status = $2, completed_on = NULL, completion_confirmed = false, version = version + 1, updated_at = now() WHERE id = $1`,
          [task.id, to],
        );
        const changes: Changes = { status: { from: task.status, to } };
        if (task.completed_on) changes.completedOn = { from: task.completed_on, to: null };
        await this.history.record(m, task.id, actor.id, 'status_change_approved', changes, note);
        if (task.parent_id) await this.followChildren(m, task.parent_id, actor.id);
      } else {
        await this.history.record(m, task.id, actor.id, 'status_change_rejected', { requestedStatus: { from: task.status, to } }, note);
      }
      await this.notifications.notify(m, {
        userIds: [request.requested_by],
        kind: 'status_change_decided',
        title: `Đề nghị chuyển nhiệm vụ ${task.code} sang "${statusWord(to)}" ${input.approve ? 'được chấp thuận' : 'không được chấp thuận'}`,
        body: input.approve
          ? `Nhiệm vụ ${task.code} "${task.title}" (${task.plan_number}) được chuyển sang "${statusWord(to)}".${note ? ` Ghi chú: ${note}` : ''}`
          : `Đề nghị chuyển nhiệm vụ ${task.code} "${task.title}" (${task.plan_number}) sang "${statusWord(to)}" không được chấp thuận; nhiệm vụ vẫn ở trạng thái "${statusWord(task.status)}". Lý do: ${note}`,
        taskId: task.id,
        data: { statusChangeRequestId: requestId, approved: input.approve },
      });
      return { ...decided, taskVersion: input.approve ? task.version + 1 : task.version };
    });
  }

  async listStatusChanges(filter: { taskId?: string; state?: string }) {
    return this.dataSource.query(
      `SELECT ${STATUS_REQUEST_COLUMNS}, (SELECT t.version FROM tasks t WHERE t.id = r.task_id) AS "taskVersion" FROM status_change_requests r
        WHERE ($1::uuid IS NULL OR task_id = $1) AND ($2::text IS NULL OR state = $2) ORDER BY created_at DESC LIMIT 200`,
      [filter.taskId ?? null, filter.state ?? null],
    );
  }

  /**
   * A coordinating department's note: its own entry in the history (naming the department) and
   * on the task (the latest per department, in coordinatorNotes), never the lead's progress note.
   */
  private async addCoordinatorNote(m: EntityManager, actor: Actor, task: LockedTask, progressNote: string | undefined): Promise<void> {
    const note = progressNote?.trim();
    if (!note) throw invalid('progressNote: a coordinating department reports a note');
    const entry = { departmentId: actor.departmentId, note, at: this.clock.now().toISOString(), actorId: actor.id };
    await m.query(
      `UPDATE tasks SET coordinator_notes = (
                SELECT jsonb_agg(n ORDER BY n->>'departmentId')
                  FROM (SELECT n FROM jsonb_array_elements(coordinator_notes) n WHERE n->>'departmentId' <> $2
                        UNION ALL SELECT $3::jsonb) kept(n)),
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [task.id, actor.departmentId, JSON.stringify(entry)],
    );
    await this.history.record(m, task.id, actor.id, 'coordinator_note', {}, note, actor.departmentId);
  }

  /** Re-derives a collective task from its children; a change is on its own record too. */
  private async followChildren(m: EntityManager, parentId: string, actorId: string): Promise<void> {
    const [parent] = await m.query(`SELECT status, completed_on, completion_confirmed FROM tasks WHERE id = $1 FOR UPDATE`, [parentId]);
    const children: { status: TaskStatus; completedOn: string | null; completionConfirmed: boolean }[] = await m.query(
      `SELECT status, completed_on AS "completedOn", completion_confirmed AS "completionConfirmed" FROM tasks WHERE parent_id = $1`,
      [parentId],
    );
    const next = deriveCollectiveState(children);
    if (next.status === parent.status && next.completedOn === parent.completed_on && next.completionConfirmed === parent.completion_confirmed) return;
    await m.query(
      `UPDATE tasks SET status = $2, completed_on = $3, completion_confirmed = $4, version = version + 1, updated_at = now() WHERE id = $1`,
      [parentId, next.status, next.completedOn, next.completionConfirmed],
    );
    const changes: Changes = {};
    if (next.status !== parent.status) changes.status = { from: parent.status, to: next.status };
    if (next.completedOn !== parent.completed_on) changes.completedOn = { from: parent.completed_on, to: next.completedOn };
    await this.history.record(m, parentId, actorId, 'derived_from_children', changes);
  }

  private async lock(m: EntityManager, id: string): Promise<LockedTask> {
    const [task] = await preparedQuery<LockedTask>(this.dataSource, LOCK_TASK_SQL, [id], { manager: m });
    if (!task) throw notFound('task', id);
    return task;
  }
}

const isReviewedStatus = (status: string): status is ReviewedStatus => (REVIEWED_STATUSES as readonly string[]).includes(status);

/** A status as the province writes it (task-words.ts), inside a notice's sentence. */
const statusWord = (status: TaskStatus) => STATUS_WORDS[status].toLowerCase();

const STATUS_REQUEST_COLUMNS = `id, task_id AS "taskId", requested_by AS "requestedBy", current_status AS "currentStatus",
  requested_status AS "requestedStatus", reason, state, decided_by AS "decidedBy", decided_at AS "decidedAt",
  decision_note AS "decisionNote", created_at AS "createdAt"`;

const EXTENSION_COLUMNS = `id, task_id AS "taskId", requested_by AS "requestedBy", current_due_date AS "currentDueDate",
  proposed_due_date AS "proposedDueDate", reason, status, decided_by AS "decidedBy", decided_at AS "decidedAt",
  decision_note AS "decisionNote", created_at AS "createdAt"`;
