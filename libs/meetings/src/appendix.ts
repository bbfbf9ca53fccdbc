import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { invalid, notFound } from '@app/common';
import { RollupsService } from '@app/rollups';
import { STATUS_WORDS, TaskHistory, TaskStateOnDay, TaskStatus } from '@app/tasks';

/**
 * The per-task appendix of a plan as of a cut-off (issue 16 item 4), laid out like seed 004's
 * Phụ lục 2 and 4 and seed 003's annexes: section rows from `group`, the source numbering, the
 * task, the deadline as written, the level it goes to, the product, then the result as of the
 * cut-off: progress, the submitted document, the issued document. One per plan (top-level
 * tasks, a collective task once with its "x/y đơn vị"), or a department's cut of it (what one
 * department files about its own tasks, parts of collective tasks included).
 *
 * The state of each task at the cut-off (status, due date, documents, progress note) comes from
 * TaskHistory.stateOnDay, the cut-off read *as done* like the roll-up of that day (issue 16 item
 * 1: the dates the work happened, as known now; documents dated by the cut-off; a task from its
 * assignment), so a plan imported today has its appendix of a past day. Inside a meeting
 * summary it is read in the summary's transaction, like the rest of the summary.
 */
export interface AppendixDocument {
  number: string;
  issuedOn: string;
}

export interface AppendixRow {
  taskId: string;
  /** The section heading as written (Nhóm), or null. */
  group: string | null;
  code: string;
  /** The numbering of the source ("STT theo QĐ 36"). */
  sourceRef: string | null;
  title: string;
  /** The deadline as written ("Quý II/2024"). */
  deadlineText: string | null;
  /** The due date at the cut-off. */
  dueDate: string | null;
  submissionLevel: string | null;
  expectedOutput: string | null;
  /** The lead department's name, or the group's for a collective task. */
  lead: string | null;
  status: TaskStatus;
  /** "Tiến độ thực hiện" at the cut-off: Hoàn thành, the progress note then, or the status; null when not started. */
  progress: string | null;
  submitted: AppendixDocument[];
  issued: AppendixDocument[];
  /** A collective task's parts at the cut-off: completed of those not cancelled. */
  collectiveParts: { completed: number; total: number } | null;
}

export interface AppendixTable {
  planId: string;
  planNumber: string;
  planKind: string;
  planTitle: string;
  planIssuedOn: string;
  issuer: string;
  asOf: string;
  /** The department's cut, or null for the whole plan. */
  departmentId: string | null;
  departmentName: string | null;
  /** Whether the rows name their lead (more than one lead among them); else the title names the one. */
  showLead: boolean;
  rows: AppendixRow[];
}

export interface AppendixScope {
  planId: string;
  asOf?: string;
  departmentId?: string;
}

/** The words of plan kinds as the appendices' headings write them ("STT theo Quyết định 36/QĐ-UBND"). */
export const PLAN_KIND_WORDS: Record<string, string> = {
  plan: 'Kế hoạch',
  decision: 'Quyết định',
  conclusion_notice: 'Thông báo kết luận',
  directive: 'Chỉ thị',
  other: 'Văn bản',
};

interface LabelRow {
  id: string;
  parentId: string | null;
  leadGroupId: string | null;
  code: string;
  sourceRef: string | null;
  group: string | null;
  title: string;
  deadlineText: string | null;
  submissionLevel: string | null;
  expectedOutput: string | null;
  leadDepartmentId: string | null;
  lead: string | null;
}

