import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Result, Space, Spin } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiFailure, unwrap, type Schemas } from '../api/client';
import { refusalOf } from '../api/errors';
import { useMe } from '../auth/session';
import { formatDay, formatInstant } from '../labels';
import { ChainTables } from '../meetings/ChainTables';
import { SummaryTables } from '../meetings/SummaryTables';
import { PlanFormModal } from '../plans/PlanForm';
import { usePlans } from '../reference/names';

type SummaryStatus = Schemas['SummaryStatusDto'];
const WAITING: SummaryStatus['state'][] = ['queued', 'running'];

/** Where the summary job stands, in words; a failure says why. */
function statusText(status: SummaryStatus): { type: 'info' | 'success' | 'warning' | 'error'; text: string } {
  switch (status.state) {
    case 'queued':
      return status.failedReason
        ? { type: 'warning', text: `Đang chờ lập lại báo cáo (lần ${status.attemptsMade} không thành công: ${status.failedReason}).` }
        : { type: 'info', text: 'Đã xếp hàng: đang chờ lập báo cáo…' };
    case 'running':
      return { type: 'info', text: 'Đang lập báo cáo…' };
    case 'done':
      return { type: 'success', text: `Đã lập báo cáo lúc ${formatInstant(status.lastSummaryAt)}.` };
    case 'failed':
      return { type: 'error', text: `Lập báo cáo không thành công: ${status.failedReason ?? 'không rõ lý do'}.` };
    default:
      return { type: 'info', text: 'Chưa lập báo cáo cho cuộc họp này.' };
  }
}

/** /meetings/:id: the meeting, its summary job (`Lập báo cáo`, followed without reloading), the frozen summary and its files. */
export default function MeetingPage() {
  const { id = '' } = useParams();
  const me = useMe().data;
  const plans = usePlans();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [concluding, setConcluding] = useState(false);
  const navigate = useNavigate();
  const meeting = useQuery({ queryKey: ['meeting', id], queryFn: () => unwrap(api.GET('/api/v1/meetings/{id}', { params: { path: { id } } })) });
  const status = useQuery({
    queryKey: ['meeting', id, 'summary-status'],
    queryFn: () => unwrap(api.GET('/api/v1/meetings/{id}/summary-status', { params: { path: { id } } })),
    enabled: meeting.isSuccess,
    // followed every second while the job waits or runs; still once it is done or failed
    refetchInterval: (query) => (query.state.data && WAITING.includes(query.state.data.state) ? 1000 : false),
  });
  const lastSummaryAt = status.data?.lastSummaryAt ?? meeting.data?.lastSummaryAt ?? null;
  // a new summary is a new key: read when the job is done, without reloading the page
  const summary = useQuery({
    queryKey: ['meeting', id, 'summary', lastSummaryAt],
    queryFn: () => unwrap(api.GET('/api/v1/meetings/{id}/summary', { params: { path: { id } } })),
    enabled: !!lastSummaryAt,
  });
  const request = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/meetings/{id}/summary', { params: { path: { id } } })),
    onMutate: () => setRefusal(null),
    onSuccess: () => {
      // queued at once: shown before the next read says more
      queryClient.setQueryData<SummaryStatus>(['meeting', id, 'summary-status'], (old) => ({
        state: 'queued',
        failedReason: null,
        attemptsMade: 0,
        lastSummaryAt: old?.lastSummaryAt ?? null,
      }));
      void queryClient.invalidateQueries({ queryKey: ['meeting', id, 'summary-status'] });
    },
    onError: (error) => setRefusal(refusalOf(error).text),
  });

  if (meeting.isPending) return <Spin {...{ role: 'status' }} aria-label="Đang tải" style={{ display: 'block', margin: 48 }} />;
  if (meeting.isError) {
    const notFound = meeting.error instanceof ApiFailure && meeting.error.status === 404;
    return (
      <div className="page-card">
        <Result status={notFound ? '404' : 'error'} title={notFound ? 'Không tìm thấy cuộc họp.' : refusalOf(meeting.error).text} extra={<Link to="/meetings">Về danh sách cuộc họp</Link>} />
      </div>
    );
  }
  const m = meeting.data;
  const planNumbers = m.planIds.map((p) => plans.data?.items.find((x) => x.id === p)?.number ?? '…').join('; ');
  const state = status.data ? statusText(status.data) : null;
  const waiting = !!status.data && WAITING.includes(status.data.state);
  const files = `/api/v1/meetings/${m.id}/summary`;
  const notices = (plans.data?.items ?? []).filter((p) => p.meetingId === m.id);

  return (
    <div className="page-card meeting-page">
      <p style={{ margin: 0 }}>
        <Link to="/meetings">← Danh sách cuộc họp</Link>
      </p>
      <h1>{m.title}</h1>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'heldOn', label: 'Ngày họp', children: formatDay(m.heldOn) },
          { key: 'asOf', label: 'Số liệu đến ngày', children: formatDay(m.asOf) },
          { key: 'next', label: 'Phiên họp tiếp theo', children: formatDay(m.nextMeetingOn) || 'Chưa định' },
          { key: 'plans', label: 'Kế hoạch', children: planNumbers },
        ]}
      />

      <section aria-labelledby="conclusions-heading" className="meeting-conclusions">
        <h2 id="conclusions-heading">Thông báo kết luận</h2>
        {notices.length ? (
          <ul>
            {notices.map((n) => (
              <li key={n.id}>
                <Link to={`/plans/${n.id}`}>Thông báo kết luận số {n.number}</Link> ngày {formatDay(n.issuedOn)}: {n.title}
              </li>
            ))}
          </ul>
        ) : (
          <p>Chưa có thông báo kết luận của cuộc họp này.</p>
        )}
        {me?.role === 'secretariat' ? <Button onClick={() => setConcluding(true)}>Ghi thông báo kết luận</Button> : null}
        {concluding ? (
          <PlanFormModal
            open
            meetingId={m.id}
            onClose={() => setConcluding(false)}
            onSaved={async (saved) => {
              setConcluding(false);
              await queryClient.invalidateQueries({ queryKey: ['plans'] });
              void navigate(`/plans/${saved.id}`);
            }}
          />
        ) : null}
      </section>

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">Báo cáo tổng hợp</h2>
        <div role="status" aria-live="polite" className="summary-status">
          {state ? <Alert type={state.type} showIcon message={state.text} /> : null}
        </div>
        <Space wrap style={{ margin: '12px 0' }}>
          {me?.role === 'secretariat' ? (
            <Button type="primary" onClick={() => request.mutate()} loading={request.isPending || waiting} disabled={waiting}>
              Lập báo cáo
            </Button>
          ) : null}
          {summary.data ? (
            <>
              <Button href={`${files}.xlsx`} download>
                Tải Excel
              </Button>
              <Button href={`${files}.csv`} download>
                Tải CSV
              </Button>
            </>
          ) : null}
        </Space>
        {refusal ? <Alert type="error" role="alert" showIcon style={{ marginBottom: 12 }} message={refusal} /> : null}
        {summary.isError ? <Alert type="error" showIcon message={refusalOf(summary.error).text} /> : null}
        {summary.data ? (
          <>
            <p>
              Số liệu chốt đến ngày {formatDay(summary.data.asOf)}, lập lúc {formatInstant(summary.data.computedAt)}; báo cáo đã lập không thay đổi khi nhiệm vụ được cập nhật sau đó.
            </p>
            <SummaryTables summary={summary.data} />
            <ChainTables summary={summary.data} />
          </>
        ) : null}
      </section>
    </div>
  );
}
