import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Clock, conflict, DomainError, foldVietnamese, invalid, isUniqueViolation, notFound, Page, staleVersion } from '@app/common';
import { DeadlineTextError, parseDeadline } from '@app/deadlines';
import { DepartmentsService } from '@app/departments';
import { PlansService } from '@app/plans';
import { deriveCollectiveState } from './collective/collective-status';
import { requireSecretariat } from './task-access';
import { Changes, TaskHistory } from './history/task-history';
import { TaskFilter, TaskQueries, TaskView } from './reading/task-queries';
import { completionProblem, statusUnderDeadline } from './task-rules';
import { DocumentKind, TaskStatus } from './task.entity';

export interface DocumentInput {
  number: string;
  issuedOn: string;
  kind: DocumentKind;
  title?: string | null;
}

export interface NewTask {
  code: string;
  sourceRef?: string | null;
  group?: string | null;
  title: string;
  leadDepartmentId?: string | null;
  /** A collective assignment: one child task per member department. */
  leadGroupId?: string | null;
  coordinatingDepartmentIds?: string[];
  deadlineText?: string | null;
  dueDate?: string | null;
  expectedOutput?: string | null;
  submissionLevel?: string | null;
  requiresOutputDocument?: boolean;
  note?: string | null;
  /** The day the task was assigned when it is not its plan's issue date (YYYY-MM-DD, not after today; null: the plan's). */
  assignedOn?: string | null;
  /** Imports bring the state a plan's table reports; the API creates tasks not started. */
  status?: TaskStatus;
  progressNote?: string | null;
  completedOn?: string | null;
  outputDocuments?: DocumentInput[];
}

export type TaskPatch = Partial<Omit<NewTask, 'status' | 'progressNote' | 'completedOn' | 'outputDocuments' | 'leadGroupId'>> & { version?: number };

/** A document number as stored: trimmed, NFC (so a composed and a decomposed "Đ" are the same). */
export const documentNumber = (number: string) => number.normalize('NFC').trim().replace(/\s+/g, ' ');

export function searchText(task: { code: string; sourceRef?: string | null; title: string }, documentNumbers: string[]): string {
  return foldVietnamese([task.code, task.sourceRef ?? '', task.title, ...documentNumbers].join(' '));
}

