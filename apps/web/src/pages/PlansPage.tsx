import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { refusalOf } from '../api/errors';
import { useMe } from '../auth/session';
import { formatDay } from '../labels';
import { PlanFormModal } from '../plans/PlanForm';
import { usePlanRollups } from '../plans/queries';
import { completionOf, PLAN_KIND_LABELS, type Plan, type PlanRollup } from '../plans/words';
import { usePlans } from '../reference/names';

/** /plans: every plan with its roll-up as of today; the secretariat enters and edits plans. */
export default function PlansPage() {
  const me = useMe().data;
  const writer = me?.role === 'secretariat';
  const plans = usePlans();
  const rollups = usePlanRollups();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  /** 'new', or the id of the plan being edited (read from the list, so a reload brings its new version) */
  const [editing, setEditing] = useState<string | null>(null);
  const editedPlan = editing && editing !== 'new' ? plans.data?.items.find((p) => p.id === editing) : undefined;

  const rollupOf = new Map<string, PlanRollup>((rollups.data?.byPlan ?? []).map((r) => [r.planId, r]));
  const figure = (plan: Plan, pick: (r: PlanRollup) => number) => {
    const r = rollupOf.get(plan.id);
    return r ? pick(r) : rollups.data ? 0 : '…';
  };

  const columns: TableColumnsType<Plan> = [
    { title: 'Số văn bản', key: 'number', width: 170, render: (_, plan) => <Link to={`/plans/${plan.id}`}>{plan.number}</Link> },
    { title: 'Loại', key: 'kind', width: 120, responsive: ['lg'], render: (_, plan) => PLAN_KIND_LABELS[plan.kind] },
    { title: 'Trích yếu', dataIndex: 'title', key: 'title' },
    { title: 'Ngày ban hành', key: 'issuedOn', width: 120, responsive: ['md'], render: (_, plan) => formatDay(plan.issuedOn) },
    { title: 'Cơ quan ban hành', dataIndex: 'issuer', key: 'issuer', width: 200, responsive: ['xl'] },
    { title: 'Số nhiệm vụ', key: 'total', width: 100, align: 'right', render: (_, plan) => figure(plan, (r) => r.total) },
    {
      title: 'Hoàn thành',
      key: 'completed',
      width: 150,
      render: (_, plan) => (rollups.data ? completionOf(rollupOf.get(plan.id)) : '…'),
    },
    { title: 'Quá hạn', key: 'overdue', width: 90, align: 'right', render: (_, plan) => figure(plan, (r) => r.overdue) },
  ];
  if (writer) {
    columns.push({
      title: <span className="sr-only">Thao tác</span>,
      key: 'actions',
      width: 80,
      render: (_, plan) => (
        <Button size="small" onClick={() => setEditing(plan.id)} aria-label={`Sửa kế hoạch ${plan.number}`}>
          Sửa
        </Button>
      ),
    });
  }

  const error = plans.error ?? rollups.error;
  return (
    <div className="page-card">
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap' }} align="center">
        <h1 style={{ margin: 0 }}>Kế hoạch</h1>
        {writer ? (
          <Button type="primary" onClick={() => setEditing('new')}>
            Thêm kế hoạch
          </Button>
        ) : null}
      </Space>
      <p className="plans-note">Số liệu đến hôm nay{rollups.data ? ` (${formatDay(rollups.data.asOf)})` : ''}; tỷ lệ hoàn thành = số nhiệm vụ hoàn thành / tổng số.</p>
      {error ? <Alert type="error" showIcon message={refusalOf(error).text} style={{ marginBottom: 12 }} /> : null}
      <Table<Plan>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={plans.data?.items ?? []}
        loading={plans.isFetching || rollups.isFetching}
        locale={{ emptyText: 'Chưa có kế hoạch nào.' }}
        pagination={false}
      />
      {writer && (editing === 'new' || editedPlan) ? (
        <PlanFormModal
          open
          plan={editedPlan}
          onClose={() => setEditing(null)}
          onReload={() => plans.refetch()}
          onSaved={async (saved) => {
            const created = editing === 'new';
            setEditing(null);
            await queryClient.invalidateQueries({ queryKey: ['plans'] });
            await queryClient.invalidateQueries({ queryKey: ['plan', saved.id] });
            message.success(created ? `Đã thêm kế hoạch ${saved.number}.` : `Đã lưu kế hoạch ${saved.number}.`);
            if (created) navigate(`/plans/${saved.id}`);
          }}
        />
      ) : null}
    </div>
  );
}
