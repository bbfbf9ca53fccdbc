import { useQueries } from '@tanstack/react-query';
import { Alert, Descriptions, Empty, Result, Spin, Tag } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api, unwrap, type Schemas, type Task } from '../api/client';
import { refusalOf } from '../api/errors';
import { useMe } from '../auth/session';
import { DOCUMENT_KIND_LABELS, formatDay, formatInstant, STATUS_LABELS } from '../labels';
import { leadOf, useDepartmentNames, usePlans } from '../reference/names';
import { CompletionDecision } from '../reviews/CompletionDecision';
import { useAwaitingCompletions, usePendingExtensions, usePendingStatusRequests } from '../reviews/queries';
import { RequestDecision } from '../reviews/RequestDecision';

type ExtensionRequest = Schemas['ExtensionRequestViewDto'];
type StatusRequest = Schemas['StatusChangeRequestViewDto'];

/** One item waiting: headed by its task (a link), its facts, then the decision. */
function ReviewItem({ id, task, fallback, children }: { id: string; task: Task | undefined; fallback: string; children: ReactNode }) {
  const headingId = `review-${id}`;
  return (
    <article className="review-item" aria-labelledby={headingId}>
      <h3 id={headingId}>{task ? <Link to={`/tasks/${task.id}`}>{`${task.code}. ${task.title}`}</Link> : fallback}</h3>
      {children}
    </article>
  );
}

function Queue<T>({ id, title, query, empty, render }: {
  id: string;
  title: string;
  query: { data?: T[]; isPending: boolean; isError: boolean; error: unknown };
  empty: string;
  render: (item: T) => ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="review-queue">
      <h2 id={id}>
        {title} {query.data ? <span className="review-count">({query.data.length})</span> : null}
      </h2>
      {query.isPending ? <Spin {...{ role: 'status' }} aria-label="Đang tải" /> : null}
      {query.isError ? <Alert type="error" showIcon message={refusalOf(query.error).text} /> : null}
      {query.data && !query.data.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> : null}
      {query.data?.map(render)}
    </section>
  );
}

/** /reviews: what waits for the secretariat's word — completions, extension requests, status change requests. */
export default function ReviewsPage() {
  const me = useMe().data;
  const allowed = me?.role === 'secretariat';
  if (!allowed) {
    return (
      <div className="page-card">
        <h1>Chờ duyệt</h1>
        <Result status="403" title="Không có quyền truy cập" subTitle="Trang này dành cho Thường trực Ban Chỉ đạo." extra={<Link to="/">Về trang chính</Link>} />
      </div>
    );
  }
  return <Reviews />;
}

function Reviews() {
  const nameOf = useDepartmentNames();
  const plans = usePlans();
  const completions = useAwaitingCompletions();
  const extensions = usePendingExtensions();
  const statusRequests = usePendingStatusRequests();
  const planNumber = (planId: string) => plans.data?.items.find((p) => p.id === planId)?.number ?? '';

  // the tasks the requests are about, read as the task page reads them (one cache)
  const taskIds = [...new Set([...(extensions.data ?? []), ...(statusRequests.data ?? [])].map((r) => r.taskId))];
  const tasks = useQueries({
    queries: taskIds.map((id) => ({ queryKey: ['task', id], queryFn: () => unwrap(api.GET('/api/v1/tasks/{id}', { params: { path: { id } } })) })),
  });
  const taskOf = (id: string) => tasks[taskIds.indexOf(id)]?.data;
  const taskFacts = (t: Task | undefined) =>
    t
      ? [
          { key: 'plan', label: 'Kế hoạch', children: planNumber(t.planId) },
          { key: 'lead', label: 'Đơn vị chủ trì', children: leadOf(t, nameOf) },
        ]
      : [];

  return (
    <div className="page-card reviews-page">
      <h1>Chờ duyệt</h1>
      <Queue<Task>
        id="completions-heading"
        title="Báo cáo hoàn thành chờ xác nhận"
        query={{ ...completions, data: completions.data?.items }}
        empty="Không có báo cáo hoàn thành nào chờ xác nhận."
        render={(t) => (
          <ReviewItem key={t.id} id={t.id} task={t} fallback={t.code}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                ...taskFacts(t),
                { key: 'due', label: 'Thời hạn', children: formatDay(t.dueDate) || 'Chưa có thời hạn' },
                { key: 'completedOn', label: 'Ngày hoàn thành', children: formatDay(t.completedOn) || '—' },
                { key: 'progress', label: 'Kết quả thực hiện', span: 'filled', children: <span style={{ whiteSpace: 'pre-wrap' }}>{t.progressNote || '—'}</span> },
                {
                  key: 'documents',
                  label: 'Văn bản',
                  span: 'filled',
                  children: t.outputDocuments.length ? (
                    <ul className="review-documents">
                      {t.outputDocuments.map((d) => (
                        <li key={d.id}>
                          {d.number} ngày {formatDay(d.issuedOn)} ({DOCUMENT_KIND_LABELS[d.kind]}){d.title ? ` — ${d.title}` : ''}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    'Không có văn bản.'
                  ),
                },
              ]}
            />
            <CompletionDecision task={t} />
          </ReviewItem>
        )}
      />
      <Queue<ExtensionRequest>
        id="extensions-heading"
        title="Đề nghị gia hạn"
        query={extensions}
        empty="Không có đề nghị gia hạn nào chờ quyết định."
        render={(e) => (
          <ReviewItem key={e.id} id={e.id} task={taskOf(e.taskId)} fallback="Nhiệm vụ…">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                ...taskFacts(taskOf(e.taskId)),
                { key: 'current', label: 'Thời hạn hiện tại', children: formatDay(e.currentDueDate) || 'Chưa có thời hạn' },
                { key: 'proposed', label: 'Thời hạn đề nghị', children: <strong>{formatDay(e.proposedDueDate)}</strong> },
                { key: 'asked', label: 'Ngày đề nghị', children: formatInstant(e.createdAt) },
                { key: 'reason', label: 'Lý do', span: 'filled', children: <span style={{ whiteSpace: 'pre-wrap' }}>{e.reason}</span> },
              ]}
            />
            <RequestDecision kind="extension" id={e.id} taskId={e.taskId} taskVersion={e.taskVersion} />
          </ReviewItem>
        )}
      />
      <Queue<StatusRequest>
        id="status-requests-heading"
        title="Đề nghị chuyển trạng thái"
        query={statusRequests}
        empty="Không có đề nghị chuyển trạng thái nào chờ quyết định."
        render={(r) => (
          <ReviewItem key={r.id} id={r.id} task={taskOf(r.taskId)} fallback="Nhiệm vụ…">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                ...taskFacts(taskOf(r.taskId)),
                {
                  key: 'change',
                  label: 'Trạng thái',
                  children: (
                    <>
                      {STATUS_LABELS[r.currentStatus]} → <Tag>{STATUS_LABELS[r.requestedStatus]}</Tag>
                    </>
                  ),
                },
                { key: 'asked', label: 'Ngày đề nghị', children: formatInstant(r.createdAt) },
                { key: 'reason', label: 'Lý do', span: 'filled', children: <span style={{ whiteSpace: 'pre-wrap' }}>{r.reason}</span> },
              ]}
            />
            <RequestDecision kind="status" id={r.id} taskId={r.taskId} taskVersion={r.taskVersion} />
          </ReviewItem>
        )}
      />
    </div>
  );
}
