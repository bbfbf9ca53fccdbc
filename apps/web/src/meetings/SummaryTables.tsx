import { Table, Tabs, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Schemas } from '../api/client';
import { DOCUMENT_KIND_LABELS, formatDay, STATUS_LABELS } from '../labels';
import { COUNT_COLUMNS, formatRate, SHEETS, type Counts } from './summaryColumns';

type Summary = Schemas['MeetingSummaryDto'];
type SummaryTask = Summary['overdue'][number] | Summary['completedSince']['tasks'][number] | Summary['dueBeforeNextMeeting']['tasks'][number];
interface CountsRow extends Counts {
  key: string;
  stt: number | null;
  label: ReactNode;
}

/** The two-level header of the reports: "Đã hoàn thành" over its parts, as the workbook lays it out. */
function countColumns(label: string): TableColumnsType<CountsRow> {
  const columns: TableColumnsType<CountsRow> = [
    { title: 'STT', dataIndex: 'stt', key: 'stt', align: 'center', width: 52 },
    { title: label, dataIndex: 'label', key: 'label' },
  ];
  const groups = new Map<string, TableColumnsType<CountsRow>>();
  for (const c of COUNT_COLUMNS) {
    const column = {
      title: c.heading,
      key: c.key,
      align: 'center' as const,
      render: (_: unknown, row: CountsRow) => (c.key === 'completionRate' ? formatRate(row.completionRate) : row[c.key]),
    };
    const group = c.group ? groups.get(c.group) : undefined;
    if (!c.group) columns.push(column);
    else if (group) group.push(column);
    else {
      const children = [column];
      groups.set(c.group, children);
      columns.push({ title: c.group, key: c.group, children });
    }
  }
  return columns;
}

const day = (d: string | null) => formatDay(d) || '—';

function taskColumns<T extends SummaryTask>(extra: TableColumnsType<T>): TableColumnsType<T> {
  return [
    { title: 'STT', key: 'stt', align: 'center', width: 52, render: (_, __, i) => i + 1 },
    { title: 'Mã nhiệm vụ', dataIndex: 'code', key: 'code' },
    { title: 'Nội dung nhiệm vụ', key: 'title', render: (_, t) => <Link to={`/tasks/${t.taskId}`}>{t.title}</Link> },
    { title: 'Văn bản giao nhiệm vụ', dataIndex: 'planNumber', key: 'plan' },
    { title: 'Đơn vị chủ trì', dataIndex: 'leadDepartment', key: 'lead' },
    { title: 'Hạn hoàn thành', key: 'due', render: (_, t) => day(t.dueDate) },
    ...extra,
  ];
}

function Part({ id, title, subject, children }: { id: string; title: string; subject: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="summary-part">
      <h3 id={id}>{title}</h3>
      <p className="summary-subject">{subject}</p>
      {/* wide tables scroll here, a region the keyboard can reach and scroll */}
      <div className="summary-scroll" tabIndex={0} role="group" aria-label={`Bảng ${title}`}>
        {children}
      </div>
    </section>
  );
}