@Injectable()
export class AppendixService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rollups: RollupsService,
    private readonly history: TaskHistory,
  ) {}

  /**
   * The appendix of one plan (or a department's cut of it) as of the day. The task fields come
   * from one statement, the states on the cut-off as done from TaskHistory.stateOnDay, one
   * statement for every task of the plan; both on `manager` inside a summary's transaction.
   */
  async table(scope: AppendixScope, manager?: EntityManager): Promise<AppendixTable> {
    return (await this.load(scope, manager)).table;
  }

  /**
   * The appendices of a meeting's plans as of its cut-off, and the "x/y đơn vị" at the cut-off of
   * the collective task each part belongs to (by the part's id), for the summary's lists.
   */
  async forSummary(planIds: string[], asOf: string, manager?: EntityManager): Promise<{ appendices: AppendixTable[]; partsOfTask: Map<string, { completed: number; total: number }> }> {
    const appendices: AppendixTable[] = [];
    const partsOfTask = new Map<string, { completed: number; total: number }>();
    // one plan at a time: a few statements per plan, none per task
    for (const planId of planIds) {
      const loaded = await this.load({ planId, asOf }, manager);
      appendices.push(loaded.table);
      for (const [id, parts] of loaded.partsOfTask) partsOfTask.set(id, parts);
    }
    return { appendices, partsOfTask };
  }

  private async load(scope: AppendixScope, manager?: EntityManager): Promise<{ table: AppendixTable; partsOfTask: Map<string, { completed: number; total: number }> }> {
    const { asOf, until } = this.rollups.resolveAsOf(scope.asOf);
    const q = manager ?? this.dataSource.manager;
    const [plan] = await q.query(
      `SELECT id, number, kind, title, issued_on AS "issuedOn", issuer FROM plans WHERE id = $1`,
      [scope.planId],
    );
    if (!plan) throw notFound('plan', scope.planId);
    let departmentName: string | null = null;
    if (scope.departmentId) {
      const [department] = await q.query(`SELECT name FROM departments WHERE id = $1`, [scope.departmentId]);
      if (!department) throw invalid(`departmentId: unknown department ${scope.departmentId}`);
      departmentName = department.name;
    }
    const labels: LabelRow[] = await q.query(
      `SELECT t.id, t.parent_id AS "parentId", t.lead_group_id AS "leadGroupId", t.code, t.source_ref AS "sourceRef",
              t.group_name AS "group", t.title, t.deadline_text AS "deadlineText", t.submission_level AS "submissionLevel",
              t.expected_output AS "expectedOutput", t.lead_department_id AS "leadDepartmentId", COALESCE(d.name, g.name) AS lead
         FROM tasks t
         LEFT JOIN departments d ON d.id = t.lead_department_id
         LEFT JOIN department_groups g ON g.id = t.lead_group_id
        WHERE t.plan_id = $1
        ORDER BY t.seq`,
      [scope.planId],
    );
    // the cut-off read as done, like the roll-up of that day (issue 16 item 1)
    const states = labels.length ? await this.history.stateOnDay(labels.map((l) => l.id), asOf, until, manager) : new Map<string, TaskStateOnDay>();

    // the parts of each collective task at the cut-off
    const parts = new Map<string, { completed: number; total: number }>();
    for (const label of labels) {
      const state = states.get(label.id);
      if (!label.parentId || !state) continue;
      const entry = parts.get(label.parentId) ?? { completed: 0, total: 0 };
      if (state.status !== 'cancelled') entry.total += 1;
      if (state.status === 'completed') entry.completed += 1;
      parts.set(label.parentId, entry);
    }

    const partsOfTask = new Map<string, { completed: number; total: number }>();
    for (const label of labels) if (label.parentId && parts.has(label.parentId)) partsOfTask.set(label.id, parts.get(label.parentId)!);

    const rows: AppendixRow[] = [];
    for (const label of labels) {
      const state = states.get(label.id);
      if (!state) continue; // not assigned yet at the cut-off
      if (scope.departmentId ? label.leadDepartmentId !== scope.departmentId : label.parentId !== null) continue;
      const status = state.status as TaskStatus;
      const documents = (kind: string) => state.documents.filter((d) => d.kind === kind).map((d) => ({ number: d.number, issuedOn: d.issuedOn }));
      rows.push({
        taskId: label.id,
        group: label.group,
        code: label.code,
        sourceRef: label.sourceRef,
        title: label.title,
        deadlineText: label.deadlineText,
        dueDate: state.dueDate,
        submissionLevel: label.submissionLevel,
        expectedOutput: label.expectedOutput,
        lead: label.lead,
        status,
        progress: progressText(status, state.progressNote),
        submitted: documents('submitted'),
        issued: documents('issued'),
        collectiveParts: label.leadGroupId ? (parts.get(label.id) ?? { completed: 0, total: 0 }) : null,
      });
    }
    const table: AppendixTable = {
      planId: plan.id,
      planNumber: plan.number,
      planKind: plan.kind,
      planTitle: plan.title,
      planIssuedOn: plan.issuedOn,
      issuer: plan.issuer,
      asOf,
      departmentId: scope.departmentId ?? null,
      departmentName,
      showLead: new Set(rows.map((r) => r.lead)).size > 1,
      rows,
    };
    return { table, partsOfTask };
  }
}

/**
 * "Tiến độ thực hiện" as the reports write it: "Hoàn thành" for a completed task, the progress
 * note of the day for one under way ("Đang dự thảo"), else the status in words; empty for a
 * task not started (seed 004 leaves those cells blank) and for a recurring one without a note in
 * the cut-off's report period (TaskHistory.stateOnDay).
 */
export function progressText(status: TaskStatus, note: string | null): string | null {
  if (status === 'completed') return STATUS_WORDS.completed;
  // a recurring task: the note of the cut-off's report period, blank until that period has one
  if (status === 'not_started' || status === 'recurring') return note;
  return note ?? STATUS_WORDS[status];
}

/** "x/y đơn vị" as the reports print it beside a collective task. */
export const partsText = (parts: { completed: number; total: number }) => `${parts.completed}/${parts.total} đơn vị`;
