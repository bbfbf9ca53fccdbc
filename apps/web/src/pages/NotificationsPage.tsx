import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, List, Space } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { refusalOf } from '../api/errors';
import { formatInstant } from '../labels';
import { NOTIFICATIONS_KEY } from '../notifications/unread';

type Notification = Schemas['NotificationDto'];
const PAGE_SIZE = 20;

/** /notifications: the inbox, newest first; unread ones stand out and can be marked read one by one or all. */
export default function NotificationsPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const queryClient = useQueryClient();
  const inbox = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'page', page],
    queryFn: () => unwrap(api.GET('/api/v1/notifications', { params: { query: { page, limit: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  const markRead = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: refresh,
  });
  const markAllRead = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/notifications/read-all')),
    onSettled: refresh,
  });
  const unread = inbox.data?.unread ?? 0;
  const failure = inbox.error ?? markRead.error ?? markAllRead.error;

  return (
    <div className="page-card">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <h1 style={{ margin: 0 }}>
          Thông báo {unread ? <Badge count={unread} overflowCount={999} title={`${unread} chưa đọc`} /> : null}
        </h1>
        <Button onClick={() => markAllRead.mutate()} disabled={!unread} loading={markAllRead.isPending}>
          Đánh dấu tất cả đã đọc
        </Button>
      </Space>
      <p>{unread ? `${unread} thông báo chưa đọc.` : 'Không có thông báo chưa đọc.'}</p>
      {failure ? <Alert type="error" showIcon role="alert" message={refusalOf(failure).text} style={{ marginBottom: 12 }} /> : null}
      <List<Notification>
        loading={inbox.isFetching}
        dataSource={inbox.data?.items ?? []}
        locale={{ emptyText: 'Chưa có thông báo.' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: inbox.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (next) => setParams(next > 1 ? { page: String(next) } : {}),
        }}
        renderItem={(n) => {
          const isUnread = !n.readAt;
          return (
            <List.Item
              className={isUnread ? 'notif-unread' : undefined}
              style={isUnread ? { background: '#fff7e6', paddingInline: 8 } : { paddingInline: 8 }}
              actions={
                isUnread
                  ? [
                      <Button key="read" size="small" onClick={() => markRead.mutate(n.id)} loading={markRead.isPending && markRead.variables === n.id}>
                        Đánh dấu đã đọc
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <>
                    {isUnread ? <Badge status="processing" text={<span className="sr-only">Chưa đọc: </span>} /> : null}
                    {n.taskId ? <Link to={`/tasks/${n.taskId}`}>{n.title}</Link> : n.title}
                  </>
                }
                description={
                  <>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{n.body}</div>
                    <small>{formatInstant(n.createdAt)}</small>
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
    </div>
  );
}
