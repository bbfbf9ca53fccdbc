import { DeadlineTextError, parseDeadline } from '@app/deadlines';
import { completionProblem, deliveryDate, statusUnderDeadline } from '@app/tasks';
import { isoDate, parseDocuments } from './output-documents';
import { parseProgress } from './progress-status';
import { DepartmentResolver, Unit } from './resolve-departments';
import { TaskRowWithGroup, splitSections } from './section-rows';
import { assignCodes } from './task-codes';
import {
  CanonicalColumn,
  ImportRowError,
  ImportedTaskRow,
  MapContext,
  MapResult,
  OutputDocument,
  TaskTable,
} from './types';

/** Collects a row's problems with the column heading as the file writes it. */
type Report = (column: CanonicalColumn, text: string, message: string) => void;

/**
 * Turns a read table into the tasks it would create, collecting every problem (with row,
 * column heading and the text at fault) instead of stopping at the first. Rows with
 * problems are still returned, so a dry run can show them beside their errors.
 */
export function mapTaskRows(table: TaskTable, ctx: MapContext): MapResult {
  const resolver = new DepartmentResolver(ctx.departments, ctx.groups);
  const errors: ImportRowError[] = [];
  const tasks = splitSections(table.rows, table.columns.group !== undefined);
  const codes = assignCodes(tasks.map((task) => ({ stt: task.source.cells.code ?? null, group: task.group })));
  const rows = tasks.map((task, index) => {
    const report: Report = (column, text, message) =>
      errors.push({ row: task.source.row, column: table.columns[column] ?? column, text, message });
    return mapRow(task, codes[index], table, ctx, resolver, report);
  });
  errors.push(...duplicateCodes(rows, table));
  return { rows, errors };
}

function mapRow(
  task: TaskRowWithGroup,
  code: string,
  table: TaskTable,
  ctx: MapContext,
  resolver: DepartmentResolver,
  report: Report,
): ImportedTaskRow {
  const cells = task.source.cells;
  if (!cells.title) report('title', '', 'the task content is empty');
  const lead = mapLead(cells.lead, resolver, report);
  const coordinating = mapCoordinating(cells.coordinating, resolver, report);
  const deadline = mapDeadline(cells.deadline, ctx.planYear, report);
  const documents = [
    ...mapDocuments(cells.submittedDocuments, 'submitted', 'submittedDocuments', report),
    ...mapDocuments(cells.issuedDocuments, 'issued', 'issuedDocuments', report),
  ];
  const progress = parseProgress(cells.progress);
  // the task rules of the API, so the dry run shows what the write will store and refuse what the API refuses
  const status = statusUnderDeadline(progress.status, deadline.recurring);
  const completedOn = status === 'completed' ? mapCompletedOn(cells, documents, report) : null;
  const requiresOutputDocument = Boolean(cells.expectedOutput) || documents.length > 0;
  if (completedOn) {
    const problem = completionProblem({ completedOn, today: ctx.today, planIssuedOn: ctx.planIssuedOn, requiresOutputDocument, documents });
    if (problem) report(cells.completedOn ? 'completedOn' : 'progress', completedOn, problem.message);
  }
  const assignedOn = mapAssignedOn(cells.assignedOn, ctx.today, report);
  return {
    row: task.source.row,
    code,
    sourceRef: (table.columns.sourceRef ? cells.sourceRef : cells.code) ?? null,
    group: task.group,
    title: cells.title ?? '',
    leadDepartmentId: lead.departmentId,
    leadGroupId: lead.groupId,
    coordinatingDepartmentIds: unique([...lead.others, ...coordinating]).filter((id) => id !== lead.departmentId),
    deadlineText: cells.deadline ?? null,
    dueDate: deadline.dueDate,
    status,
    progressNote: progress.progressNote,
    completedOn,
    expectedOutput: cells.expectedOutput ?? null,
    submissionLevel: cells.submissionLevel ?? null,
    // A task needs evidence when the plan names a product for it or documents are already listed.
    requiresOutputDocument,
    outputDocuments: documents,
    note: cells.note ?? null,
    assignedOn,
  };
}

/** "Ngày giao": the day the task was assigned, when it is not its plan's issue date; empty is the plan's. Not after today. */
function mapAssignedOn(text: string | undefined, today: string, report: Report): string | null {
  if (!text) return null;
  const date = readDate(text);
  if (!date) report('assignedOn', text, `unreadable assignment date "${text}" (expected d/m/yyyy)`);
  else if (date > today) report('assignedOn', date, `assignment date ${date} is after today (${today})`);
  return date;
}

