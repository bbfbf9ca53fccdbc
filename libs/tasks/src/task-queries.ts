import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { foldVietnamese, Page, PageQuery } from '@app/common';
import { preparedQuery } from '@app/database/prepared-query';
import { TaskStatus } from './task.entity';
import { TIMELINESS, Timeliness, timelinessCase, timelinessCondition } from './timeliness';

export interface OutputDocumentView {
  id: string;
  number: string;
  issuedOn: string;
  kind: 'submitted' | 'issued';
  title: string | null;
}

export interface TaskView {
  id: string;
  planId: string;
  parentId: string | null;
  code: string;
  sourceRef: string | null;
  group: string | null;
  title: string;
  leadDepartmentId: string | null;
  leadGroupId: string | null;
  coordinatingDepartmentIds: string[];
  deadlineText: string | null;
  dueDate: string | null;
  originalDueDate: string | null;
  yearly: boolean;
  /** No deadline was written: the secretariat should set one. */
  needsDeadline: boolean;
  expectedOutput: string | null;
  submissionLevel: string | null;
  requiresOutputDocument: boolean;
  status: TaskStatus;
  timeliness: Timeliness | null;
  progressNote: string | null;
  note: string | null;
  completedOn: string | null;
  completionConfirmed: boolean;
  outputDocuments: OutputDocumentView[];
  version: number;
  createdAt: string;
  updatedAt: string;
  children?: TaskView[];
}

export interface TaskFilter extends PageQuery {
  planId?: string;
  departmentId?: string;
  /** A uuid, or null for top-level tasks only. */
  parentId?: string | null;
  status?: TaskStatus[];
  timeliness?: Timeliness[];
  dueFrom?: string;
  dueTo?: string;
  q?: string;
}

/**
 * A task as the API shows it, built by PostgreSQL as JSON text (compact: row_to_json writes no
 * spaces). Row `t` is the task; timeliness is computed as of the day in parameter $1. Built in
 * SQL so a list page reaches the client without Node parsing 50 rows and writing them again.
 * `extra` adds columns (the children of a collective task).
 */
function taskJson(t: string, extra = ''): string {
  return `(SELECT row_to_json(r)::text FROM (SELECT
  ${t}.id, ${t}.plan_id AS "planId", ${t}.parent_id AS "parentId", ${t}.code, ${t}.source_ref AS "sourceRef",
  ${t}.group_name AS "group", ${t}.title, ${t}.lead_department_id AS "leadDepartmentId", ${t}.lead_group_id AS "leadGroupId",
  ${t}.coordinating_department_ids AS "coordinatingDepartmentIds",
  ${t}.deadline_text AS "deadlineText", ${t}.due_date AS "dueDate", ${t}.original_due_date AS "originalDueDate", ${t}.yearly,
  (${t}.due_date IS NULL AND ${t}.status <> 'recurring') AS "needsDeadline",
  ${t}.expected_output AS "expectedOutput", ${t}.submission_level AS "submissionLevel",
  ${t}.requires_output_document AS "requiresOutputDocument", ${t}.status, ${timelinessCase(t, '$1::date')} AS timeliness,
  ${t}.progress_note AS "progressNote", ${t}.note, ${t}.completed_on AS "completedOn", ${t}.completion_confirmed AS "completionConfirmed",
  ${t}.output_documents_json AS "outputDocuments",
  ${t}.version, ${instant(`${t}.created_at`)} AS "createdAt", ${instant(`${t}.updated_at`)} AS "updatedAt"${extra}) r)`;
}

/**
 * An instant in ISO 8601 at UTC with a "Z", as JavaScript writes a Date, but to the microsecond
 * PostgreSQL keeps. Cast to text (ISO DateStyle, which node-pg requires anyway) because to_char
 * cost a fifth of a list page's time.
 */
const instant = (column: string) => `replace((${column} AT TIME ZONE 'UTC')::text, ' ', 'T') || 'Z'`;

/** JSON array text of the tasks `alias` of a FROM/WHERE, in `order`; '[]' when none. */
const taskArray = (alias: string, fromWhere: string, order: string) =>
  `COALESCE((SELECT '[' || string_agg(${taskJson(alias)}, ',' ORDER BY ${order}) || ']' ${fromWhere}), '[]')`;

/**
 * One task by id ($1 the day, $2 the id) as JSON text; a collective task carries its children
 * (in their order), a plain one has no `children` key.
 */
