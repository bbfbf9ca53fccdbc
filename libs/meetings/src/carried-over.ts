import ExcelJS from 'exceljs';
import { EntityManager } from 'typeorm';
import { formatVietnameseDate } from '@app/common';
import { share } from '@app/rollups';
import { STATUS_WORDS, taskStatesOnDaySql, TaskStatus } from '@app/tasks';
import { PLAN_KIND_WORDS } from './appendix';
import type { SummaryView } from './summary-content';

/**
 * The summary's section on a conclusion notice (issue 18, item 1; seed 003): "Kết quả thực hiện
 * các nhiệm vụ chưa hoàn thành theo Thông báo kết luận số 25/TB-VPUBND ngày 30/01/2024", with
 * "Còn 08/53 nhiệm vụ đang thực hiện (chiếm 15,1%) theo Kế hoạch số 10/KH-BCĐCĐS" and the
 * carried tasks by department with their result as of the cut-off.
 */
export interface CarriedOverSection {
  noticeId: string;
  number: string;
  issuedOn: string;
  heading: string;
  /** Per plan the tasks came from: carried of its top-level tasks, as the reports write it. */
  sources: { planId: string; number: string; carried: number; total: number; rate: number; text: string }[];
  carried: number;
  /** Of the carried tasks, completed at the cut-off. */
  completed: number;
  departments: { departmentId: string | null; name: string; tasks: CarriedOverTask[] }[];
}
export interface CarriedOverTask {
  taskId: string;
  code: string;
  title: string;
  planNumber: string;
  dueDate: string | null;
  status: TaskStatus;
  completedOn: string | null;
  /** The status at the cut-off in words, with the completion day ("Hoàn thành ngày 10/06/2024"). */
  result: string;
}

const RATE = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The sections of a summary: each conclusion notice among the meeting's plans or concluding the
 * previous meeting. `until` null: the live state (a cut-off of today). Three statements per call,
 * whatever the number of tasks.
 */