interface Lead {
  departmentId: string | null;
  groupId: string | null;
  /** Departments named after the first, expanded from groups: they coordinate. */
  others: string[];
}

/** The first unit named leads (a group makes a collective task); the rest coordinate. */
function mapLead(text: string | undefined, resolver: DepartmentResolver, report: Report): Lead {
  const none: Lead = { departmentId: null, groupId: null, others: [] };
  if (!text) {
    report('lead', '', 'the lead department is empty');
    return none;
  }
  const { units, problems } = resolver.resolve(text);
  problems.forEach((problem) => report('lead', text, problem));
  if (units.length === 0) {
    if (problems.length === 0) report('lead', text, `no department named in "${text}"`);
    return none;
  }
  const [first, ...rest] = units;
  return {
    departmentId: first.kind === 'department' ? first.ref.id : null,
    groupId: first.kind === 'group' ? first.ref.id : null,
    others: rest.flatMap(departmentIds),
  };
}

function mapCoordinating(text: string | undefined, resolver: DepartmentResolver, report: Report): string[] {
  if (!text) return [];
  const { units, problems } = resolver.resolve(text);
  problems.forEach((problem) => report('coordinating', text, problem));
  return units.flatMap(departmentIds);
}

function departmentIds(unit: Unit): string[] {
  return unit.kind === 'department' ? [unit.ref.id] : unit.ref.departmentIds;
}

function mapDeadline(text: string | undefined, planYear: number, report: Report) {
  try {
    const parsed = parseDeadline(text, planYear);
    return { dueDate: parsed.kind === 'date' ? parsed.dueDate : null, recurring: parsed.kind === 'recurring' };
  } catch (error) {
    if (!(error instanceof DeadlineTextError)) throw error;
    // Keep the helper's detail ("(expected e.g. …)") without repeating the text.
    const detail = error.message.split('is not a recognised deadline')[1] ?? '';
    report('deadline', text ?? '', `unreadable deadline "${text}"${detail}`);
    return { dueDate: null, recurring: false };
  }
}

function mapDocuments(
  text: string | undefined,
  kind: OutputDocument['kind'],
  column: CanonicalColumn,
  report: Report,
): OutputDocument[] {
  const { documents, problems } = parseDocuments(text, kind);
  problems.forEach((problem) => report(column, text!, problem));
  return documents;
}

/**
 * A completed task's completion day: the "Ngày hoàn thành" cell when there is one, else the day
 * the lead department delivered (DOMAIN.md "Status and timeliness"): its earliest submitted
 * document (văn bản trình), else its earliest issued document. Not the latest document: that is
 * usually the province's issuance, days after the department submitted, and would make tasks
 * delivered on time late (seed 004: "05/11 nhiệm vụ đúng thời hạn" for Decision 36, rows 3 and
 * 5). Every document keeps its own date. With neither, the row is an error: DOMAIN.md requires a
 * completion date, and guessing one would skew on-time figures.
 */
function mapCompletedOn(
  cells: TaskTable['rows'][number]['cells'],
  documents: OutputDocument[],
  report: Report,
): string | null {
  if (cells.completedOn) {
    const date = readDate(cells.completedOn);
    if (!date) report('completedOn', cells.completedOn, `unreadable completion date "${cells.completedOn}" (expected d/m/yyyy)`);
    return date;
  }
  const delivered = deliveryDate(documents);
  if (!delivered) {
    report(
      'progress',
      cells.progress ?? '',
      `the task is marked completed ("${cells.progress}") but no dated document gives its completion date; list the document in "Văn bản trình" or "Văn bản ban hành"`,
    );
  }
  return delivered;
}

function readDate(text: string): string | null {
  const dmy = text.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  if (dmy) return isoDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  const iso = text.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  return iso ? isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) : null;
}

function duplicateCodes(rows: ImportedTaskRow[], table: TaskTable): ImportRowError[] {
  const firstRow = new Map<string, number>();
  const errors: ImportRowError[] = [];
  for (const row of rows) {
    const first = firstRow.get(row.code);
    if (first === undefined) {
      firstRow.set(row.code, row.row);
      continue;
    }
    const column = table.columns.code ?? table.columns.title ?? 'code';
    const text = table.rows.find((source) => source.row === row.row)?.cells.code ?? row.code;
    errors.push({ row: row.row, column, text, message: `duplicate code "${row.code}": rows ${first} and ${row.row} both have it` });
  }
  return errors;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
