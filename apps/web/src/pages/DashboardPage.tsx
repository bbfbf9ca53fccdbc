import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { refusalOf } from '../api/errors';
import { DueList } from '../dashboard/DueLists';
import { CountLink } from '../dashboard/Figure';
import { COUNT_LABELS, formatRate, formatShare, todayInVietnam, worstFirst, type CountKey, type Rollup } from '../dashboard/figures';
import { RollupTable, type RollupRow } from '../dashboard/RollupTable';
import { formatDay } from '../labels';

// ECharts lives in its own chunk, asked for as soon as this page's chunk runs: it downloads
// while the roll-up is being answered, not after
const chartsChunk = import('../dashboard/DashboardCharts');
const DashboardCharts = lazy(() => chartsChunk);

const DAY = 'DD/MM/YYYY';
const ISO = 'YYYY-MM-DD';
const PAST_NOTE = 'Danh sách nhiệm vụ chỉ lọc theo số liệu hôm nay: số liệu của một ngày đã qua không có liên kết.';

/** The headline figures, as the reports print them (DOMAIN.md "Roll-ups"): cards of term and value groups. */
function Headline({ rollup, linked }: { rollup: Rollup; linked: boolean }) {
  const t = rollup.total;
  const all = { kind: 'all' } as const;
  const item = (field: CountKey, sub = false) => (
    <div className={sub ? 'dash-fig dash-fig-sub' : 'dash-fig'} key={field}>
      <dt>{COUNT_LABELS[field]}</dt>
      <dd>
        <CountLink counts={t} scope={all} field={field} linked={linked} withShare />
      </dd>
    </div>
  );
  return (
    <section aria-label="Số liệu chung" className="dash-figures">
      <dl className="dash-card dash-card-big">
        <div className="dash-fig">
          <dt>{COUNT_LABELS.total}</dt>
          <dd>
            <CountLink counts={t} scope={all} field="total" linked={linked} />
          </dd>
        </div>
      </dl>
      <dl className="dash-card dash-card-big">
        <div className="dash-fig">
          <dt>Tỷ lệ hoàn thành</dt>
          <dd>
            <span className="dash-rate">{formatRate(t.completionRate)}</span>
          </dd>
        </div>
      </dl>
      <dl className="dash-card">
        {item('completed')}
        {item('completedOnTime', true)}
        {item('completedLate', true)}
      </dl>
      <dl className="dash-card">
        <div className="dash-fig">
          <dt>Chưa hoàn thành</dt>
          <dd>{formatShare(t.withinDeadline + t.overdue, t.total)}</dd>
        </div>
        {item('withinDeadline', true)}
        {item('overdue', true)}
        {item('inProgress', true)}
        {item('notStarted', true)}
        {item('blocked', true)}
      </dl>
      <dl className="dash-card">
        {item('recurring')}
        {item('cancelled')}
      </dl>
    </section>
  );
}

/** /dashboard: the roll-up of every plan and department, as of today or the day in ?asOf=YYYY-MM-DD. */
export default function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const today = todayInVietnam();
  const asked = params.get('asOf');
  const asOf = asked && asked !== today ? asked : undefined;
  const linked = !asOf;

  const rollup = useQuery({
    queryKey: ['rollups', { asOf: asOf ?? null }],
    queryFn: () => unwrap(api.GET('/api/v1/rollups', { params: { query: asOf ? { asOf } : {} } })),
    placeholderData: keepPreviousData,
  });
  const data = rollup.data;

  const setDay = (day: Dayjs | null) => {
    const next = new URLSearchParams(params);
    const value = day?.format(ISO);
    if (value && value !== today) next.set('asOf', value);
    else next.delete('asOf');
    setParams(next);
  };

  const planRows: RollupRow[] = (data?.byPlan ?? []).map((p) => ({ key: p.planId, name: p.number, scope: { kind: 'plan', planId: p.planId }, counts: p }));
  const departmentRows: RollupRow[] = [...(data?.byDepartment ?? [])]
    .filter((d) => d.total > 0)
    .sort(worstFirst)
    .map((d) => ({ key: d.departmentId, name: d.name, scope: { kind: 'department', departmentId: d.departmentId }, counts: d }));

  return (
    <div className="page-card dashboard">
      <div className="dash-head">
        <h1>Tổng hợp</h1>
        <Form layout="inline" onSubmitCapture={(e) => e.preventDefault()}>
          <Form.Item label="Số liệu đến ngày" htmlFor="dashboard-as-of" style={{ marginBottom: 0 }}>
            <DatePicker
              id="dashboard-as-of"
              format={DAY}
              placeholder="dd/mm/yyyy"
              value={dayjs(asOf ?? today, ISO)}
              onChange={setDay}
              allowClear={false}
              disabledDate={(d) => d.format(ISO) > today}
              style={{ width: 160 }}
            />
          </Form.Item>
        </Form>
      </div>
      <p className="dash-asof" aria-live="polite">
        {data ? `Số liệu đến hết ngày ${formatDay(data.asOf)}${data.asOf === today ? ' (hôm nay)' : ''}` : ' '}
        {rollup.isFetching && data ? ' — đang cập nhật…' : ''}
      </p>
      {asOf ? <Alert type="info" showIcon message={PAST_NOTE} className="dash-past-note" /> : null}
      {rollup.isError ? <Alert type="error" showIcon message={refusalOf(rollup.error).text} style={{ marginBottom: 12 }} /> : null}
      {rollup.isPending ? (
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin {...{ role: 'status' }} aria-label="Đang tải" />
        </div>
      ) : null}
      {data ? (
        <>
          <Headline rollup={data} linked={linked} />
          <Suspense fallback={<div className="dash-charts-loading"><Spin {...{ role: 'status' }} aria-label="Đang tải biểu đồ" /></div>}>
            <DashboardCharts rollup={data} onOpen={linked ? (url) => navigate(url) : null} />
          </Suspense>
          <h2>Theo đơn vị chủ trì</h2>
          <p className="dash-note">
            Mỗi đơn vị tính các nhiệm vụ mình chủ trì, kể cả phần việc của đơn vị trong nhiệm vụ giao chung; xếp theo số nhiệm vụ quá hạn, rồi tỷ lệ hoàn thành thấp.
          </p>
          <RollupTable id="dash-departments" caption="Số liệu theo đơn vị chủ trì" nameHeader="Đơn vị chủ trì" rows={departmentRows} linked={linked} />
          <h2>Theo kế hoạch</h2>
          <RollupTable id="dash-plans" caption="Số liệu theo kế hoạch" nameHeader="Kế hoạch" rows={planRows} linked={linked} />
        </>
      ) : null}
      {linked ? (
        <div className="dash-lists">
          <DueList kind="overdue" today={today} enabled={!!data} />
          <DueList kind="due_soon" today={today} enabled={!!data} />
        </div>
      ) : (
        <p className="dash-note">
          Danh sách nhiệm vụ quá hạn và sắp đến hạn là của hôm nay: <Link to="/tasks?timeliness=overdue">xem nhiệm vụ quá hạn hôm nay</Link>.
        </p>
      )}
    </div>
  );
}
