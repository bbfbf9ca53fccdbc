import { Table } from 'antd';
import { Link } from 'react-router';
import type { Schemas } from '../api/client';
import { formatDay } from '../labels';

type Summary = Schemas['MeetingSummaryDto'];
type CarriedRow = Schemas['CarriedOverTaskDto'] & { department: string; stt: number };
type UrgedRow = Schemas['UrgedTaskDto'] & { stt: number };

/**
 * The summary's sections of issue 18, as the workbook's sheets "Chuyển tiếp" and "Đã đôn đốc":
 * each conclusion notice's carried tasks by department with their result at the cut-off
 * ("Còn 08/53 … (chiếm 15,1%)"), and the tasks urged by letters with how often. Shown only
 * when the summary has them.
 */
export function ChainTables({ summary }: { summary: Summary }) {
  const sections = summary.carriedOver ?? [];
  const urged = summary.urged ?? [];
  if (!sections.length && !urged.length) return null;
  return (
    <div className="summary-chain">
      {sections.map((section) => {
        const rows: CarriedRow[] = [];
        for (const d of section.departments) for (const t of d.tasks) rows.push({ ...t, department: d.name, stt: rows.length + 1 });
        const headingId = `carried-${section.noticeId}`;
        return (
          <section key={section.noticeId} aria-labelledby={headingId} className="summary-carried">
            <h3 id={headingId}>Chuyển tiếp: {section.heading}</h3>
            {section.sources.map((s) => (
              <p key={s.planId}>{s.text}</p>
            ))}
            <div className="summary-scroll" tabIndex={0} role="group" aria-label={`Bảng chuyển tiếp theo Thông báo kết luận số ${section.number}`}>
              <Table<CarriedRow>
                rowKey="taskId"
                size="small"
                bordered
                pagination={false}
                dataSource={rows}
                columns={[
                  { title: 'STT', dataIndex: 'stt', key: 'stt', width: 60 },
                  { title: 'Đơn vị chủ trì', dataIndex: 'department', key: 'department' },
                  { title: 'Mã nhiệm vụ', dataIndex: 'code', key: 'code' },
                  { title: 'Nội dung nhiệm vụ', key: 'title', render: (_, t) => <Link to={`/tasks/${t.taskId}`}>{t.title}</Link> },
                  { title: 'Văn bản giao nhiệm vụ', dataIndex: 'planNumber', key: 'plan' },
                  { title: 'Hạn hoàn thành', key: 'due', render: (_, t) => formatDay(t.dueDate) },
                  { title: 'Kết quả thực hiện', dataIndex: 'result', key: 'result' },
                ]}
              />
            </div>
          </section>
        );
      })}
      {urged.length ? (
        <section aria-labelledby="summary-urged" className="summary-urged">
          <h3 id="summary-urged">Đã đôn đốc ({urged.length})</h3>
          <div className="summary-scroll" tabIndex={0} role="group" aria-label="Bảng nhiệm vụ đã đôn đốc">
            <Table<UrgedRow>
              rowKey="taskId"
              size="small"
              bordered
              pagination={false}
              dataSource={urged.map((u, i) => ({ ...u, stt: i + 1 }))}
              columns={[
                { title: 'STT', dataIndex: 'stt', key: 'stt', width: 60 },
                { title: 'Đơn vị chủ trì', key: 'department', render: (_, t) => t.leadDepartment ?? 'Giao chung' },
                { title: 'Mã nhiệm vụ', dataIndex: 'code', key: 'code' },
                { title: 'Nội dung nhiệm vụ', key: 'title', render: (_, t) => <Link to={`/tasks/${t.taskId}`}>{t.title}</Link> },
                { title: 'Văn bản giao nhiệm vụ', dataIndex: 'planNumber', key: 'plan' },
                { title: 'Hạn hoàn thành', key: 'due', render: (_, t) => formatDay(t.dueDate) },
                { title: 'Số lần đôn đốc', dataIndex: 'times', key: 'times', align: 'center' },
                { title: 'Văn bản đôn đốc', key: 'letters', render: (_, t) => t.letters.map((l) => `${l.number} ngày ${formatDay(l.issuedOn)}`).join('; ') },
              ]}
            />
          </div>
        </section>
      ) : null}
    </div>
  );
}
