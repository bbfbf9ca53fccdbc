import { useQuery } from '@tanstack/react-query';
import { Alert, Table, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { api, unwrap, type Task } from '../api/client';
import { refusalOf } from '../api/errors';
import { formatDay } from '../labels';
import { leadOf, useDepartmentNames } from '../reference/names';

/** Rows shown of each list; "Xem tất cả" opens the whole filtered task list. */
const SHOWN = 10;

/**
 * Today's overdue tasks (most days overdue first) and those falling due in the next 7 days
 * (soonest first), each a link to its task: the first rows of the API's most-urgent-first order
 * (sort=urgency: by due date within one timeliness), which the task list shows too.
 */
export function DueList({ kind, today, enabled }: { kind: 'overdue' | 'due_soon'; today: string; enabled: boolean }) {
  const nameOf = useDepartmentNames();
  // the plans' tasks, as the headline figures count them (a collective task once, not each member's part)
  const query = { timeliness: [kind], parentId: 'null', sort: 'urgency' as const, page: 1, limit: SHOWN };
  const tasks = useQuery({
    queryKey: ['tasks', query],
    queryFn: () => unwrap(api.GET('/api/v1/tasks', { params: { query } })),
    // asked once the roll-up is in: the figures and charts first
    enabled,
  });
  const items = tasks.data?.items ?? [];
  const days = (task: Task) => Math.abs(dayjs(today).diff(dayjs(task.dueDate), 'day'));
  const columns: TableColumnsType<Task> = [
    { title: 'Mã', dataIndex: 'code', key: 'code', width: 80 },
    { title: 'Nhiệm vụ', key: 'title', render: (_, task) => <Link to={`/tasks/${task.id}`}>{task.title}</Link> },
    { title: 'Đơn vị chủ trì', key: 'lead', width: 200, render: (_, task) => leadOf(task, nameOf) },
    { title: 'Thời hạn', key: 'due', width: 110, render: (_, task) => formatDay(task.dueDate) },
    kind === 'overdue'
      ? { title: 'Số ngày quá hạn', key: 'days', width: 120, align: 'right', render: (_, task) => days(task) }
      : { title: 'Còn (ngày)', key: 'days', width: 100, align: 'right', render: (_, task) => days(task) },
  ];
  const title = kind === 'overdue' ? 'Nhiệm vụ quá hạn' : 'Sắp đến hạn (7 ngày tới)';
  const total = tasks.data?.total ?? 0;
  return (
    <section className="dash-list" aria-labelledby={`list-${kind}`}>
      <div className="dash-list-head">
        <h2 id={`list-${kind}`}>
          {title}
          {tasks.data ? ` (${total})` : ''}
        </h2>
        {total > 0 ? <Link to={`/tasks?parentId=null&timeliness=${kind}`}>Xem tất cả</Link> : null}
      </div>
      {tasks.isError ? <Alert type="error" showIcon message={refusalOf(tasks.error).text} /> : null}
      <Table<Task>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={tasks.isFetching && !tasks.data}
        pagination={false}
        locale={{ emptyText: kind === 'overdue' ? 'Không có nhiệm vụ quá hạn.' : 'Không có nhiệm vụ sắp đến hạn.' }}
      />
      {total > SHOWN ? (
        <p className="dash-note">
          {SHOWN} trong {total} nhiệm vụ. <Link to={`/tasks?parentId=null&timeliness=${kind}`}>Xem tất cả {total} nhiệm vụ</Link>
        </p>
      ) : null}
    </section>
  );
}
