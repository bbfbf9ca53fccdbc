import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Empty, Result, Space, Spin, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiFailure, unwrap, type Task } from '../api/client';
import { refusalOf } from '../api/errors';
import { useMe } from '../auth/session';
import { formatDay, STATUS_LABELS } from '../labels';
import { ConclusionNotice } from '../plans/ConclusionNotice';
import { ImportPanel } from '../plans/ImportPanel';
import { PlanFormModal } from '../plans/PlanForm';
import { PlanChildren, PlanParent } from '../plans/PlanHierarchy';
import { sectionsOf, usePlanRollups, usePlanTasks } from '../plans/queries';
import { TaskFormModal } from '../plans/TaskForm';
import { completionOf, PLAN_KIND_LABELS } from '../plans/words';
import { leadOf, useDepartmentNames } from '../reference/names';
import { Deadline } from '../task/Deadline';
import { TimelinessTag } from '../task/TimelinessTag';

type Editing = { kind: 'plan' } | { kind: 'task'; id: string | null } | null;

/**
 * /plans/:id: the plan, its roll-up, and its tasks by section in the order of the document.
 * The secretariat edits the plan, adds and edits tasks, and imports a task table; everyone may
 * take the tasks away as Excel (in the layout the import reads).
 */
export default function PlanPage() {
  const { id = '' } = useParams();
  const me = useMe().data;
  const writer = me?.role === 'secretariat';
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const nameOf = useDepartmentNames();
  const [editing, setEditing] = useState<Editing>(null);
  const [importing, setImporting] = useState(false);

  const plan = useQuery({ queryKey: ['plan', id], queryFn: () => unwrap(api.GET('/api/v1/plans/{id}', { params: { path: { id } } })) });
  const rollups = usePlanRollups(id);
  const tasks = usePlanTasks(id);
  const rollup = rollups.data?.byPlan.find((r) => r.planId === id);
  const sections = sectionsOf(tasks.data?.items ?? []);

  /** After a change: the plan's tasks and every roll-up and list that counts them. */
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      queryClient.invalidateQueries({ queryKey: ['rollups'] }),
      queryClient.invalidateQueries({ queryKey: ['task'] }),
    ]);
  };

  if (plan.isPending) {
    return (
      <div className="page-card" style={{ textAlign: 'center' }}>
        <Spin {...{ role: 'status' }} aria-label="Đang tải" />
      </div>
    );
  }
  if (plan.isError) {
    const missing = plan.error instanceof ApiFailure && (plan.error.status === 404 || plan.error.status === 400);
    return (
      <div className="page-card">
        <Result status={missing ? '404' : 'error'} title={missing ? 'Không tìm thấy kế hoạch' : refusalOf(plan.error).text} extra={<Link to="/plans">Về danh sách kế hoạch</Link>} />
      </div>
    );
  }
  const p = plan.data;
  const editedTask = editing?.kind === 'task' && editing.id ? tasks.data?.items.find((t) => t.id === editing.id) : undefined;

  const columns: TableColumnsType<Task> = [
    { title: 'Mã', dataIndex: 'code', key: 'code', width: 80 },
    { title: 'Nhiệm vụ', key: 'title', render: (_, task) => <Link to={`/tasks/${task.id}`}>{task.title}</Link> },
    { title: 'Đơn vị chủ trì', key: 'lead', width: 210, responsive: ['md'], render: (_, task) => leadOf(task, nameOf) },
    {
      title: 'Thời hạn',
      key: 'deadline',
      width: 140,
      render: (_, task) => <Deadline task={task} />,
    },
    { title: 'Trạng thái', key: 'status', width: 150, render: (_, task) => <Tag>{STATUS_LABELS[task.status]}</Tag> },
    { title: 'Tình hình thực hiện', key: 'timeliness', width: 130, render: (_, task) => <TimelinessTag value={task.timeliness} /> },
  ];
  if (writer) {
    columns.push({
      title: <span className="sr-only">Thao tác</span>,
      key: 'actions',
      width: 70,
      render: (_, task) => (
        <Button size="small" onClick={() => setEditing({ kind: 'task', id: task.id })} aria-label={`Sửa nhiệm vụ ${task.code}`}>
          Sửa
        </Button>
      ),
    });
  }

  return (
    <div className="page-card plan-page">
      <p style={{ marginTop: 0 }}>
        <Link to="/plans">← Kế hoạch</Link>
      </p>
      <h1 style={{ marginTop: 0 }}>
        {PLAN_KIND_LABELS[p.kind]} số {p.number}
      </h1>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="Trích yếu" span={2}>
          {p.title}
        </Descriptions.Item>
        <Descriptions.Item label="Ngày ban hành">{formatDay(p.issuedOn)}</Descriptions.Item>
        <Descriptions.Item label="Cơ quan ban hành">{p.issuer}</Descriptions.Item>
        <Descriptions.Item label="Loại văn bản">{PLAN_KIND_LABELS[p.kind]}</Descriptions.Item>
        <Descriptions.Item label="Năm">{p.year}</Descriptions.Item>
        <Descriptions.Item label="Thực hiện văn bản" span={2}>
          <PlanParent plan={p} />
        </Descriptions.Item>
      </Descriptions>
      <PlanChildren plan={p} />
      {p.kind === 'conclusion_notice' ? <ConclusionNotice plan={p} writer={writer} /> : null}

      <section aria-labelledby="plan-rollup" style={{ marginBottom: 16 }}>
        <h2 id="plan-rollup">Kết quả thực hiện{rollups.data ? ` đến ngày ${formatDay(rollups.data.asOf)}` : ''}</h2>
        {rollups.isError ? <Alert type="error" showIcon message={refusalOf(rollups.error).text} /> : null}
        <dl className="plan-figures">
          <div>
            <dt>Tổng số nhiệm vụ</dt>
            <dd>{rollup?.total ?? (rollups.data ? 0 : '…')}</dd>
          </div>
          <div>
            <dt>Hoàn thành</dt>
            <dd>{rollups.data ? completionOf(rollup) : '…'}</dd>
          </div>
          <div>
            <dt>Đúng hạn / trễ hạn</dt>
            <dd>{rollup ? `${rollup.completedOnTime} / ${rollup.completedLate}` : '0 / 0'}</dd>
          </div>
          <div>
            <dt>Thực hiện thường xuyên</dt>
            <dd>{rollup?.recurring ?? 0}</dd>
          </div>
          <div>
            <dt>Trong hạn</dt>
            <dd>{rollup?.withinDeadline ?? 0}</dd>
          </div>
          <div>
            <dt>Quá hạn</dt>
            <dd>{rollup?.overdue ?? 0}</dd>
          </div>
          <div>
            <dt>Vướng mắc</dt>
            <dd>{rollup?.blocked ?? 0}</dd>
          </div>
          <div>
            <dt>Không thực hiện</dt>
            <dd>{rollup?.cancelled ?? 0}</dd>
          </div>
        </dl>
      </section>

      <Space wrap style={{ marginBottom: 16 }}>
        {writer ? (
          <>
            <Button onClick={() => setEditing({ kind: 'plan' })}>Sửa kế hoạch</Button>
            <Button type="primary" onClick={() => setEditing({ kind: 'task', id: null })}>
              Thêm nhiệm vụ
            </Button>
            <Button onClick={() => setImporting(true)} aria-expanded={importing}>
              Nhập từ tệp
            </Button>
          </>
        ) : null}
        <a className="ant-btn ant-btn-default plan-export" href={`/api/v1/plans/${p.id}/tasks.xlsx`} download>
          Tải Excel
        </a>
      </Space>

      {writer && importing ? (
        <ImportPanel
          planId={p.id}
          onClose={() => setImporting(false)}
          onImported={async (count) => {
            setImporting(false);
            await refresh();
            message.success(`Đã nhập ${count} nhiệm vụ.`);
          }}
        />
      ) : null}

      <h2>Nhiệm vụ ({tasks.data?.total ?? '…'})</h2>
      {tasks.isError ? <Alert type="error" showIcon message={refusalOf(tasks.error).text} style={{ marginBottom: 12 }} /> : null}
      {tasks.isPending ? <Spin {...{ role: 'status' }} aria-label="Đang tải nhiệm vụ" /> : null}
      {tasks.data && tasks.data.items.length === 0 ? <Empty description="Kế hoạch chưa có nhiệm vụ nào." /> : null}
      {sections.map((section, index) => (
        <section key={section.group ?? ''} aria-labelledby={`section-${index}`} className="plan-section">
          <h3 id={`section-${index}`}>{section.group ?? (sections.length > 1 ? 'Nhiệm vụ khác' : 'Nhiệm vụ')}</h3>
          <Table<Task> rowKey="id" size="small" columns={columns} dataSource={section.tasks} pagination={false} loading={tasks.isFetching && !tasks.isPending} />
        </section>
      ))}

      {writer && editing?.kind === 'plan' ? (
        <PlanFormModal
          open
          plan={p}
          onClose={() => setEditing(null)}
          onReload={() => plan.refetch()}
          onSaved={async (saved) => {
            setEditing(null);
            queryClient.setQueryData(['plan', id], saved);
            await queryClient.invalidateQueries({ queryKey: ['plans'] });
            await queryClient.invalidateQueries({ queryKey: ['tasks'] });
            message.success(`Đã lưu kế hoạch ${saved.number}.`);
          }}
        />
      ) : null}
      {writer && editing?.kind === 'task' && (editing.id === null || editedTask) ? (
        <TaskFormModal
          open
          plan={p}
          task={editedTask}
          sections={sections.map((s) => s.group).filter((g): g is string => !!g)}
          onClose={() => setEditing(null)}
          onReload={() => tasks.refetch()}
          onSaved={async (saved) => {
            setEditing(null);
            await refresh();
            message.success(editedTask ? `Đã lưu nhiệm vụ ${saved.code}.` : `Đã thêm nhiệm vụ ${saved.code}.`);
          }}
        />
      ) : null}
    </div>
  );
}