export async function carriedOverSections(
  m: EntityManager,
  input: { planIds: string[]; previousMeetingId: string | null; asOf: string; until: Date | null },
): Promise<CarriedOverSection[]> {
  const notices: { id: string; number: string; issuedOn: string }[] = await m.query(
    `SELECT p.id, p.number, to_char(p.issued_on, 'YYYY-MM-DD') AS "issuedOn" FROM plans p
      WHERE p.kind = 'conclusion_notice' AND (p.id = ANY($1::uuid[]) OR ($2::uuid IS NOT NULL AND p.meeting_id = $2::uuid))
        AND EXISTS (SELECT 1 FROM carried_tasks c WHERE c.plan_id = p.id)
      ORDER BY p.issued_on, p.number`,
    [input.planIds, input.previousMeetingId],
  );
  if (!notices.length) return [];
  const noticeIds = notices.map((n) => n.id);
  const sources: { noticeId: string; planId: string; number: string; kind: string; carried: number; total: number }[] = await m.query(
    `SELECT c.plan_id AS "noticeId", p.id AS "planId", p.number, p.kind, count(*)::int AS carried,
            (SELECT count(*)::int FROM tasks x WHERE x.plan_id = p.id AND x.parent_id IS NULL) AS total
       FROM carried_tasks c JOIN tasks t ON t.id = c.task_id JOIN plans p ON p.id = t.plan_id
      WHERE c.plan_id = ANY($1::uuid[])
      GROUP BY c.plan_id, p.id ORDER BY p.issued_on, p.number`,
    [noticeIds],
  );
  // each carried task's state at the cut-off day $3 read as done, as the summary's roll-up reads it
  // (a completion dated by the cut-off counts though entered after it); $2 the end of that day,
  // null for the live state
  const states = taskStatesOnDaySql({
    day: '$3::date',
    until: input.until ? '$2::timestamptz' : null,
    where: ['t.id IN (SELECT task_id FROM carried_tasks WHERE plan_id = ANY($1::uuid[]))', ...(input.until ? [] : ['$2::timestamptz IS NULL'])],
    labels: true,
  });
  const tasks: (CarriedOverTask & { noticeId: string; departmentId: string | null; departmentName: string | null })[] = await m.query(
    `SELECT c.plan_id AS "noticeId", s.id AS "taskId", s.code, s.title, p.number AS "planNumber", to_char(s.due_date, 'YYYY-MM-DD') AS "dueDate",
            s.status, to_char(s.completed_on, 'YYYY-MM-DD') AS "completedOn", s.lead_department_id AS "departmentId", d.name AS "departmentName"
       FROM (${states}) s JOIN carried_tasks c ON c.task_id = s.id AND c.plan_id = ANY($1::uuid[])
       JOIN plans p ON p.id = s.plan_id LEFT JOIN departments d ON d.id = s.lead_department_id
      ORDER BY d.name NULLS LAST, p.issued_on, p.number, s.seq`,
    [noticeIds, input.until, input.asOf],
  );
  return notices.map((notice) => {
    const own = tasks.filter((t) => t.noticeId === notice.id);
    const departments: CarriedOverSection['departments'] = [];
    for (const t of own) {
      let group = departments.find((g) => g.departmentId === t.departmentId);
      if (!group) departments.push((group = { departmentId: t.departmentId, name: t.departmentName ?? 'Giao chung', tasks: [] }));
      const result = t.status === 'completed' && t.completedOn ? `Hoàn thành ngày ${formatVietnameseDate(t.completedOn)}` : STATUS_WORDS[t.status];
      group.tasks.push({ taskId: t.taskId, code: t.code, title: t.title, planNumber: t.planNumber, dueDate: t.dueDate, status: t.status, completedOn: t.completedOn, result });
    }
    return {
      noticeId: notice.id,
      number: notice.number,
      issuedOn: notice.issuedOn,
      heading: `Kết quả thực hiện các nhiệm vụ chưa hoàn thành theo Thông báo kết luận số ${notice.number} ngày ${formatVietnameseDate(notice.issuedOn)}`,
      sources: sources
        .filter((s) => s.noticeId === notice.id)
        .map((s) => {
          const rate = share(s.carried, s.total, 1);
          return {
            planId: s.planId, number: s.number, carried: s.carried, total: s.total, rate,
            text: `Còn ${pad2(s.carried)}/${s.total} nhiệm vụ đang thực hiện (chiếm ${RATE.format(rate)}%) theo ${PLAN_KIND_WORDS[s.kind] ?? PLAN_KIND_WORDS.other} số ${s.number}`,
          };
        }),
      carried: own.length,
      completed: own.filter((t) => t.status === 'completed').length,
      departments,
    };
  });
}

/** The sheet "Chuyển tiếp" of the workbook: every section's tasks, by department. */
export function carriedOverSheetSpec(summary: SummaryView) {
  const sections = summary.carriedOver ?? [];
  type Row = CarriedOverTask & { department: string; notice: string };
  const rows: Row[] = sections.flatMap((s) => s.departments.flatMap((d) => d.tasks.map((t) => ({ ...t, department: d.name, notice: s.number }))));
  return {
    name: 'Chuyển tiếp',
    subject: sections.map((s) => `${s.heading}: ${s.sources.map((x) => x.text).join('; ')}`).join('\n'),
    rows,
    columns: [
      { heading: 'STT', width: 6, value: (_: Row, i: number) => i + 1 },
      { heading: 'Đơn vị chủ trì', width: 28, value: (t: Row) => t.department, wrap: true },
      { heading: 'Mã nhiệm vụ', width: 12, value: (t: Row) => t.code, wrap: true },
      { heading: 'Nội dung nhiệm vụ', width: 56, value: (t: Row) => t.title, wrap: true },
      { heading: 'Văn bản giao nhiệm vụ', width: 20, value: (t: Row) => t.planNumber, wrap: true },
      { heading: 'Thông báo kết luận', width: 18, value: (t: Row) => t.notice, wrap: true },
      { heading: 'Hạn hoàn thành', width: 13, value: (t: Row): ExcelJS.CellValue => (t.dueDate ? new Date(`${t.dueDate}T00:00:00Z`) : null), date: true },
      { heading: 'Kết quả thực hiện', width: 24, value: (t: Row) => t.result, wrap: true },
    ],
  };
}
