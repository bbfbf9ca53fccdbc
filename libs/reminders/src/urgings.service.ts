import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflictOnDuplicate, formatVietnameseDate, invalid, notFound, Page, PageQuery, pageOf } from '@app/common';
import { NotificationsService } from '@app/notifications';
import { TaskHistory, OPEN_STATUSES } from '@app/tasks';
import { shorten } from './reminder-texts';

/** The notice an urging sends the focal points and heads of its departments. */
export const URGING_KIND = 'urging';

export interface UrgingInput {
  number: string;
  issuedOn: string;
  taskIds: string[];
  /** The departments it is sent to; none: the lead departments of its tasks. */
  departmentIds?: string[];
  note?: string | null;
}

export interface UrgingView {
  id: string;
  number: string;
  issuedOn: string;
  note: string | null;
  departmentIds: string[];
  tasks: { id: string; code: string; title: string; planNumber: string; leadDepartmentId: string | null }[];
  createdBy: string | null;
  createdAt: string;
}

const VIEW_SQL = `
  SELECT g.id, g.number, to_char(g.issued_on, 'YYYY-MM-DD') AS "issuedOn", g.note, g.department_ids AS "departmentIds",
         g.created_by AS "createdBy", g.created_at AS "createdAt",
         COALESCE((SELECT json_agg(json_build_object('id', t.id, 'code', t.code, 'title', t.title, 'planNumber', p.number,
                                                     'leadDepartmentId', t.lead_department_id) ORDER BY p.issued_on, p.number, t.seq)
                     FROM urging_tasks ut JOIN tasks t ON t.id = ut.task_id JOIN plans p ON p.id = t.plan_id
                    WHERE ut.urging_id = g.id), '[]') AS tasks
    FROM urgings g`;

/** "Công văn số 168/STTTT-CNTT ngày 10/02/2025" */
export const urgingWords = (u: { number: string; issuedOn: string }) => `Công văn số ${u.number} ngày ${formatVietnameseDate(u.issuedOn)}`;

/**
 * Urging letters on record (issue 18, item 4): the secretariat's numbered letter against open
 * tasks. In one transaction: the letter, its tasks, an `urged` row in each task's history, and a
 * notice to the focal points and heads of its departments (each once, by key).
 */
