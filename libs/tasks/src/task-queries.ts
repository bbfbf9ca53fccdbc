import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { foldVietnamese, Page, pageOf, PageQuery } from '@app/common';
import { TaskStatus } from './task.entity';
import { Timeliness, timelinessCase, timelinessCondition } from './timeliness';

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
const TASK_COLUMNS = `
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

/** Escapes LIKE wildcards so a search for "100%" means the text "100%". */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Task reads in SQL: one statement for a page (documents and coordinators as sub-selects,
 * no query per row), one for its count. Every filter has an index (see the migration).
 */
@Injectable()
export class TaskQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: TaskFilter, today: string): Promise<Page<TaskView>> {
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
    if (filter.status?.length) where.push(`t.status = ANY(${param(filter.status)}::text[])`);
    if (filter.timeliness?.length) where.push(`(${filter.timeliness.map((v) => timelinessCondition(v, 't', '$1::date')).join(' OR ')})`);
    if (filter.dueFrom) where.push(`t.due_date >= ${param(filter.dueFrom)}::date`);
    if (filter.dueTo) where.push(`t.due_date <= ${param(filter.dueTo)}::date`);
    if (filter.q?.trim()) where.push(`t.search_text LIKE ${param(`%${likeEscape(foldVietnamese(filter.q))}%`)}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';

    // the count sees the same parameters; the one-row join keeps $1 (the day) typed when unused
    const countQuery = this.dataSource.query(`SELECT count(*)::int AS total FROM tasks t, (SELECT $1::date AS day) d ${whereSql}`, [...params]);
    const pageSql = `SELECT ${TASK_COLUMNS} FROM tasks t ${whereSql} ORDER BY t.seq LIMIT ${param(filter.limit)} OFFSET ${param((filter.page - 1) * filter.limit)}`;
    const [items, [{ total }]] = await Promise.all([this.dataSource.query(pageSql, params), countQuery]);
    return pageOf(items, total, filter);
  }

  async get(id: string, today: string, manager?: EntityManager): Promise<TaskView | null> {
    const runner = manager ?? this.dataSource.manager;
    const [task] = await runner.query(`SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.id = $2`, [today, id]);
    if (!task) return null;
    if (task.leadGroupId) {
      task.children = await runner.query(`SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.parent_id = $2 ORDER BY t.seq`, [today, id]);
    }
    return task;
  }
}
