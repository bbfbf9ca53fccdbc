import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap, type Task, type TaskStatus, type Timeliness } from '../api/client';
import { refusalOf } from '../api/errors';
import { useMe } from '../auth/session';
import { STATUS_LABELS, TIMELINESS_LABELS, WITHIN_DEADLINE_FILTER } from '../labels';
import { Deadline } from '../task/Deadline';
import { TimelinessTag } from '../task/TimelinessTag';
import { leadOf, useDepartmentNames, useDepartments, usePlans } from '../reference/names';
import { departmentOptions } from '../reference/units';
import { UnitSelect } from '../reference/UnitSelect';

const PAGE_SIZE = 50;


/**
 * /tasks and /tasks?mine=1 ("Việc của đơn vị"), most urgent first (the API's sort=urgency: overdue,
 * due soon, within deadline, then finished and recurring ones). Every filter lives in the URL with
 * the API's names (planId, departmentId, parentId, status, timeliness, q, page), so a figure of
 * the dashboard can link to exactly the tasks it counts.
 */
export default function TaskListPage() {
  const [params, setParams] = useSearchParams();
  const me = useMe().data;
  const mine = params.get('mine') === '1';
  const planId = params.get('planId') ?? undefined;
  const departmentId = params.get('departmentId') ?? undefined;
  const parentId = params.get('parentId') ?? undefined;
  const status = params.get('status') ?? undefined;
  const timeliness = params.get('timeliness') ?? undefined;
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const involvedDepartmentId = mine ? (me?.departmentId ?? undefined) : undefined;

  /** Sets (or clears) filters in the URL; any change of filter goes back to page 1. */
  const update = (changes: Record<string, string | undefined>, replace = false) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace });
  };

  // the search box answers as one types, without a request per key
  const [typed, setTyped] = useState(q);
  useEffect(() => setTyped(q), [q]);
  useEffect(() => {
    if (typed.trim() === q) return undefined;
    const timer = setTimeout(() => update({ q: typed.trim() || undefined }, true), 350);
    return () => clearTimeout(timer);
  }, [typed]);

  const query = {
    planId,
    departmentId,
    parentId,
    status: status ? status.split(',') : undefined,
    timeliness: timeliness ? timeliness.split(',') : undefined,
    q: q || undefined,
    involvedDepartmentId,
    sort: 'urgency' as const,
    page,
    limit: PAGE_SIZE,
  };
  const tasks = useQuery({
    queryKey: ['tasks', query],
    queryFn: () => unwrap(api.GET('/api/v1/tasks', { params: { query } })),
    enabled: !mine || !!me,
    placeholderData: keepPreviousData,
  });
  const plans = usePlans();
  const departments = useDepartments();
  const nameOf = useDepartmentNames();
  const rows = tasks.data?.items ?? [];

  const columns: TableColumnsType<Task> = [
    { title: 'Mã', dataIndex: 'code', key: 'code', width: 90, responsive: ['sm'] },
    {
      title: 'Nhiệm vụ',
      key: 'title',
      render: (_, task) => <Link to={`/tasks/${task.id}`}>{task.title}</Link>,
    },
    { title: 'Đơn vị chủ trì', key: 'lead', width: 200, responsive: ['md'], render: (_, task) => leadOf(task, nameOf) },
    {
      title: 'Thời hạn',
      key: 'deadline',
      width: 140,
      render: (_, task) => <Deadline task={task} />,
    },
    { title: 'Trạng thái', key: 'status', width: 140, responsive: ['sm'], render: (_, task) => STATUS_LABELS[task.status] },
    { title: 'Tình hình thực hiện', key: 'timeliness', width: 130, render: (_, task) => <TimelinessTag value={task.timeliness} /> },
  ];

  const title = mine ? 'Việc của đơn vị' : 'Nhiệm vụ';
  return (
    <div className="page-card">
      <h1 style={{ marginTop: 0 }}>{title}</h1>
      {mine && me && !me.departmentId ? <Alert type="info" showIcon message="Tài khoản của bạn không thuộc đơn vị nào." style={{ marginBottom: 12 }} /> : null}
      <Form layout="inline" className="filters" role="search" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label="Tìm kiếm" htmlFor="task-search">
          <Input
            id="task-search"
            type="search"
            allowClear
            placeholder="Mã, nội dung, số văn bản"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            style={{ width: 240 }}
          />
        </Form.Item>
        <Form.Item label="Kế hoạch" htmlFor="filter-plan">
          <Select
            id="filter-plan"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="Tất cả"
            value={planId}
            onChange={(value?: string) => update({ planId: value })}
            options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.number }))}
            style={{ width: 200 }}
          />
        </Form.Item>
        {mine ? null : (
          <Form.Item label="Đơn vị chủ trì" htmlFor="filter-department">
            <UnitSelect
              id="filter-department"
              allowClear
              placeholder="Tất cả"
              value={departmentId}
              onChange={(value?: string) => update({ departmentId: value })}
              options={departmentOptions(departments.data?.items ?? [])}
              style={{ width: 240 }}
            />
          </Form.Item>
        )}
        <Form.Item label="Trạng thái" htmlFor="filter-status">
          <Select
            id="filter-status"
            allowClear
            placeholder="Tất cả"
            value={status}
            onChange={(value?: string) => update({ status: value })}
            options={(Object.keys(STATUS_LABELS) as TaskStatus[]).map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
            style={{ width: 190 }}
          />
        </Form.Item>
        <Form.Item label="Tình hình thực hiện" htmlFor="filter-timeliness">
          <Select
            id="filter-timeliness"
            allowClear
            placeholder="Tất cả"
            value={timeliness}
            onChange={(value?: string) => update({ timeliness: value })}
            options={[
              ...(Object.keys(TIMELINESS_LABELS) as Timeliness[]).map((t) => ({ value: t, label: TIMELINESS_LABELS[t] })),
              { value: WITHIN_DEADLINE_FILTER, label: 'Trong hạn (cả sắp đến hạn)' },
            ]}
            style={{ width: 210 }}
          />
        </Form.Item>
      </Form>
      {parentId === 'null' ? (
        <Tag closable onClose={() => update({ parentId: undefined })} style={{ marginBottom: 12 }}>
          Chỉ nhiệm vụ của kế hoạch (không tính nhiệm vụ của từng thành viên)
        </Tag>
      ) : null}
      {tasks.isError ? <Alert type="error" showIcon message={refusalOf(tasks.error).text} style={{ marginBottom: 12 }} /> : null}
      <Table<Task>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={tasks.isFetching}
        locale={{ emptyText: 'Không có nhiệm vụ nào.' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: tasks.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `${total} nhiệm vụ`,
          onChange: (next) => update({ page: next > 1 ? String(next) : undefined }),
        }}
      />
    </div>
  );
}