@Injectable()
export class UrgingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly history: TaskHistory,
    private readonly notifications: NotificationsService,
  ) {}

  async create(actorId: string, input: UrgingInput): Promise<UrgingView> {
    const taskIds = [...new Set(input.taskIds)];
    if (!taskIds.length) throw invalid('taskIds: name at least one task');
    const id = await conflictOnDuplicate(
      () =>
        this.dataSource.transaction(async (m) => {
          const tasks: { id: string; code: string; title: string; status: string; lead_department_id: string | null; plan_number: string }[] = await m.query(
            `SELECT t.id, t.code, t.title, t.status, t.lead_department_id, p.number AS plan_number
               FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = ANY($1::uuid[]) ORDER BY p.issued_on, p.number, t.seq`,
            [taskIds],
          );
          const missing = taskIds.filter((tid) => !tasks.some((t) => t.id === tid));
          if (missing.length) throw invalid(`taskIds: unknown task ${missing.join(', ')}`);
          const closed = tasks.filter((t) => !(OPEN_STATUSES as readonly string[]).includes(t.status));
          if (closed.length) throw invalid(`taskIds: only open tasks are urged; ${closed.map((t) => `task ${t.code} is ${t.status}`).join(', ')}`);
          let departmentIds = [...new Set(input.departmentIds ?? [])];
          if (departmentIds.length) {
            const found: { id: string }[] = await m.query(`SELECT id FROM departments WHERE id = ANY($1::uuid[])`, [departmentIds]);
            const unknown = departmentIds.filter((d) => !found.some((f) => f.id === d));
            if (unknown.length) throw invalid(`departmentIds: unknown department ${unknown.join(', ')}`);
          } else {
            // a collective task has no lead of its own: its children's departments are urged
            const rows: { id: string }[] = await m.query(
              `SELECT DISTINCT COALESCE(t.lead_department_id, c.lead_department_id) AS id
                 FROM tasks t LEFT JOIN tasks c ON c.parent_id = t.id AND t.lead_department_id IS NULL
                WHERE t.id = ANY($1::uuid[]) AND COALESCE(t.lead_department_id, c.lead_department_id) IS NOT NULL`,
              [taskIds],
            );
            departmentIds = rows.map((r) => r.id);
          }
          departmentIds.sort();
          const [row]: { id: string }[] = await m.query(
            `INSERT INTO urgings (number, issued_on, note, department_ids, created_by) VALUES ($1, $2, $3, $4::uuid[], $5) RETURNING id`,
            [input.number.trim(), input.issuedOn, input.note?.trim() || null, departmentIds, actorId],
          );
          await m.query(`INSERT INTO urging_tasks (urging_id, task_id) SELECT $1, unnest($2::uuid[])`, [row.id, taskIds]);
          const words = urgingWords({ number: input.number.trim(), issuedOn: input.issuedOn });
          await this.history.recordMany(m, taskIds.map((taskId) => ({ taskId, changes: {} })), actorId, 'urged', `Đôn đốc theo ${words}${input.note?.trim() ? `: ${input.note.trim()}` : ''}`);

          // the focal points and the head of each department it is sent to, each told once
          const recipients: { user_id: string; department_id: string }[] = await m.query(
            `SELECT u.id AS user_id, d.id AS department_id FROM departments d
               JOIN users u ON u.active AND ((u.role = 'focal_point' AND u.department_id = d.id) OR u.id = d.head_user_id)
              WHERE d.id = ANY($1::uuid[]) ORDER BY u.id`,
            [departmentIds],
          );
          const lines = tasks.map((t) => `- Nhiệm vụ ${t.code} "${shorten(t.title)}" (${t.plan_number})`);
          const byUser = new Map<string, string[]>();
          for (const r of recipients) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.department_id]);
          await this.notifications.insertMany(
            m,
            [...byUser.entries()].map(([userId, departments]) => {
              // a department's own tasks first: the rest are the letter's too
              const own = tasks.filter((t) => t.lead_department_id && departments.includes(t.lead_department_id));
              return {
                userId,
                kind: URGING_KIND,
                title: `Đôn đốc ${tasks.length} nhiệm vụ theo ${words}`,
                body: `Tổ giúp việc Ban Chỉ đạo đôn đốc thực hiện ${tasks.length} nhiệm vụ theo ${words}` +
                  `${own.length ? ` (${own.length} do đơn vị chủ trì)` : ''}:\n${lines.join('\n')}` +
                  `${input.note?.trim() ? `\n${input.note.trim()}` : ''}`,
                taskId: tasks.length === 1 ? tasks[0].id : null,
                data: { urgingId: row.id, number: input.number.trim(), issuedOn: input.issuedOn, taskIds },
                dedupKey: `urging:${row.id}:${userId}`,
              };
            }),
          );
          return row.id;
        }),
      () => `an urging numbered ${input.number} of ${input.issuedOn} is already on record`,
    );
    return this.get(id);
  }

  async get(id: string): Promise<UrgingView> {
    const [row] = await this.dataSource.query(`${VIEW_SQL} WHERE g.id = $1`, [id]);
    if (!row) throw notFound('urging', id);
    return view(row);
  }

  /** The urgings, newest first; of one task or one department when asked. */
  async list(query: PageQuery & { taskId?: string; departmentId?: string }): Promise<Page<UrgingView>> {
    const where = `WHERE ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM urging_tasks x WHERE x.urging_id = g.id AND x.task_id = $1))
                     AND ($2::uuid IS NULL OR $2 = ANY(g.department_ids))`;
    const params = [query.taskId ?? null, query.departmentId ?? null];
    const rows = await this.dataSource.query(`${VIEW_SQL} ${where} ORDER BY g.issued_on DESC, g.created_at DESC, g.id LIMIT $3 OFFSET $4`, [
      ...params, query.limit, (query.page - 1) * query.limit,
    ]);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM urgings g ${where}`, params);
    return pageOf(rows.map(view), total, query);
  }
}

function view(row: any): UrgingView {
  return { ...row, createdAt: new Date(row.createdAt).toISOString() };
}
