import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { foldVietnamese, Page, pageOf, PageQuery } from '@app/common';
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

/** The task columns of every read; timeliness is computed as of the day in parameter $1. */
export const TASK_COLUMNS = `
  t.id, t.plan_id AS "planId", t.parent_id AS "parentId", t.code, t.source_ref AS "sourceRef",
  t.group_name AS "group", t.title, t.lead_department_id AS "leadDepartmentId", t.lead_group_id AS "leadGroupId",
  COALESCE((SELECT array_agg(c.department_id ORDER BY c.department_id) FROM task_coordinators c WHERE c.task_id = t.id), '{}') AS "coordinatingDepartmentIds",
  t.deadline_text AS "deadlineText", t.due_date AS "dueDate", t.original_due_date AS "originalDueDate", t.yearly,
  (t.due_date IS NULL AND t.status <> 'recurring') AS "needsDeadline",
  t.expected_output AS "expectedOutput", t.submission_level AS "submissionLevel",
  t.requires_output_document AS "requiresOutputDocument", t.status, ${timelinessCase('t', '$1::date')} AS timeliness,
  t.progress_note AS "progressNote", t.note, t.completed_on AS "completedOn", t.completion_confirmed AS "completionConfirmed",
  COALESCE((SELECT json_agg(json_build_object('id', d.id, 'number', d.number, 'issuedOn', d.issued_on, 'kind', d.kind, 'title', d.title)
            ORDER BY d.issued_on, d.created_at, d.number) FROM output_documents d WHERE d.task_id = t.id), '[]') AS "outputDocuments",
  t.version, t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;

/** One task by id ($1 the day, $2 the id), and the children of a collective task. */
export const TASK_BY_ID_SQL = `SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.id = $2`;
export const TASK_CHILDREN_SQL = `SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.parent_id = $2 ORDER BY t.seq`;

/** Escapes LIKE wildcards so a search for "100%" means the text "100%". */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface TaskListStatements {
  pageSql: string;
  countSql: string;
  /** The page's: $1 the day, then the filters, then limit and offset. */
  params: unknown[];
  /** The count's: the same without limit and offset. */
  countParams: unknown[];
}

/**
 * The two statements of a list page, as text and parameters. Pure, so the benchmark's
 * framework-free baseline (bench/baseline-server.ts) sends exactly what the API sends.
 */
export function taskListStatements(filter: TaskFilter, today: string): TaskListStatements {
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

  // the count sees the same parameters; the one-row join keeps $1 (the day) typed when unused
  const countSql = `SELECT count(*)::int AS total FROM tasks t, (SELECT $1::date AS day) d ${whereSql}`;
  const countParams = [...params];
  const pageSql = `SELECT ${TASK_COLUMNS} FROM tasks t ${whereSql} ORDER BY t.seq LIMIT ${param(filter.limit)} OFFSET ${param((filter.page - 1) * filter.limit)}`;
  return { pageSql, countSql, params, countParams };
}

/** At most this many distinct statements are prepared; any other runs unprepared. */
const PREPARED_LIMIT = 100;
const statementNames = new Map<string, string>();

/** The name of a statement's text, or null once the limit is reached. */
function statementName(sql: string): string | null {
  let name = statementNames.get(sql);
  if (!name && statementNames.size < PREPARED_LIMIT) {
    name = `task_read_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name ?? null;
}

/**
 * Task reads in SQL: one statement for a page (documents and coordinators as sub-selects,
 * no query per row), one for its count. Every filter has an index (see the migration).
 *
 * Reads outside a transaction run as named (prepared) statements on TypeORM's pg pool:
 * PostgreSQL then plans each statement once per connection instead of on every request,
 * and planning these statements costs as much as running them (BENCHMARKS.md). A search
 * (`q`) is left unprepared: its best plan depends on the words searched, which a plan made
 * once for any value could not know.
 */
@Injectable()
export class TaskQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: TaskFilter, today: string): Promise<Page<TaskView>> {
    const { pageSql, countSql, params, countParams } = taskListStatements(filter, today);
    const prepared = !filter.q?.trim();
    const [items, [{ total }]] = await Promise.all([this.read<TaskView>(pageSql, params, prepared), this.read<{ total: number }>(countSql, countParams, prepared)]);
    return pageOf(items, total, filter);
  }

  async get(id: string, today: string, manager?: EntityManager): Promise<TaskView | null> {
    const [task] = await this.read<TaskView>(TASK_BY_ID_SQL, [today, id], true, manager);
    if (!task) return null;
    if (task.leadGroupId) {
      task.children = await this.read<TaskView>(TASK_CHILDREN_SQL, [today, id], true, manager);
    }
    return task;
  }

  /** A read: prepared on the pool when it may be, else through TypeORM (and always inside a transaction). */
  private async read<T>(sql: string, params: unknown[], prepare: boolean, manager?: EntityManager): Promise<T[]> {
    const pool = (this.dataSource.driver as unknown as { master?: Pool } | undefined)?.master;
    const name = prepare && !manager && pool ? statementName(sql) : null;
    if (!name) return (manager ?? this.dataSource.manager).query(sql, params);
    return (await pool!.query({ name, text: sql, values: params })).rows as T[];
  }
}
