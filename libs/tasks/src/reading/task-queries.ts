import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { foldVietnamese, Page, PageQuery } from '@app/common';
import { DATA_GENERATION_SQL, preparedQuery, ReadCaches } from '@app/database';
import { CoordinatorNote, TaskStatus } from '../task.entity';
import { earlierYearDoneOrSql, earlierYearDoneSql, TIMELINESS, Timeliness, timelinessCase, timelinessCondition } from '../timeliness';

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
  /** The day the task was assigned when it is not its plan's issue date (null: the plan's); it exists from then (roll-ups of a past day). */
  assignedOn: string | null;
  /** No deadline was written: the secretariat should set one. */
  needsDeadline: boolean;
  expectedOutput: string | null;
  submissionLevel: string | null;
  requiresOutputDocument: boolean;
  status: TaskStatus;
  timeliness: Timeliness | null;
  /** The lead department's (or the secretariat's) progress note. */
  progressNote: string | null;
  /** The latest note of each coordinating department that wrote one, by department id. */
  coordinatorNotes: CoordinatorNote[];
  note: string | null;
  completedOn: string | null;
  completionConfirmed: boolean;
  outputDocuments: OutputDocumentView[];
  /** A collective task's "x/y đơn vị": member departments that completed their part, of those not cancelled; null on any other task. */
  collectiveParts: { completed: number; total: number } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  children?: TaskView[];
}

export interface TaskFilter extends PageQuery {
  planId?: string;
  departmentId?: string;
  /** Tasks this department coordinates (phối hợp). */
  coordinatingDepartmentId?: string;
  /** Tasks this department leads or coordinates: a focal point's "mine". */
  involvedDepartmentId?: string;
  /** A uuid, or null for top-level tasks only. */
  parentId?: string | null;
  status?: TaskStatus[];
  timeliness?: Timeliness[];
  dueFrom?: string;
  dueTo?: string;
  q?: string;
  /** `plan` (default): the order of the source document; `urgency`: see URGENCY_ORDER. */
  sort?: TaskSort;
  /** true: completions waiting for the secretariat's review (never a collective task); false: every other task. */
  awaitingReview?: boolean;
}