const TASK_BY_ID_SQL = `SELECT CASE WHEN t.lead_group_id IS NULL THEN ${taskJson('t')}
  ELSE ${taskJson('t', `, ${taskArray('ch', 'FROM tasks ch WHERE ch.parent_id = t.id', 'ch.seq')}::json AS children`)} END AS task
  FROM tasks t WHERE t.id = $2`;

/** Escapes LIKE wildcards so a search for "100%" means the text "100%". */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface TaskListStatement {
  /** One row: `items`, the page as a JSON array text, and `total`, the count of every match. */
  sql: string;
  /** $1 the day, then the filters, then limit and offset. */
  params: unknown[];
}

/**
 * The statement of a list page, as text and parameters: the page and its count in one round
 * trip. Pure, so the benchmark's framework-free baseline (bench/baseline-server.ts) sends
 * exactly what the API sends.
 */
export function taskListStatement(filter: TaskFilter, today: string): TaskListStatement {
  const params: unknown[] = [today];
  const where: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.planId) where.push(`t.plan_id = ${param(filter.planId)}`);
  if (filter.departmentId) where.push(`t.lead_department_id = ${param(filter.departmentId)}`);
  if (filter.parentId === null) where.push('t.parent_id IS NULL');
  else if (filter.parentId) where.push(`t.parent_id = ${param(filter.parentId)}`);
  // one status as an equality, so (lead_department_id, status, seq) hands a page over in order
  // instead of PostgreSQL walking every task by seq and filtering (= ANY hides that it is one value)
  if (filter.status?.length === 1) where.push(`t.status = ${param(filter.status[0])}::text`);
  else if (filter.status?.length) where.push(`t.status = ANY(${param(filter.status)}::text[])`);
  if (filter.timeliness?.length) {
    // in a fixed order and once each, so the same filter is always the same statement text
    const values = TIMELINESS.filter((v) => filter.timeliness!.includes(v));
    where.push(`(${values.map((v) => timelinessCondition(v, 't', '$1::date')).join(' OR ')})`);
  }
  if (filter.dueFrom) where.push(`t.due_date >= ${param(filter.dueFrom)}::date`);
  if (filter.dueTo) where.push(`t.due_date <= ${param(filter.dueTo)}::date`);
  if (filter.q?.trim()) where.push(`t.search_text LIKE ${param(`%${likeEscape(foldVietnamese(filter.q))}%`)}`);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';

  const page = `FROM (SELECT t.* FROM tasks t ${whereSql} ORDER BY t.seq LIMIT ${param(filter.limit)} OFFSET ${param((filter.page - 1) * filter.limit)}) p`;
  const sql = `SELECT ${taskArray('p', page, 'p.seq')} AS items, (SELECT count(*)::int FROM tasks t ${whereSql}) AS total`;
  return { sql, params };
}

/**
 * Task reads in SQL: one statement for a list page and its count, one for a task and its
 * children; documents and coordinators come ready from the task row (migration
 * 1763870800000-task-read-columns), not from a query per task. Every filter has an
 * index (see the migration). PostgreSQL writes the JSON: the HTTP layer sends `listJson` and
 * `getJson` as they come, the code that needs objects parses them.
 *
 * Reads are prepared statements (preparedQuery), inside a transaction on its connection. A
 * search (`q`) is left unprepared: its best plan depends on the words searched, which a plan
 * made once for any value could not know.
 */
@Injectable()
export class TaskQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** A list page as the JSON text of `Page<TaskView>`. */
  async listJson(filter: TaskFilter, today: string): Promise<string> {
    const { sql, params } = taskListStatement(filter, today);
    const [{ items, total }] = await this.read<{ items: string; total: number }>(sql, params, !filter.q?.trim());
    return `{"items":${items},"total":${total},"page":${filter.page},"limit":${filter.limit}}`;
  }

  async list(filter: TaskFilter, today: string): Promise<Page<TaskView>> {
    return JSON.parse(await this.listJson(filter, today)) as Page<TaskView>;
  }

  /** A task (with its children when collective) as JSON text, or null when there is none. */
  async getJson(id: string, today: string, manager?: EntityManager): Promise<string | null> {
    const [row] = await this.read<{ task: string }>(TASK_BY_ID_SQL, [today, id], true, manager);
    return row?.task ?? null;
  }

  async get(id: string, today: string, manager?: EntityManager): Promise<TaskView | null> {
    const json = await this.getJson(id, today, manager);
    return json === null ? null : (JSON.parse(json) as TaskView);
  }

  private read<T>(sql: string, params: unknown[], prepare: boolean, manager?: EntityManager): Promise<T[]> {
    return preparedQuery<T>(this.dataSource, sql, params, { manager, prepare });
  }
}