/** A frozen summary as the take-away workbook lays it out: one table per sheet, in the sheets' order and words. */
export function SummaryTables({ summary }: { summary: Summary }) {
  const { rollup, meeting } = summary;
  const asOf = formatDay(meeting.asOf);
  const planRows: CountsRow[] = [
    ...rollup.byPlan.map((p, i) => ({ ...p, key: p.planId, stt: i + 1, label: p.number })),
    { ...rollup.total, key: 'total', stt: null, label: <strong>Tổng cộng</strong> },
  ];
  const departmentRows: CountsRow[] = rollup.byDepartment.map((d, i) => ({ ...d, key: d.departmentId, stt: i + 1, label: d.name }));
  const documents = (t: Summary['completedSince']['tasks'][number], kind: 'submitted' | 'issued') =>
    t.documents
      .filter((d) => d.kind === kind)
      .map((d) => (
        <div key={`${d.number}-${d.issuedOn}`} title={DOCUMENT_KIND_LABELS[d.kind]}>
          {d.number} ngày {formatDay(d.issuedOn)}
        </div>
      ));
  const since = summary.previousMeeting
    ? `Nhiệm vụ hoàn thành từ sau ${summary.previousMeeting.title} (kết quả đến ngày ${formatDay(summary.previousMeeting.asOf)}) đến ngày ${asOf}`
    : `Nhiệm vụ đã hoàn thành đến ngày ${asOf}`;
  const due = summary.dueBeforeNextMeeting;
  const empty = { emptyText: 'Không có' };

  const parts = [
    <Part key="summary" id="sheet-summary" title={SHEETS.summary} subject="Tổng hợp kết quả thực hiện nhiệm vụ theo văn bản giao nhiệm vụ">
      <Table<CountsRow> rowKey="key" size="small" bordered pagination={false} columns={countColumns('Văn bản giao nhiệm vụ')} dataSource={planRows} />
    </Part>,
    <Part
      key="departments"
      id="sheet-departments"
      title={SHEETS.byDepartment}
      subject="Kết quả thực hiện nhiệm vụ theo đơn vị chủ trì (kể cả phần việc của từng đơn vị trong nhiệm vụ giao chung)"
    >
      <Table<CountsRow> rowKey="key" size="small" bordered pagination={false} locale={empty} columns={countColumns('Đơn vị chủ trì')} dataSource={departmentRows} />
    </Part>,
    <Part key="overdue" id="sheet-overdue" title={SHEETS.overdue} subject={`Nhiệm vụ chưa hoàn thành, quá hạn tại ngày ${asOf}`}>
      <Table
        rowKey="taskId"
        size="small"
        bordered
        pagination={false}
        locale={empty}
        dataSource={summary.overdue}
        columns={taskColumns<Summary['overdue'][number]>([
          { title: 'Số ngày quá hạn', dataIndex: 'daysOverdue', key: 'days', align: 'center' },
          { title: 'Tình trạng', key: 'status', render: (_, t) => STATUS_LABELS[t.status] },
        ])}
      />
    </Part>,
    <Part key="completed" id="sheet-completed" title={SHEETS.completed} subject={since}>
      <Table
        rowKey="taskId"
        size="small"
        bordered
        pagination={false}
        locale={empty}
        dataSource={summary.completedSince.tasks}
        columns={taskColumns<Summary['completedSince']['tasks'][number]>([
          { title: 'Ngày hoàn thành', key: 'completedOn', render: (_, t) => day(t.completedOn) },
          { title: 'Tiến độ', key: 'timeliness', render: (_, t) => (t.timeliness === 'on_time' ? 'Đúng hạn' : 'Quá hạn') },
          { title: 'Số, ngày văn bản trình', key: 'submitted', render: (_, t) => documents(t, 'submitted') },
          { title: 'Số, ngày văn bản ban hành', key: 'issued', render: (_, t) => documents(t, 'issued') },
        ])}
      />
    </Part>,
    <Part
      key="due"
      id="sheet-due"
      title={SHEETS.dueSoon}
      subject={
        due.until
          ? `Nhiệm vụ đến hạn từ ngày ${formatDay(due.from)} đến ngày ${formatDay(due.until)} (phiên họp tiếp theo)`
          : 'Chưa định ngày phiên họp tiếp theo: không lập danh sách nhiệm vụ sắp đến hạn'
      }
    >
      <Table
        rowKey="taskId"
        size="small"
        bordered
        pagination={false}
        locale={empty}
        dataSource={due.tasks}
        columns={taskColumns<Summary['dueBeforeNextMeeting']['tasks'][number]>([
          { title: 'Còn lại (ngày)', dataIndex: 'daysLeft', key: 'days', align: 'center' },
          { title: 'Tình trạng', key: 'status', render: (_, t) => STATUS_LABELS[t.status] },
        ])}
      />
    </Part>,
  ];
  // one tab per sheet of the workbook, in its order, with the number of rows of each list
  const counted: Record<string, number> = {
    'sheet-departments': rollup.byDepartment.length,
    'sheet-overdue': summary.overdue.length,
    'sheet-completed': summary.completedSince.tasks.length,
    'sheet-due': due.tasks.length,
  };
  return (
    <div className="summary-tables">
      <p className="summary-headline">
        Kết quả đến ngày {asOf}: {rollup.total.total} nhiệm vụ, hoàn thành {rollup.total.completed}/{rollup.total.total} (
        <span data-testid="summary-completion-rate">{formatRate(rollup.total.completionRate)}%</span>), quá hạn {rollup.total.overdue}.
      </p>
      <Tabs
        className="summary-sheets"
        items={parts.map((part) => {
          const { id, title } = part.props;
          return { key: id, label: id in counted ? `${title} (${counted[id]})` : title, children: part };
        })}
      />
    </div>
  );
}
