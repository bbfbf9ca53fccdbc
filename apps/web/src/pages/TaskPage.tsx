import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Empty, Result, Space, Spin, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiFailure, unwrap, type Schemas, type Task } from '../api/client';
import { refusalOf } from '../api/errors';
import { useMe, type Me } from '../auth/session';
import { DOCUMENT_KIND_LABELS, formatDay, formatInstant, STATUS_LABELS } from '../labels';
import { leadOf, useDepartmentNames, usePlans } from '../reference/names';
import { ExtensionForm } from '../task/ExtensionForm';
import { History, type HistoryEntry } from '../task/History';
import { Urgings } from '../task/Urgings';
import { ProgressForm } from '../task/ProgressForm';
import { ReviewPanel } from '../task/ReviewPanel';
import { TimelinessTag } from '../task/TimelinessTag';

type ExtensionRequest = Schemas['ExtensionRequestViewDto'];
type OpenForm = 'progress' | 'extension' | null;

const OPEN_STATUSES: Task['status'][] = ['not_started', 'in_progress', 'blocked'];
const EXTENSION_WORDS = { pending: 'Chờ quyết định', approved: 'Chấp thuận', rejected: 'Không chấp thuận' } as const;

/** What the signed-in user may do on this task (libs/tasks/src/task-access.ts). */
function rightsOf(me: Me | undefined, task: Task): 'full' | 'note' | null {
  if (!me || me.role !== 'focal_point' || !me.departmentId || task.leadGroupId) return null;
  if (task.leadDepartmentId === me.departmentId) return 'full';
  if (task.coordinatingDepartmentIds.includes(me.departmentId)) return 'note';
  return null;
}

/**
 * The latest word of the secretariat on a completion, when it was a return (and no completion
 * was reported since): shown at the top of the task with its reason.
 */
function returnedCompletion(history: HistoryEntry[]): HistoryEntry | null {
  const decisive = [...history]
    .sort((a, b) => Number(b.id) - Number(a.id))
    .find(
      (e) =>
        e.action === 'completion_returned' ||
        e.action === 'completion_confirmed' ||
        (e.action === 'progress_reported' && (e.changes.status?.to as string | undefined) === 'completed'),
    );
  return decisive?.action === 'completion_returned' ? decisive : null;
}