export const TASK_SORTS = ['plan', 'urgency'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

/**
 * "Most urgent first" (WEB.md's task list): overdue, due soon, within deadline, then completed
 * late, on time, and last the tasks without timeliness (recurring, cancelled); within each, the
 * earliest due date first, then plan order. Ranked by the same conditions as the filters.
 */
const URGENCY_ORDER: Timeliness[] = ['overdue', 'due_soon', 'within_deadline', 'late', 'on_time'];
const urgencyRank = (t: string, day: string) =>
  `(CASE ${URGENCY_ORDER.map((v, rank) => `WHEN ${timelinessCondition(v, t, day)} THEN ${rank}`).join(' ')} ELSE ${URGENCY_ORDER.length} END)`;

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
  ${t}.deadline_text AS "deadlineText", ${t}.due_date AS "dueDate", ${t}.original_due_date AS "originalDueDate", ${t}.yearly, ${t}.assigned_on AS "assignedOn",
  (${t}.due_date IS NULL AND ${t}.status <> 'recurring') AS "needsDeadline",
  ${t}.expected_output AS "expectedOutput", ${t}.submission_level AS "submissionLevel",
  ${t}.requires_output_document AS "requiresOutputDocument", ${t}.status, ${timelinessCase(t, '$1::date')} AS timeliness,
  ${t}.progress_note AS "progressNote", ${t}.coordinator_notes AS "coordinatorNotes", ${t}.note, ${t}.completed_on AS "completedOn", ${t}.completion_confirmed AS "completionConfirmed",
  ${t}.output_documents_json AS "outputDocuments",
  ${collectiveParts(t)} AS "collectiveParts",
  ${t}.version, ${instant(`${t}.created_at`)} AS "createdAt", ${instant(`${t}.updated_at`)} AS "updatedAt"${extra}) r)`;
}

/**
 * The JSON of one task as lists keep it (row `t`, the day in $1): exported for the guard
 * test/read-caches.e2e-spec.ts, which checks that it reads the task row and nothing else.
 */
export const taskJsonSql = (t: string): string => taskJson(t);

/**
 * "x/y đơn vị" of a collective task, from its own row: parts_completed and parts_total are kept
 * by a trigger on its children (migration 1764200000000-collective-parts) that rewrites the
 * parent's row in the transaction that changes a part, so the row version the list cache keys
 * on moves with them and this JSON never needs another row or table.
 */
const collectiveParts = (t: string) =>
  `CASE WHEN ${t}.lead_group_id IS NOT NULL THEN json_build_object('completed', COALESCE(${t}.parts_completed, 0), 'total', COALESCE(${t}.parts_total, 0)) END`;

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

/**
 * A task row's version: its transaction id and place in the table, which together change with
 * every change to the row, in SQL, through the API or by a trigger (PostgreSQL never rewrites a
 * row in place), and tell apart any two versions of one task that a reader can ever see.
 */
const ROW_VERSION = (t: string) => `${t}.xmin::text || ${t}.ctid::text`;

/** The two statements of a list page (TaskQueries.listJson) and what they take. */
export interface TaskListStatements {
  /**
   * The page as keys: rows of `total` (the count of every match), `generation` (the data
   * generation, DATA_GENERATION_SQL), `stamp`, `id` and `rowVersion`, one per task of the page
   * in order; a single row with a null id when the page is empty. Parameters: `params`, then a
   * stamp and the count kept at it (see `countKey`), or two nulls.
   */
  keys: string;
  /**
   * The same rows with `json`, each task's JSON text, except (null) for the tasks whose
   * "id@rowVersion" is in the last parameter: the ones the caller already has. Parameters:
   * those of `keys`, then that list.
   */
  page: string;
  /** $1 the day, then the filters, then limit and offset. */
  params: unknown[];
  /**
   * What the count depends on besides the data (the filters and the day), for keeping it; null
   * for a search, whose count can change without a revision, and for a filter on coordinators,
   * whose change bumps none. Every other filter reads only
   * columns whose every change bumps a revision (migration 1763870900000-data-revisions: plan,
   * parent, lead department, status, due date, completion date); `stamp` is the data generation
   * and the sum of the revisions in the statement's own snapshot, so a count made at the same
   * stamp is this count. test/read-caches.e2e-spec.ts checks the columns against the triggers.
   */
  countKey: string | null;
  /** The WHERE of the count (and the page): what test/read-caches.e2e-spec.ts checks. */
  where: string;
}

/**
 * The status filter as of the day ($1), agreeing with the timeliness of the day: a yearly duty
 * (`Hàng năm`) completed for an earlier year is open again for this year's part — in progress, as
 * the roll-ups read it (timeliness.ts taskStatesOnDaySql) — so it is listed under `in_progress`,
 * not `completed`. Other tasks keep the plain condition (the equality the indexes serve); `yearly`
 * and `completed_on` bump a data revision, and the day is a parameter, so a kept count stays true.
 */
function statusOfTheDay(plain: string, status: string[]): string {
  const earlierYear = earlierYearDoneSql('t', '$1::date');
  const completed = status.includes('completed');
  const inProgress = status.includes('in_progress');
  if (completed && !inProgress) return `(${plain} AND NOT ${earlierYear})`;
  if (inProgress && !completed) return `(${plain} OR ${earlierYearDoneOrSql('t', '$1::date')})`;
  return plain;
}

/**
 * The statements of a list page; each is one round trip with its count. Pure, so the
 * benchmark's framework-free baseline (bench/baseline-server.ts) sends exactly what the API sends.
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
  // the coordinators' copy on the task row (migration 1763870800000-task-read-columns), rewritten
  // by trigger in the transaction that changes task_coordinators: no join, and the row version moves
  if (filter.coordinatingDepartmentId) where.push(`t.coordinating_department_ids @> ARRAY[${param(filter.coordinatingDepartmentId)}::uuid]`);
  if (filter.involvedDepartmentId) {
    const department = param(filter.involvedDepartmentId);
    where.push(`(t.lead_department_id = ${department}::uuid OR t.coordinating_department_ids @> ARRAY[${department}::uuid])`);
  }
  if (filter.parentId === null) where.push('t.parent_id IS NULL');
  else if (filter.parentId) where.push(`t.parent_id = ${param(filter.parentId)}`);
  // one status as an equality, so (lead_department_id, status, seq) hands a page over in order
  // instead of PostgreSQL walking every task by seq and filtering (= ANY hides that it is one value)
  if (filter.status?.length) {
    const plain = filter.status.length === 1 ? `t.status = ${param(filter.status[0])}::text` : `t.status = ANY(${param(filter.status)}::text[])`;
    where.push(statusOfTheDay(plain, filter.status));
  }
  if (filter.timeliness?.length) {
    // in a fixed order and once each, so the same filter is always the same statement text
    const values = TIMELINESS.filter((v) => filter.timeliness!.includes(v));
    where.push(`(${values.map((v) => timelinessCondition(v, 't', '$1::date')).join(' OR ')})`);
  }
  if (filter.dueFrom) where.push(`t.due_date >= ${param(filter.dueFrom)}::date`);
  if (filter.dueTo) where.push(`t.due_date <= ${param(filter.dueTo)}::date`);
  // status and completion_confirmed bump a data revision and lead_group_id never changes: the count may be kept
  const awaiting = `(t.status = 'completed' AND NOT t.completion_confirmed AND t.lead_group_id IS NULL)`;
  if (filter.awaitingReview === true) where.push(awaiting);
  else if (filter.awaitingReview === false) where.push(`NOT ${awaiting}`);
  const search = filter.q?.trim();
  if (search) where.push(`t.search_text LIKE ${param(`%${likeEscape(foldVietnamese(search))}%`)}`);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // every filtered column bumps a data revision when it changes (tr_tasks_revisions_updated,
  // migrations 1763870900000 and 1763871500000), except the search text: its count is never kept
  const countKey = search ? null : JSON.stringify([whereSql, params]);
  const range = `LIMIT ${param(filter.limit)} OFFSET ${param((filter.page - 1) * filter.limit)}`;
  const [stamp, total, known] = [1, 2, 3].map((n) => `$${params.length + n}`);

  // The count (counted only when the count known was made at another stamp: PostgreSQL runs a
  // sub-select of a CASE branch not taken) joined to the page, so an empty page still answers
  // its total. The day is named even when no filter uses it, so that every parameter has a type.
  // the page is cut in one order and its rows given back in the same one
  const urgency = filter.sort === 'urgency';
  const [innerOrder, outerOrder, orderColumns] = urgency
    ? [`${urgencyRank('t', '$1::date')}, t.due_date NULLS LAST, t.seq`, 'p.urgency_rank, p.due_date NULLS LAST, p.seq', `, ${urgencyRank('t', '$1::date')} AS urgency_rank`]
    : ['t.seq', 'p.seq', ''];
  const rows = (columns: string, pageColumns: string) =>
    `SELECT c.total, c.generation, c.stamp, p.id, p.row_version AS "rowVersion"${columns}
      FROM (SELECT CASE WHEN r.stamp = ${stamp}::text THEN ${total}::int ELSE (SELECT count(*)::int FROM tasks t ${whereSql}) END AS total,
                   r.generation, r.stamp, $1::date AS day
              FROM (SELECT g.generation, g.generation || ':' || (SELECT COALESCE(sum(revision), 0) FROM data_revisions) AS stamp
                      FROM (SELECT ${DATA_GENERATION_SQL} AS generation) g) r) c
      LEFT JOIN (SELECT ${pageColumns}${orderColumns}, ${ROW_VERSION('t')} AS row_version FROM tasks t ${whereSql} ORDER BY ${innerOrder} ${range}) p ON true
      ORDER BY ${outerOrder}`;
  return {
    keys: rows('', 't.id, t.seq, t.due_date'),
    page: rows(`, CASE WHEN p.id::text || '@' || p.row_version = ANY(${known}::text[]) THEN NULL ELSE ${taskJson('p')} END AS json`, 't.*'),
    params,
    countKey,
    where: whereSql,
  };
}

/** A row of a list statement; `json` only from `page`, and null there for a task the caller has. */
interface PageRow {
  total: number;
  generation: string;
  stamp: string;
  id: string | null;
  rowVersion: string | null;
  json?: string | null;
}

/**
 * Task reads in SQL: one statement for a task and its children, one or two for a list page
 * and its count; documents and coordinators come ready from the task row (migration
 * 1763870800000-task-read-columns), not from a query per task. Every filter has an
 * index (see the migration). PostgreSQL writes the JSON: the HTTP layer sends `listJson` and
 * `getJson` as they come, the code that needs objects parses them.
 *
 * Reads are prepared statements (preparedQuery), on the pool or inside a transaction on its
 * connection. A search (`q`) is left unprepared: its best plan depends on the words searched,
 * which a plan made once for any value could not know.
 */
@Injectable()
export class TaskQueries {
  /**
   * Lists use two of the read caches (libs/database/src/read-caches.ts): tasks' JSON by row
   * version (ROW_VERSION; writing it was four fifths of PostgreSQL's work for a list page,
   * BENCHMARKS.md), and counts by filter, day and stamp (TaskListStatements countKey; counting
   * a department's completed tasks was most of what was left). A TaskQueries made without
   * them keeps its own.
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly caches: ReadCaches = new ReadCaches(),
  ) {}

  /**
   * A list page as the JSON of `Page<TaskView>`, in UTF-8 bytes ready to send: first the page
   * as keys (and its count, unless the one kept still holds); when every task of it is kept,
   * the answer is made from those. Otherwise the page is read again with the JSON of the tasks
   * not kept, and that second read alone makes the answer (and its total), so a page always
   * shows one moment, even when a task changed between the two reads.
   */
  async listJson(filter: TaskFilter, today: string): Promise<Buffer> {
    const statements = taskListStatements(filter, today);
    const prepare = !filter.q?.trim();
    if (!this.caches.enabled) {
      // READ_CACHES=off: the page with every task's JSON and its count, in one read
      const rows = await this.read<PageRow>(statements.page, [...statements.params, null, null, []], prepare);
      return pageJson(rows, (row) => Buffer.from(row.json!), filter);
    }
    const { taskJson, listCounts } = this.caches;
    const counted = statements.countKey === null ? undefined : listCounts.get(statements.countKey);
    const params = [...statements.params, counted?.stamp ?? null, counted?.total ?? null];
    const keys = await this.read<PageRow>(statements.keys, params, prepare);
    const generation = keys[0].generation;
    this.caches.observe(generation);
    const taskKey = (row: Pick<PageRow, 'id' | 'rowVersion'>) => `${generation}/${today}/${row.id}@${row.rowVersion}`;
    // "id@rowVersion" of the tasks of the page that are kept, and their JSON
    const known = new Map<string, Buffer>();
    let missing = false;
    for (const row of keys) {
      if (row.id === null) continue;
      const json = taskJson.get(taskKey(row));
      if (json === undefined) missing = true;
      else known.set(`${row.id}@${row.rowVersion}`, json);
    }
    const rows = missing ? await this.read<PageRow>(statements.page, [...params, [...known.keys()]], prepare) : keys;
    // the second read may see a newer generation (a TRUNCATE in between): keep nothing under the older one
    const keep = rows[0].generation === generation;
    const jsonOf = (row: PageRow) => {
      if (row.json === undefined || row.json === null) return known.get(`${row.id}@${row.rowVersion}`)!; // kept
      const json = utf8(row.json);
      if (keep) taskJson.set(taskKey(row), json);
      return json;
    };
    if (statements.countKey !== null && rows[0].stamp !== counted?.stamp) {
      listCounts.set(statements.countKey, { stamp: rows[0].stamp, total: rows[0].total });
    }
    return pageJson(rows, jsonOf, filter);
  }

  async list(filter: TaskFilter, today: string): Promise<Page<TaskView>> {
    return JSON.parse((await this.listJson(filter, today)).toString()) as Page<TaskView>;
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

const COMMA = Buffer.from(',');

/**
 * The JSON of `Page<TaskView>` from a page's rows (their `total`, and each task's JSON), as
 * bytes: kept tasks are UTF-8 already, so the answer is copied together, not encoded again.
 */
function pageJson(rows: PageRow[], taskJsonOf: (row: PageRow) => Buffer, filter: TaskFilter): Buffer {
  const parts: Buffer[] = [Buffer.from('{"items":[')];
  for (const row of rows) {
    if (row.id === null) continue;
    if (parts.length > 1) parts.push(COMMA);
    parts.push(taskJsonOf(row));
  }
  parts.push(Buffer.from(`],"total":${rows[0].total},"page":${filter.page},"limit":${filter.limit}}`));
  return Buffer.concat(parts);
}

/** Text as UTF-8 in a buffer of its own (a small Buffer.from shares an 8 KB slab, which one kept entry would hold on to). */
function utf8(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}
