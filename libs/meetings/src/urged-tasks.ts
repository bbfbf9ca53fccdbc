import ExcelJS from 'exceljs';
import { EntityManager } from 'typeorm';
import { formatVietnameseDate } from '@app/common';
import { inPlansSql } from '@app/rollups';
import type { SummaryView } from './summary-content';

/**
 * The tasks the secretariat urged (issue 18, item 4: urging letters, libs/reminders/src/urgings.service.ts)
 * among a meeting's plans, with how often and by which letters, up to the cut-off: the meeting
 * summary's list "Nhiệm vụ đã đôn đốc" and its sheet.
 */
export interface UrgedTask {
  taskId: string;
  code: string;
  title: string;
  planId: string;
  planNumber: string;
  leadDepartmentId: string | null;
  leadDepartment: string | null;
  dueDate: string | null;
  /** How many letters urged it up to the cut-off. */
  times: number;
  letters: { number: string; issuedOn: string }[];
}

/** One statement: the urged tasks of these plans (their own and those carried into them) by letters dated up to `asOf`, the most urged first. */
export function urgedTasks(m: EntityManager, planIds: string[], asOf: string): Promise<UrgedTask[]> {
  return m.query(
    `SELECT t.id AS "taskId", t.code, t.title, t.plan_id AS "planId", p.number AS "planNumber",
            t.lead_department_id AS "leadDepartmentId", d.name AS "leadDepartment", to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate",
            count(*)::int AS times,
            json_agg(json_build_object('number', g.number, 'issuedOn', to_char(g.issued_on, 'YYYY-MM-DD')) ORDER BY g.issued_on, g.number) AS letters
       FROM urging_tasks ut
       JOIN urgings g ON g.id = ut.urging_id AND g.issued_on <= $2::date
       JOIN tasks t ON t.id = ut.task_id
       JOIN plans p ON p.id = t.plan_id
       LEFT JOIN departments d ON d.id = t.lead_department_id
      WHERE ${inPlansSql('$1::uuid[]')}
      GROUP BY t.id, p.id, d.name
      ORDER BY count(*) DESC, p.issued_on, p.number, t.seq`,
    [planIds, asOf],
  );
}

/** The sheet's title and columns, for summary-xlsx.ts's list layout (the reports' appendix form). */
export function urgedSheetSpec(summary: SummaryView) {
  const urged = summary.urged ?? [];
  const letters = urged.reduce((n, t) => n + t.times, 0);
  return {
    name: 'Đã đôn đốc',
    subject: `Nhiệm vụ đã được đôn đốc đến ngày ${formatVietnameseDate(summary.meeting.asOf)}: ${urged.length} nhiệm vụ, ${letters} lượt đôn đốc`,
    rows: urged,
    columns: [
      { heading: 'STT', width: 6, value: (_: UrgedTask, i: number) => i + 1 },
      { heading: 'Mã nhiệm vụ', width: 14, value: (t: UrgedTask) => t.code, wrap: true },
      { heading: 'Nội dung nhiệm vụ', width: 60, value: (t: UrgedTask) => t.title, wrap: true },
      { heading: 'Văn bản giao nhiệm vụ', width: 20, value: (t: UrgedTask) => t.planNumber, wrap: true },
      { heading: 'Đơn vị chủ trì', width: 28, value: (t: UrgedTask) => t.leadDepartment ?? '', wrap: true },
      { heading: 'Hạn hoàn thành', width: 13, value: (t: UrgedTask): ExcelJS.CellValue => (t.dueDate ? new Date(`${t.dueDate}T00:00:00Z`) : null), date: true },
      { heading: 'Số lần đôn đốc', width: 10, value: (t: UrgedTask) => t.times },
      {
        heading: 'Văn bản đôn đốc',
        width: 30,
        value: (t: UrgedTask) => t.letters.map((l) => `${l.number} ngày ${formatVietnameseDate(l.issuedOn)}`).join('\n'),
        wrap: true,
      },
    ],
  };
}
