import { useQuery } from '@tanstack/react-query';
import { Alert, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { refusalOf } from '../api/errors';
import { formatDay } from '../labels';
import { completionOf, PLAN_KIND_LABELS } from './words';

type PlanDetail = Schemas['PlanDetailDto'];
type PlanLink = Schemas['PlanLinkDto'];
type CascadePlan = Schemas['CascadePlanRollupDto'];

/** "Quyết định số 36/QĐ-UBND" */
const nameOf = (p: Pick<PlanLink, 'kind' | 'number'>) => `${PLAN_KIND_LABELS[p.kind]} số ${p.number}`;

/** The plan this one implements, as a link (or as written, when it is outside the tracker). */
export function PlanParent({ plan }: { plan: PlanDetail }) {
  if (plan.parent) {
    const { parent } = plan;
    return (
      <span className="plan-parent">
        <Link to={`/plans/${parent.id}`}>{nameOf(parent)}</Link>
        {parent.task ? (
          <>
            {', '}
            <Link to={`/tasks/${parent.task.id}`}>nhiệm vụ {parent.task.code}</Link> “{parent.task.title}”
          </>
        ) : null}
        {parent.link === 'document' ? <span className="plan-link-note"> (theo văn bản đầu ra của nhiệm vụ)</span> : null}
      </span>
    );
  }
  return <span>{plan.parentText ?? 'Không có'}</span>;
}

/**
 * The plans that implement this one (by hand, or named as a task's output document), and the
 * figures of the whole cascade: this plan and everything beneath it (GET /plans/:id/cascade).
 */
export function PlanChildren({ plan }: { plan: PlanDetail }) {
  const cascade = useQuery({
    queryKey: ['rollups', 'cascade', plan.id],
    queryFn: () => unwrap(api.GET('/api/v1/plans/{id}/cascade', { params: { path: { id: plan.id }, query: {} } })),
    enabled: plan.children.length > 0,
  });
  if (!plan.children.length) return null;
  const columns: TableColumnsType<CascadePlan> = [
    {
      title: 'Văn bản',
      key: 'number',
      render: (_, row) => (
        <span style={{ paddingLeft: row.depth * 16 }}>
          {row.planId === plan.id ? row.number : <Link to={`/plans/${row.planId}`}>{row.number}</Link>}
        </span>
      ),
    },
    { title: 'Trích yếu', dataIndex: 'title', key: 'title', responsive: ['md'] },
    { title: 'Hoàn thành', key: 'completion', width: 150, render: (_, row) => completionOf(row) },
    { title: 'Quá hạn', dataIndex: 'overdue', key: 'overdue', width: 90 },
  ];
  return (
    <section aria-labelledby="plan-children" style={{ marginBottom: 16 }}>
      <h2 id="plan-children">Văn bản triển khai ({plan.children.length})</h2>
      <ul className="plan-children">
        {plan.children.map((child) => (
          <li key={child.id}>
            <Link to={`/plans/${child.id}`}>{nameOf(child)}</Link> ngày {formatDay(child.issuedOn)}: {child.title}
            {child.task ? <> — thực hiện nhiệm vụ {child.task.code}</> : null}
          </li>
        ))}
      </ul>
      {cascade.isError ? <Alert type="error" showIcon message={refusalOf(cascade.error).text} /> : null}
      {cascade.data ? (
        <>
          <h3 id="plan-cascade">
            Kết quả toàn bộ các văn bản đến ngày {formatDay(cascade.data.asOf)}: {completionOf(cascade.data.total)}, quá hạn {cascade.data.total.overdue}
          </h3>
          <Table<CascadePlan> aria-labelledby="plan-cascade" rowKey="planId" size="small" pagination={false} columns={columns} dataSource={cascade.data.plans} />
        </>
      ) : null}
    </section>
  );
}