export default function TaskPage() {
  const { id = '' } = useParams();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState<OpenForm>(null);
  const nameOf = useDepartmentNames();
  const plans = usePlans();

  const task = useQuery({ queryKey: ['task', id], queryFn: () => unwrap(api.GET('/api/v1/tasks/{id}', { params: { path: { id } } })) });
  const history = useQuery({
    queryKey: ['task', id, 'history'],
    queryFn: () => unwrap(api.GET('/api/v1/tasks/{id}/updates', { params: { path: { id } } })),
  });
  const extensions = useQuery({
    queryKey: ['task', id, 'extensions'],
    queryFn: () => unwrap(api.GET('/api/v1/extension-requests', { params: { query: { taskId: id } } })),
  });

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['task', id] }),
      queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      queryClient.invalidateQueries({ queryKey: ['notifications'] }),
    ]);

  if (task.isPending) return <Spin {...{ role: 'status' }} aria-label="Đang tải" style={{ display: 'block', margin: 48 }} />;
  if (task.isError) {
    const notFound = task.error instanceof ApiFailure && task.error.status === 404;
    return (
      <div className="page-card">
        <Result status={notFound ? '404' : 'error'} title={notFound ? 'Không tìm thấy nhiệm vụ.' : refusalOf(task.error).text} extra={<Link to="/tasks">Về danh sách nhiệm vụ</Link>} />
      </div>
    );
  }
  const t = task.data;
  const rights = rightsOf(me, t);
  const returned = returnedCompletion(history.data ?? []);
  const pendingExtension = (extensions.data ?? []).some((e) => e.status === 'pending');
  const canAskExtension = rights === 'full' && OPEN_STATUSES.includes(t.status) && !!t.dueDate && !pendingExtension;
  const plan = plans.data?.items.find((p) => p.id === t.planId);

  return (
    <div className="page-card">
      <p style={{ margin: 0 }}>
        <Link to={me?.role === 'focal_point' ? '/tasks?mine=1' : '/tasks'}>← Danh sách nhiệm vụ</Link>
      </p>
      <h1 style={{ marginBottom: 4 }}>
        {t.code}. {t.title}
      </h1>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag>{STATUS_LABELS[t.status]}</Tag>
        <TimelinessTag value={t.timeliness} />
        {t.status === 'completed' ? <Tag color={t.completionConfirmed ? '#237804' : '#ad4e00'}>{t.completionConfirmed ? 'Đã xác nhận hoàn thành' : 'Chờ xác nhận hoàn thành'}</Tag> : null}
      </Space>

      {returned ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={`Thường trực đã trả lại báo cáo hoàn thành (${returned.actorName ?? ''}, ${formatInstant(returned.at)})`}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>Lý do: {returned.note ?? '—'}</span>}
        />
      ) : null}

      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          { key: 'plan', label: 'Kế hoạch', children: plan ? `${plan.number} — ${plan.title}` : '' },
          { key: 'group', label: 'Nhóm nhiệm vụ', children: t.group ?? '' },
          { key: 'sourceRef', label: 'Số thứ tự trong văn bản', children: t.sourceRef ?? '' },
          { key: 'lead', label: 'Đơn vị chủ trì', children: leadOf(t, nameOf) },
          { key: 'coordinating', label: 'Đơn vị phối hợp', children: t.coordinatingDepartmentIds.map((d) => nameOf(d)).join(', ') || '—' },
          {
            key: 'deadline',
            label: 'Thời hạn',
            children: (
              <>
                {t.deadlineText ? <div>{t.deadlineText}</div> : null}
                <div>{t.dueDate ? formatDay(t.dueDate) : 'Chưa có thời hạn'}</div>
                {t.originalDueDate && t.originalDueDate !== t.dueDate ? <div>(ban đầu {formatDay(t.originalDueDate)})</div> : null}
              </>
            ),
          },
          { key: 'expected', label: 'Sản phẩm', children: t.expectedOutput ?? '' },
          { key: 'submission', label: 'Cấp trình', children: t.submissionLevel ?? '' },
          { key: 'yearly', label: 'Hằng năm', children: t.yearly ? 'Có' : 'Không' },
          { key: 'completedOn', label: 'Ngày hoàn thành', children: formatDay(t.completedOn) || '—' },
          { key: 'progress', label: 'Kết quả thực hiện', span: 'filled', children: <span style={{ whiteSpace: 'pre-wrap' }}>{t.progressNote ?? '—'}</span> },
          { key: 'note', label: 'Ghi chú', span: 'filled', children: t.note ?? '' },
        ]}
      />

      <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">Văn bản</h2>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={t.outputDocuments}
        locale={{ emptyText: 'Chưa có văn bản.' }}
        columns={[
          { title: 'Số văn bản', dataIndex: 'number', key: 'number' },
          { title: 'Ngày văn bản', key: 'issuedOn', render: (_, d) => formatDay(d.issuedOn) },
          { title: 'Loại văn bản', key: 'kind', render: (_, d) => DOCUMENT_KIND_LABELS[d.kind] },
          { title: 'Trích yếu', dataIndex: 'title', key: 'title', responsive: ['md'] },
        ]}
      />
      </section>

      <ReviewPanel task={t} onReviewed={() => void refresh()} />

      {t.children?.length ? (
        <section aria-labelledby="children-heading">
          <h2 id="children-heading">Nhiệm vụ của từng đơn vị</h2>
          <Table<Task>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={t.children}
            columns={[
              { title: 'Mã', dataIndex: 'code', key: 'code', responsive: ['sm'] },
              { title: 'Đơn vị', key: 'lead', render: (_, c) => <Link to={`/tasks/${c.id}`}>{leadOf(c, nameOf)}</Link> },
              { title: 'Trạng thái', key: 'status', render: (_, c) => STATUS_LABELS[c.status] },
              { title: 'Tình hình thực hiện', key: 'timeliness', render: (_, c) => <TimelinessTag value={c.timeliness} /> },
            ]}
          />
        </section>
      ) : null}

      {t.coordinatorNotes.length ? (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">Ý kiến đơn vị phối hợp</h2>
          <ul>
            {t.coordinatorNotes.map((n) => (
              <li key={n.departmentId}>
                <strong>{nameOf(n.departmentId)}</strong> ({formatInstant(n.at)}): <span style={{ whiteSpace: 'pre-wrap' }}>{n.note}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="extensions-heading">
      <h2 id="extensions-heading">Đề nghị gia hạn</h2>
      {extensions.data?.length ? (
        <ul>
          {extensions.data.map((e: ExtensionRequest) => (
            <li key={e.id} style={{ marginBottom: 6 }}>
              {formatInstant(e.createdAt)}: đề nghị gia hạn từ {formatDay(e.currentDueDate) || '—'} đến <strong>{formatDay(e.proposedDueDate)}</strong>. Lý do: {e.reason}.{' '}
              <Tag color={e.status === 'approved' ? '#237804' : e.status === 'rejected' ? '#a8071a' : '#ad4e00'}>{EXTENSION_WORDS[e.status]}</Tag>
              {e.decidedAt ? ` ${formatInstant(e.decidedAt)}` : ''}
              {e.decisionNote ? ` — ${e.decisionNote}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có đề nghị gia hạn." />
      )}
      </section>

      {rights ? (
        <section aria-label="Cập nhật nhiệm vụ" style={{ margin: '16px 0' }}>
          <Space wrap style={{ marginBottom: 12 }}>
            <Button type={open === 'progress' ? 'primary' : 'default'} onClick={() => setOpen(open === 'progress' ? null : 'progress')} aria-expanded={open === 'progress'}>
              Cập nhật tiến độ
            </Button>
            {canAskExtension ? (
              <Button type={open === 'extension' ? 'primary' : 'default'} onClick={() => setOpen(open === 'extension' ? null : 'extension')} aria-expanded={open === 'extension'}>
                Đề nghị gia hạn
              </Button>
            ) : null}
          </Space>
          {open === 'progress' ? (
            <ProgressForm
              task={t}
              mode={rights}
              onCancel={() => setOpen(null)}
              onReload={() => refresh()}
              onSaved={() => {
                setOpen(null);
                void message.success('Đã lưu.');
                void refresh();
              }}
            />
          ) : null}
          {open === 'extension' ? (
            <ExtensionForm
              task={t}
              onCancel={() => setOpen(null)}
              onSent={() => {
                setOpen(null);
                void message.success('Đã gửi đề nghị gia hạn.');
                void refresh();
              }}
            />
          ) : null}
        </section>
      ) : null}

      <Urgings task={t} canUrge={me?.role === 'secretariat' && OPEN_STATUSES.includes(t.status) && t.timeliness === 'overdue'} />

      {history.isError ? <Alert type="error" showIcon message={refusalOf(history.error).text} /> : <History entries={history.data ?? []} departmentName={nameOf} />}
    </div>
  );
}