/** Creating and editing tasks (the secretariat's work), and reading them. */
@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queries: TaskQueries,
    private readonly history: TaskHistory,
    private readonly plans: PlansService,
    private readonly departments: DepartmentsService,
    private readonly clock: Clock,
  ) {}

  list(filter: TaskFilter): Promise<Page<TaskView>> {
    return this.queries.list(filter, this.clock.today());
  }

  /** The page as JSON in UTF-8 bytes, for the HTTP layer to send as they are. */
  listJson(filter: TaskFilter): Promise<Buffer> {
    return this.queries.listJson(filter, this.clock.today());
  }

  /** The task as JSON text, for the HTTP layer to send as it is. */
  async getJson(id: string): Promise<string> {
    const task = await this.queries.getJson(id, this.clock.today());
    if (task === null) throw notFound('task', id);
    return task;
  }

  async get(id: string, manager?: EntityManager): Promise<TaskView> {
    const task = await this.queries.get(id, this.clock.today(), manager);
    if (!task) throw notFound('task', id);
    return task;
  }

  async create(actor: Actor, planId: string, input: NewTask): Promise<TaskView> {
    requireSecretariat(actor, 'create tasks');
    const [id] = await this.dataSource.transaction((m) => this.createMany(m, actor.id, planId, [input]));
    return this.get(id);
  }

  /**
   * Creates tasks in bulk (one statement per table, whatever the count), with their children,
   * coordinators, documents and a "created" history row each. Throws on the first bad task;
   * the caller's transaction then writes nothing. Returns the ids of the given tasks.
   */
  async createMany(manager: EntityManager, actorId: string | null, planId: string, inputs: NewTask[]): Promise<string[]> {
    // on the caller's transaction: a second connection per creation could exhaust the pool under
    // parallel creations; and only a missing plan is "unknown" (a database error stays what it is)
    const plan = await this.plans.get(planId, manager).catch((error) => {
      if (error instanceof DomainError && error.code === 'not_found') throw invalid(`planId: unknown plan ${planId}`);
      throw error;
    });
    await this.departments.requireAll(
      inputs.flatMap((t) => [...(t.leadDepartmentId ? [t.leadDepartmentId] : []), ...(t.coordinatingDepartmentIds ?? [])]),
      'leadDepartmentId / coordinatingDepartmentIds',
      manager,
    );
    const groupMembers = await this.departments.groupMembers(inputs.map((t) => t.leadGroupId).filter((g): g is string => !!g), manager);

    const rows: Record<string, unknown>[] = [];
    const coordinators: { task_id: string; department_id: string }[] = [];
    const documents: Record<string, unknown>[] = [];
    const ids: string[] = [];
    const today = this.clock.today();
    for (const input of inputs) {
      if (!!input.leadDepartmentId === !!input.leadGroupId) throw invalid(`task ${input.code}: give exactly one of leadDepartmentId and leadGroupId`);
      checkAssignedOn(input.assignedOn, today, input.code);
      const deadline = this.resolveDeadline(input, plan.year);
      const status = statusUnderDeadline(input.status ?? 'not_started', deadline.recurring);
      const docs = (input.outputDocuments ?? []).map((d) => ({ ...d, number: documentNumber(d.number) }));
      this.checkDocuments(input.code, docs, [], today);
      const completedOn = status === 'completed' ? input.completedOn ?? null : null;
      if (status === 'completed') {
        // an import brings completed tasks: the rules a progress report meets (the import checked them already, row by row)
        const problem = completionProblem({
          completedOn,
          today,
          planIssuedOn: plan.issuedOn,
          requiresOutputDocument: input.requiresOutputDocument ?? true,
          documents: docs,
        });
        if (problem) throw invalid(`task ${input.code}: ${problem.message}`);
      }
      const base = {
        plan_id: planId,
        code: input.code.trim(),
        source_ref: input.sourceRef ?? null,
        group_name: input.group ?? null,
        title: input.title.trim(),
        deadline_text: input.deadlineText?.trim() || null,
        due_date: deadline.dueDate,
        original_due_date: deadline.dueDate,
        yearly: deadline.yearly,
        expected_output: input.expectedOutput ?? null,
        submission_level: input.submissionLevel ?? null,
        requires_output_document: input.requiresOutputDocument ?? true,
        progress_note: input.progressNote ?? null,
        note: input.note ?? null,
        // a collective task's parts are assigned with it
        assigned_on: input.assignedOn ?? null,
      };
      const id = randomUUID();
      ids.push(id);
      const children = input.leadGroupId ? groupMembers.get(input.leadGroupId)! : [];
      const childRows = this.childRows(id, base, children, { status, completedOn, docs });
      const own = input.leadGroupId
        ? deriveCollectiveState(childRows.map((c) => ({ status: c.status as TaskStatus, completedOn: c.completed_on as string | null, completionConfirmed: false })))
        : { status, completedOn };
      rows.push({
        ...base,
        id,
        parent_id: null,
        lead_department_id: input.leadDepartmentId ?? null,
        lead_group_id: input.leadGroupId ?? null,
        status: own.status,
        completed_on: own.completedOn,
        search_text: searchText(base, docs.map((d) => d.number)),
      });
      rows.push(...childRows);
      for (const departmentId of new Set(input.coordinatingDepartmentIds ?? [])) coordinators.push({ task_id: id, department_id: departmentId });
      // a collective task's documents belong to its children, each department reporting its own
      const docOwners = input.leadGroupId ? childRows.map((c) => c.id as string) : [id];
      for (const owner of docOwners) for (const d of docs) documents.push({ task_id: owner, number: d.number, issued_on: d.issuedOn, kind: d.kind, title: d.title ?? null });
    }

    try {
      await manager.query(
        `INSERT INTO tasks (id, plan_id, parent_id, code, source_ref, group_name, title, lead_department_id, lead_group_id,
                            deadline_text, due_date, original_due_date, yearly, expected_output, submission_level,
                            requires_output_document, status, progress_note, completed_on, search_text, note, assigned_on)
         SELECT id, plan_id, parent_id, code, source_ref, group_name, title, lead_department_id, lead_group_id,
                deadline_text, due_date, original_due_date, yearly, expected_output, submission_level,
                requires_output_document, status, progress_note, completed_on, search_text, note, assigned_on
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(doc, ord), jsonb_populate_record(NULL::tasks, e.doc)
          ORDER BY ord`,
        [JSON.stringify(rows)],
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        const code = /\(plan_id, code\)=\([^,]+, (.*)\)/.exec(error.detail ?? '')?.[1];
        throw conflict(`task code ${code ?? ''} already exists in this plan`.replace('  ', ' '));
      }
      throw error;
    }
    if (coordinators.length) {
      await manager.query(
        `INSERT INTO task_coordinators (task_id, department_id) SELECT task_id, department_id FROM jsonb_to_recordset($1::jsonb) AS x(task_id uuid, department_id uuid)`,
        [JSON.stringify(coordinators)],
      );
    }
    if (documents.length) {
      await manager.query(
        `INSERT INTO output_documents (task_id, number, issued_on, kind, title, created_at)
         SELECT task_id, number, issued_on, kind, title, $2 FROM jsonb_to_recordset($1::jsonb) AS x(task_id uuid, number text, issued_on date, kind text, title text)`,
        [JSON.stringify(documents), this.clock.now()],
      );
    }
    await this.history.recordCreated(manager, rows.map((r) => r.id as string), actorId);
    return ids;
  }

  /**
   * Edits a task's fields (secretariat only); a deadline change is on the record with old and
   * new dates. `version` is required: the check runs under the task's row lock, so of two edits
   * made on the same version exactly one applies and the other is a 409.
   */
  async update(actor: Actor, id: string, patch: TaskPatch & { version: number }): Promise<TaskView> {
    requireSecretariat(actor, 'edit tasks');
    await this.dataSource.transaction((m) => this.updateIn(m, actor.id, id, patch));
    return this.get(id);
  }

  /** The edit inside the caller's transaction (imports update many tasks in one, without a version). */
  async updateIn(m: EntityManager, actorId: string | null, id: string, patch: TaskPatch): Promise<void> {
    const [task] = await m.query(`SELECT t.*, p.year FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = $1 FOR UPDATE OF t`, [id]);
    if (!task) throw notFound('task', id);
    if (patch.version !== undefined && patch.version !== task.version) throw staleVersion('task', patch.version, task.version);
    if (task.parent_id && (patch.leadDepartmentId || patch.deadlineText !== undefined || patch.dueDate !== undefined)) {
      throw invalid('this task is part of a collective task: change the lead or deadline on the collective task');
    }
    if (task.lead_group_id && patch.leadDepartmentId) throw invalid('leadDepartmentId: a collective task is led by its group');
    // null clears an optional field (group, note, …); these a task always has
    for (const field of ['code', 'title', 'leadDepartmentId', 'requiresOutputDocument'] as const) {
      if (patch[field] === null) throw invalid(`${field} cannot be cleared (null): a task always has one; leave it out to keep it`);
    }
    if (patch.leadDepartmentId) await this.departments.requireAll([patch.leadDepartmentId], 'leadDepartmentId');
    if (patch.coordinatingDepartmentIds) await this.departments.requireAll(patch.coordinatingDepartmentIds, 'coordinatingDepartmentIds');

    const fields: Record<string, unknown> = {};
    const changes: Changes = {};
    const set = (column: string, field: string, value: unknown) => {
      if (value === undefined || value === task[column]) return;
      fields[column] = value;
      changes[field] = { from: task[column], to: value };
    };
    set('code', 'code', patch.code?.trim());
    // an optional text sent empty clears it, as null does: the pages' cleared fields send ''
    const optional = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);
    set('source_ref', 'sourceRef', optional(patch.sourceRef));
    set('group_name', 'group', optional(patch.group));
    set('title', 'title', patch.title?.trim());
    set('lead_department_id', 'leadDepartmentId', patch.leadDepartmentId);
    set('expected_output', 'expectedOutput', optional(patch.expectedOutput));
    set('submission_level', 'submissionLevel', optional(patch.submissionLevel));
    set('requires_output_document', 'requiresOutputDocument', patch.requiresOutputDocument);
    set('note', 'note', optional(patch.note));
    if (patch.assignedOn !== undefined) {
      if (task.parent_id) throw invalid('assignedOn: this task is part of a collective task: change it on the collective task');
      checkAssignedOn(patch.assignedOn, this.clock.today());
      set('assigned_on', 'assignedOn', patch.assignedOn);
    }
    let deadlineChanged = false;
    if (patch.deadlineText !== undefined || patch.dueDate !== undefined) {
      const deadline = this.resolveDeadline(
        { deadlineText: patch.deadlineText !== undefined ? patch.deadlineText : patch.dueDate ? task.deadline_text : null, dueDate: patch.dueDate },
        task.year,
        task.code,
      );
      set('deadline_text', 'deadlineText', patch.deadlineText !== undefined ? patch.deadlineText?.trim() || null : undefined);
      set('due_date', 'dueDate', deadline.dueDate);
      set('yearly', 'yearly', deadline.yearly);
      set('status', 'status', statusUnderDeadline(task.status, deadline.recurring));
      if (task.original_due_date === null && deadline.dueDate) fields.original_due_date = deadline.dueDate;
      deadlineChanged = 'dueDate' in changes;
    }
    if (patch.coordinatingDepartmentIds) {
      const before: { department_id: string }[] = await m.query(`SELECT department_id FROM task_coordinators WHERE task_id = $1 ORDER BY 1`, [id]);
      const after = [...new Set(patch.coordinatingDepartmentIds)].sort();
      const from = before.map((b) => b.department_id);
      if (from.join() !== after.join()) {
        await m.query(`DELETE FROM task_coordinators WHERE task_id = $1`, [id]);
        await m.query(`INSERT INTO task_coordinators (task_id, department_id) SELECT $1, unnest($2::uuid[])`, [id, after]);
        // the task shows the notes of its coordinating departments only (the history keeps every note)
        await m.query(
          `UPDATE tasks SET coordinator_notes = COALESCE((SELECT jsonb_agg(n ORDER BY n->>'departmentId') FROM jsonb_array_elements(coordinator_notes) n
                                                          WHERE n->>'departmentId' = ANY($2::text[])), '[]')
            WHERE id = $1`,
          [id, after],
        );
        changes.coordinatingDepartmentIds = { from, to: after };
      }
    }
    if (!Object.keys(changes).length) return;
    await this.write(m, id, fields);
    await this.history.record(m, id, actorId, deadlineChanged ? 'deadline_changed' : 'edited', changes);
    if ('assignedOn' in changes && task.lead_group_id) {
      // its parts are assigned with it
      const children: { id: string; from: string | null }[] = await m.query(
        `UPDATE tasks c SET assigned_on = $2, version = c.version + 1, updated_at = now()
           FROM tasks old WHERE old.id = c.id AND c.parent_id = $1 AND c.assigned_on IS DISTINCT FROM $2::date
         RETURNING c.id, old.assigned_on AS "from"`,
        [id, fields.assigned_on],
      ).then(([rows]: [{ id: string; from: string | null }[], number]) => rows);
      await this.history.recordMany(m, children.map((c) => ({ taskId: c.id, changes: { assignedOn: { from: c.from, to: fields.assigned_on } } })), actorId, 'edited');
    }
    if (deadlineChanged && task.lead_group_id) {
      // children share their collective task's deadline
      const [children]: [{ id: string; from: string | null; to: string | null }[], number] = await m.query(
        `UPDATE tasks c SET due_date = $2, deadline_text = $3, yearly = $4, version = c.version + 1, updated_at = now()
           FROM tasks old WHERE old.id = c.id AND c.parent_id = $1
         RETURNING c.id, old.due_date AS "from", c.due_date AS "to"`,
        [id, fields.due_date ?? task.due_date, fields.deadline_text ?? task.deadline_text, fields.yearly ?? task.yearly],
      );
      await this.history.recordMany(m, children.map((c) => ({ taskId: c.id, changes: { dueDate: { from: c.from, to: c.to } } })), actorId, 'deadline_changed');
    }
  }

  /** Writes columns, bumps the version, refreshes the search text. */
  private async write(m: EntityManager, id: string, fields: Record<string, unknown>): Promise<void> {
    const columns = Object.keys(fields);
    const assignments = columns.map((c, i) => `${c} = $${i + 2}`);
    try {
      await m.query(`UPDATE tasks SET ${[...assignments, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`, [id, ...columns.map((c) => fields[c])]);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`task code ${fields.code} already exists in this plan`);
      throw error;
    }
    await refreshSearchText(m, id);
  }

  private resolveDeadline(input: { deadlineText?: string | null; dueDate?: string | null; code?: string }, planYear: number, code = input.code) {
    // a given dueDate wins; the text is kept as written
    if (input.dueDate) return { dueDate: input.dueDate, yearly: false, recurring: false };
    try {
      const parsed = parseDeadline(input.deadlineText, planYear);
      return {
        dueDate: parsed.kind === 'date' ? parsed.dueDate : null,
        yearly: parsed.kind === 'date' && parsed.yearly,
        recurring: parsed.kind === 'recurring',
      };
    } catch (error) {
      if (error instanceof DeadlineTextError) throw invalid(`deadlineText${code ? ` of task ${code}` : ''}: ${error.message}`);
      throw error;
    }
  }

  /** Document rules shared by creation and progress reports: dates not in the future, no number twice. */
  checkDocuments(code: string, docs: DocumentInput[], existing: string[], today: string): void {
    const seen = new Set(existing);
    for (const doc of docs) {
      if (!doc.number) throw invalid(`outputDocuments: a document of task ${code} has no number`);
      if (seen.has(doc.number)) throw conflict(`outputDocuments: document ${doc.number} is already on task ${code}`);
      if (doc.issuedOn > today) throw invalid(`outputDocuments: document ${doc.number} is dated ${doc.issuedOn}, after today (${today})`);
      seen.add(doc.number);
    }
  }

  /** One child task per member department of a collective task, coded "<code>/<department code>". */
  private childRows(
    parentId: string,
    base: Record<string, unknown>,
    departments: { id: string; code: string }[],
    state: { status: TaskStatus; completedOn: string | null; docs: DocumentInput[] },
  ): Record<string, unknown>[] {
    return departments.map((d) => {
      const code = `${base.code}/${d.code}`;
      return {
        ...base,
        id: randomUUID(),
        parent_id: parentId,
        code,
        lead_department_id: d.id,
        lead_group_id: null,
        status: state.status,
        completed_on: state.completedOn,
        search_text: searchText({ code, sourceRef: base.source_ref as string | null, title: base.title as string }, state.docs.map((x) => x.number)),
      };
    });
  }
}

/** A task's assignment day: a day (the DTO checks the form), not after today. */
function checkAssignedOn(assignedOn: string | null | undefined, today: string, code?: string): void {
  if (!assignedOn) return;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(assignedOn)) throw invalid(`assignedOn${code ? ` of task ${code}` : ''}: must be a date written YYYY-MM-DD, got "${assignedOn}"`);
  if (assignedOn > today) throw invalid(`assignedOn${code ? ` of task ${code}` : ''}: ${assignedOn} is after today (${today})`);
}

/** Recomputes the folded search text of a task from its code, title and document numbers. */
export async function refreshSearchText(m: EntityManager, id: string): Promise<void> {
  const [task]: { code: string; source_ref: string | null; title: string; numbers: string[] }[] = await m.query(
    `SELECT t.code, t.source_ref, t.title, ARRAY(SELECT d.number FROM output_documents d WHERE d.task_id = t.id) AS numbers
       FROM tasks t WHERE t.id = $1`,
    [id],
  );
  await m.query(`UPDATE tasks SET search_text = $2 WHERE id = $1`, [id, searchText({ code: task.code, sourceRef: task.source_ref, title: task.title }, task.numbers)]);
}
