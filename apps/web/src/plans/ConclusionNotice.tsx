import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { refusalOf } from '../api/errors';
import { formatDay, STATUS_LABELS } from '../labels';
import { matchesTyped } from '../reference/units';
import type { Plan } from './words';

type CarriedTask = Schemas['CarriedTaskDto'];
const OPEN = ['not_started', 'in_progress', 'blocked'];

/**
 * A conclusion notice's own part of its page (issue 18): the meeting it concludes, the tasks it
 * carries over from earlier plans (each keeps its plan, shown beside it, and its status), and for
 * the secretariat "Chuyển tiếp nhiệm vụ": open tasks of earlier plans found by code or title,
 * diacritics optional.
 */
export function ConclusionNotice({ plan, writer }: { plan: Plan; writer: boolean }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [carrying, setCarrying] = useState(false);
  const [typed, setTyped] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);

  const meeting = useQuery({
    queryKey: ['meeting', plan.meetingId],
    queryFn: () => unwrap(api.GET('/api/v1/meetings/{id}', { params: { path: { id: plan.meetingId! } } })),
    enabled: !!plan.meetingId,
  });
  const carried = useQuery({
    queryKey: ['plan', plan.id, 'carried-tasks'],
    queryFn: () => unwrap(api.GET('/api/v1/plans/{id}/carried-tasks', { params: { path: { id: plan.id } } })),
  });
  // open top-level tasks the server finds for what is typed (code, content; diacritics optional), not of this notice
  const candidates = useQuery({
    queryKey: ['tasks', 'carry-candidates', typed],
    queryFn: () =>
      unwrap(api.GET('/api/v1/tasks', { params: { query: { q: typed.trim() || undefined, status: OPEN, parentId: 'null', limit: 30 } } })),
    enabled: writer && carrying,
  });
  const carriedIds = new Set((carried.data ?? []).map((t) => t.taskId));
  const options = (candidates.data?.items ?? [])
    .filter((t) => t.planId !== plan.id && !carriedIds.has(t.id))
    .map((t) => ({ value: t.id, label: `${t.code}. ${t.title}`, search: `${t.code} ${t.title}` }));

  const carry = useMutation({
    mutationFn: (taskIds: string[]) => unwrap(api.POST('/api/v1/plans/{id}/carried-tasks', { params: { path: { id: plan.id } }, body: { taskIds } })),
    onMutate: () => setRefusal(null),
    onSuccess: async (tasks) => {
      queryClient.setQueryData(['plan', plan.id, 'carried-tasks'], tasks);
      setChosen([]);
      setCarrying(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['rollups'] }),
        queryClient.invalidateQueries({ queryKey: ['task'] }),
      ]);
      message.success(`Đã chuyển tiếp ${chosen.length} nhiệm vụ.`);
    },
    onError: (error) => setRefusal(refusalOf(error).text),
  });

  const columns: TableColumnsType<CarriedTask> = [
    { title: 'Mã', dataIndex: 'code', key: 'code', width: 80 },
    { title: 'Nhiệm vụ', key: 'title', render: (_, t) => <Link to={`/tasks/${t.taskId}`}>{t.title}</Link> },
    { title: 'Văn bản giao nhiệm vụ', key: 'plan', width: 180, render: (_, t) => <Link to={`/plans/${t.planId}`}>{t.planNumber}</Link> },
    { title: 'Thời hạn', key: 'due', width: 120, render: (_, t) => formatDay(t.dueDate) || 'Không có' },
    { title: 'Trạng thái', key: 'status', width: 150, render: (_, t) => <Tag>{STATUS_LABELS[t.status]}</Tag> },
  ];

  return (
    <section aria-labelledby="conclusion-heading" className="conclusion-notice" style={{ marginBottom: 16 }}>
      <h2 id="conclusion-heading">Kết luận cuộc họp</h2>
      <p className="conclusion-meeting">
        {plan.meetingId ? (
          <>
            Kết luận của cuộc họp:{' '}
            {meeting.data ? (
              <Link to={`/meetings/${plan.meetingId}`}>
                {meeting.data.title} ngày {formatDay(meeting.data.heldOn)}
              </Link>
            ) : (
              '…'
            )}
          </>
        ) : (
          'Chưa gắn với cuộc họp.'
        )}
      </p>
      <h3 id="carried-heading">Nhiệm vụ chuyển tiếp ({carried.data?.length ?? '…'})</h3>
      {carried.isError ? <Alert type="error" showIcon message={refusalOf(carried.error).text} /> : null}
      {carried.data && carried.data.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có nhiệm vụ chuyển tiếp." /> : null}
      {carried.data && carried.data.length > 0 ? (
        <Table<CarriedTask> rowKey="taskId" size="small" columns={columns} dataSource={carried.data} pagination={false} aria-labelledby="carried-heading" />
      ) : null}
      {writer ? (
        <div style={{ marginTop: 12 }}>
          {!carrying ? (
            <Button onClick={() => setCarrying(true)} aria-expanded={false}>
              Chuyển tiếp nhiệm vụ
            </Button>
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              <label htmlFor="carry-tasks">Nhiệm vụ chưa hoàn thành của các văn bản trước (tìm theo mã hoặc nội dung)</label>
              <Select
                id="carry-tasks"
                mode="multiple"
                showSearch
                style={{ width: '100%' }}
                placeholder="Gõ mã hoặc nội dung nhiệm vụ"
                value={chosen}
                onChange={setChosen}
                onSearch={setTyped}
                searchValue={typed}
                filterOption={(input, option) => matchesTyped(input, option?.search)}
                options={options}
                loading={candidates.isFetching}
                notFoundContent={candidates.isFetching ? 'Đang tìm…' : 'Không có nhiệm vụ phù hợp'}
              />
              {refusal ? <Alert type="error" role="alert" showIcon message={refusal} /> : null}
              <Space>
                <Button type="primary" disabled={!chosen.length} loading={carry.isPending} onClick={() => carry.mutate(chosen)}>
                  Chuyển tiếp
                </Button>
                <Button onClick={() => setCarrying(false)}>Hủy</Button>
              </Space>
            </Space>
          )}
        </div>
      ) : null}
    </section>
  );
}
