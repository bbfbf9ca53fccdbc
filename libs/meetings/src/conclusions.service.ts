import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { formatVietnameseDate, invalid, notFound } from '@app/common';
import { TaskHistory } from '@app/tasks';

export interface CarriedTask {
  taskId: string;
  code: string;
  title: string;
  planId: string;
  planNumber: string;
  leadDepartmentId: string | null;
  status: string;
  dueDate: string | null;
  carriedAt: string;
}

/**
 * Conclusion notices (issue 18, item 1): a plan of kind conclusion_notice (naming its meeting,
 * plans.meeting_id) carries over unfinished tasks of earlier plans. A carried task keeps its row,
 * plan and history: `carried_tasks` records that it belongs to the notice too, and its history
 * gets a `carried_over` row naming the notice.
 */
@Injectable()
export class ConclusionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly history: TaskHistory,
  ) {}

  /** Carries these tasks into the notice; a task carried already is left as it is. Returns the notice's carried tasks. */
  async carry(actorId: string, planId: string, taskIds: string[]): Promise<CarriedTask[]> {
    const ids = [...new Set(taskIds)];
    if (!ids.length) throw invalid('taskIds: name at least one task');
    await this.dataSource.transaction(async (m) => {
      const [plan]: { kind: string; number: string; issued_on: string }[] = await m.query(
        `SELECT kind, number, to_char(issued_on, 'YYYY-MM-DD') AS issued_on FROM plans WHERE id = $1 FOR UPDATE`,
        [planId],
      );
      if (!plan) throw notFound('plan', planId);
      if (plan.kind !== 'conclusion_notice') throw invalid(`kind: plan ${plan.number} is a ${plan.kind}; only a conclusion notice carries tasks over`);
      const tasks: { id: string; code: string; plan_id: string }[] = await m.query(`SELECT id, code, plan_id FROM tasks WHERE id = ANY($1::uuid[])`, [ids]);
      const missing = ids.filter((id) => !tasks.some((t) => t.id === id));
      if (missing.length) throw invalid(`taskIds: unknown task ${missing.join(', ')}`);
      const own = tasks.filter((t) => t.plan_id === planId);
      if (own.length) throw invalid(`taskIds: task ${own.map((t) => t.code).join(', ')} is the notice's own; only tasks of earlier plans are carried over`);
      const added: { task_id: string }[] = await m.query(
        `INSERT INTO carried_tasks (plan_id, task_id, carried_by) SELECT $1, unnest($2::uuid[]), $3
         ON CONFLICT (plan_id, task_id) DO NOTHING RETURNING task_id`,
        [planId, ids, actorId],
      );
      await this.history.recordMany(
        m,
        added.map((a) => ({ taskId: a.task_id, changes: {} })),
        actorId,
        'carried_over',
        `Chuyển theo dõi theo Thông báo kết luận số ${plan.number} ngày ${formatVietnameseDate(plan.issued_on)}`,
      );
    });
    return this.carried(planId);
  }

  /** The tasks a notice carries, in the order of their plans. */
  async carried(planId: string): Promise<CarriedTask[]> {
    const [plan] = await this.dataSource.query(`SELECT 1 FROM plans WHERE id = $1`, [planId]);
    if (!plan) throw notFound('plan', planId);
    return this.dataSource.query(
      `SELECT t.id AS "taskId", t.code, t.title, t.plan_id AS "planId", p.number AS "planNumber", t.lead_department_id AS "leadDepartmentId",
              t.status, to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate", c.carried_at AS "carriedAt"
         FROM carried_tasks c JOIN tasks t ON t.id = c.task_id JOIN plans p ON p.id = t.plan_id
        WHERE c.plan_id = $1 ORDER BY p.issued_on, p.number, t.seq`,
      [planId],
    ).then((rows: CarriedTask[]) => rows.map((r) => ({ ...r, carriedAt: new Date(r.carriedAt).toISOString() })));
  }
}
