import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Clock, DomainError } from '@app/common';
import { PlansService } from '@app/plans';
import { requireSecretariat, TaskQueries, TasksService } from '@app/tasks';
import { mapTaskRows } from './map-task-rows';
import { readTaskTableInWorker } from './read-in-worker';
import { UploadedFile } from './read-table';
import { DepartmentRef, ExportTask, GroupRef, ImportedTaskRow, ImportRowError } from './types';
import { writeTaskTable } from './write-task-table';

export interface ImportResult {
  dryRun: boolean;
  rows: (ImportedTaskRow & { id?: string; existing?: boolean })[];
  errors: ImportRowError[];
}

/**
 * A plan's task table in and out. The file is read and every row checked before anything is
 * written; a real run writes all rows in one transaction, or none.
 */
@Injectable()
export class PlanImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlansService,
    private readonly tasks: TasksService,
    private readonly queries: TaskQueries,
    private readonly clock: Clock,
  ) {}

  async import(actor: Actor | null, planId: string, file: UploadedFile, options: { dryRun: boolean; update?: boolean }): Promise<ImportResult> {
    if (actor) requireSecretariat(actor, 'import task tables');
    const plan = await this.plans.get(planId);
    const table = await readTaskTableInWorker(file); // off the event loop, under IMPORT_LIMITS
    const { departments, groups } = await this.references();
    const mapped = mapTaskRows(table, { planYear: plan.year, planIssuedOn: plan.issuedOn, today: this.clock.today(), departments, groups });
    const errors = [...mapped.errors];

    const existing: { id: string; code: string }[] = await this.dataSource.query(
      `SELECT id, code FROM tasks WHERE plan_id = $1 AND code = ANY($2::text[])`,
      [planId, mapped.rows.map((r) => r.code)],
    );
    const existingByCode = new Map(existing.map((e) => [e.code, e.id]));
    if (existing.length && !options.update) {
      for (const row of mapped.rows.filter((r) => existingByCode.has(r.code))) {
        errors.push({ row: row.row, column: table.columns.code ?? 'STT', text: row.code, message: `task ${row.code} already exists in plan ${plan.number}; import with update=true to update it` });
      }
    }
    errors.sort((a, b) => a.row - b.row);
    const rows = mapped.rows.map((r) => ({ ...r, ...(existingByCode.has(r.code) ? { id: existingByCode.get(r.code), existing: true } : {}) }));
    if (options.dryRun) return { dryRun: true, rows, errors };
    if (errors.length) {
      throw new DomainError('validation', `the file has ${errors.length} error(s); nothing was imported`, { dryRun: false, rows, errors });
    }

    const fresh = mapped.rows.filter((r) => !existingByCode.has(r.code));
    const ids = await this.dataSource.transaction(async (m) => {
      const created = await this.tasks.createMany(m, actor?.id ?? null, planId, fresh.map(toNewTask));
      for (const row of mapped.rows.filter((r) => existingByCode.has(r.code))) {
        // an update corrects the plan's own fields; status and documents stay the departments' reports
        await this.tasks.updateIn(m, actor?.id ?? null, existingByCode.get(row.code)!, {
          title: row.title,
          sourceRef: row.sourceRef,
          group: row.group,
          deadlineText: row.deadlineText,
          expectedOutput: row.expectedOutput,
          submissionLevel: row.submissionLevel,
          note: row.note,
          // a table without "Ngày giao" leaves the task's assignment day as it is
          ...(table.columns.assignedOn ? { assignedOn: row.assignedOn } : {}),
        });
      }
      return created;
    });
    const idOf = new Map(fresh.map((r, i) => [r.code, ids[i]]));
    return { dryRun: false, rows: rows.map((r) => ({ ...r, id: r.id ?? idOf.get(r.code) })), errors: [] };
  }

  /** The plan's top-level tasks in the layout the import reads (a collective task once, led by its group). */
  async export(planId: string): Promise<{ fileName: string; buffer: Buffer }> {
    const plan = await this.plans.get(planId);
    const names: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM departments UNION ALL SELECT id, name FROM department_groups`,
    );
    const nameOf = new Map(names.map((n) => [n.id, n.name]));
    const tasks: ExportTask[] = [];
    for (let page = 1; ; page++) {
      const batch = await this.queries.list({ planId, parentId: null, page, limit: 200 }, this.clock.today());
      for (const t of batch.items) {
        tasks.push({
          code: t.code,
          sourceRef: t.sourceRef,
          group: t.group,
          title: t.title,
          lead: nameOf.get((t.leadDepartmentId ?? t.leadGroupId)!) ?? '',
          coordinating: t.coordinatingDepartmentIds.map((id) => nameOf.get(id) ?? id),
          deadlineText: t.deadlineText,
          dueDate: t.dueDate,
          status: t.status,
          progressNote: t.progressNote,
          completedOn: t.completedOn,
          expectedOutput: t.expectedOutput,
          submissionLevel: t.submissionLevel,
          outputDocuments: t.outputDocuments.map((d) => ({ number: d.number, issuedOn: d.issuedOn, kind: d.kind })),
          note: t.note,
        });
      }
      if (page * 200 >= batch.total) break;
    }
    const buffer = await writeTaskTable(plan, tasks);
    const fileName = `${plan.number.replace(/[^\p{L}\p{N}-]+/gu, '-')}-nhiem-vu.xlsx`;
    return { fileName, buffer };
  }

  private async references(): Promise<{ departments: DepartmentRef[]; groups: GroupRef[] }> {
    const [departments, groups] = await Promise.all([
      this.dataSource.query(`SELECT id, code, name, aliases FROM departments`),
      this.dataSource.query(
        `SELECT g.id, g.code, g.name, g.aliases, COALESCE(array_agg(m.department_id) FILTER (WHERE m.department_id IS NOT NULL), '{}') AS "departmentIds"
           FROM department_groups g LEFT JOIN department_group_members m ON m.group_id = g.id GROUP BY g.id`,
      ),
    ]);
    return { departments, groups };
  }
}

function toNewTask(row: ImportedTaskRow) {
  return {
    code: row.code,
    sourceRef: row.sourceRef,
    group: row.group,
    title: row.title,
    leadDepartmentId: row.leadDepartmentId,
    leadGroupId: row.leadGroupId,
    coordinatingDepartmentIds: row.coordinatingDepartmentIds,
    deadlineText: row.deadlineText,
    // the text is read again by the task rules (one parser); a date alone is taken as it is
    dueDate: row.deadlineText ? undefined : row.dueDate,
    expectedOutput: row.expectedOutput,
    submissionLevel: row.submissionLevel,
    requiresOutputDocument: row.requiresOutputDocument,
    status: row.status,
    progressNote: row.progressNote,
    completedOn: row.completedOn,
    outputDocuments: row.outputDocuments,
    note: row.note,
    assignedOn: row.assignedOn,
  };
}
