import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { refusalOf } from '../api/errors';
import { useMe } from '../auth/session';
import { formatDay, formatInstant } from '../labels';
import { usePlans } from '../reference/names';

type Meeting = Schemas['MeetingDto'];
const PAGE_SIZE = 20;

interface MeetingValues {
  title?: string;
  heldOn?: Dayjs | null;
  asOf?: Dayjs | null;
  nextMeetingOn?: Dayjs | null;
  planIds?: string[];
}
const FIELDS = ['title', 'heldOn', 'asOf', 'nextMeetingOn', 'planIds'] as const;
type Field = (typeof FIELDS)[number];
const DAY_FORMAT = 'DD/MM/YYYY';

/** The secretariat enters a meeting: its title, day, the cut-off of its figures and the plans it reviews. */
function MeetingForm({ onCancel }: { onCancel: () => void }) {
  const [form] = Form.useForm<MeetingValues>();
  const plans = usePlans();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: MeetingValues) =>
      unwrap(
        api.POST('/api/v1/meetings', {
          body: {
            title: v.title!.trim(),
            heldOn: v.heldOn!.format('YYYY-MM-DD'),
            asOf: v.asOf!.format('YYYY-MM-DD'),
            planIds: v.planIds!,
            ...(v.nextMeetingOn ? { nextMeetingOn: v.nextMeetingOn.format('YYYY-MM-DD') } : {}),
          },
        }),
      ),
    onMutate: () => setRefusal(null),
    onSuccess: (meeting) => {
      void queryClient.invalidateQueries({ queryKey: ['meetings'] });
      navigate(`/meetings/${meeting.id}`);
    },
    onError: (error) => {
      const { field, text } = refusalOf(error);
      if (field && (FIELDS as readonly string[]).includes(field)) form.setFields([{ name: field as Field, errors: [text] }]);
      else setRefusal(text);
    },
  });
  return (
    <Form<MeetingValues> form={form} name="meeting" layout="vertical" onFinish={(v) => create.mutate(v)} className="meeting-form" style={{ maxWidth: 720 }}>
      <Form.Item label="Tên cuộc họp" name="title" rules={[{ required: true, whitespace: true, message: 'Nhập tên cuộc họp.' }]}>
        <Input maxLength={500} />
      </Form.Item>
      <Space wrap size="large" align="start">
        <Form.Item label="Ngày họp" name="heldOn" rules={[{ required: true, message: 'Chọn ngày họp.' }]}>
          <DatePicker format={DAY_FORMAT} placeholder="dd/mm/yyyy" />
        </Form.Item>
        <Form.Item
          label="Số liệu đến ngày"
          name="asOf"
          dependencies={['heldOn']}
          extra="Ngày chốt số liệu của báo cáo."
          rules={[
            { required: true, message: 'Chọn ngày chốt số liệu.' },
            ({ getFieldValue }) => ({
              validator: (_, value: Dayjs | null) => {
                const heldOn: Dayjs | null = getFieldValue('heldOn');
                return value && heldOn && value.isAfter(heldOn, 'day')
                  ? Promise.reject(new Error('Ngày chốt số liệu không được sau ngày họp.'))
                  : Promise.resolve();
              },
            }),
          ]}
        >
          <DatePicker format={DAY_FORMAT} placeholder="dd/mm/yyyy" />
        </Form.Item>
        <Form.Item
          label="Phiên họp tiếp theo"
          name="nextMeetingOn"
          dependencies={['heldOn']}
          extra="Không bắt buộc: báo cáo liệt kê nhiệm vụ đến hạn trước ngày này."
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: Dayjs | null) => {
                const heldOn: Dayjs | null = getFieldValue('heldOn');
                return value && heldOn && !value.isAfter(heldOn, 'day') ? Promise.reject(new Error('Phiên họp tiếp theo phải sau ngày họp.')) : Promise.resolve();
              },
            }),
          ]}
        >
          <DatePicker format={DAY_FORMAT} placeholder="dd/mm/yyyy" />
        </Form.Item>
      </Space>
      <Form.Item label="Kế hoạch" name="planIds" rules={[{ required: true, message: 'Chọn ít nhất một kế hoạch.' }]}>
        <Select
          mode="multiple"
          loading={plans.isPending}
          optionFilterProp="label"
          options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.number, title: p.number }))}
        />
      </Form.Item>
      {refusal ? <Alert type="error" role="alert" showIcon style={{ marginBottom: 12 }} message={refusal} /> : null}
      <Space>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          Lưu
        </Button>
        <Button onClick={onCancel}>Hủy</Button>
      </Space>
    </Form>
  );
}

/** /meetings: the meetings, latest first; the secretariat enters new ones. */
export default function MeetingsPage() {
  const me = useMe().data;
  const plans = usePlans();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [creating, setCreating] = useState(false);
  const meetings = useQuery({
    queryKey: ['meetings', page],
    queryFn: () => unwrap(api.GET('/api/v1/meetings', { params: { query: { page, limit: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
  const numberOf = (id: string) => plans.data?.items.find((p) => p.id === id)?.number ?? '…';

  return (
    <div className="page-card meetings-page">
      <h1>Cuộc họp</h1>
      {me?.role === 'secretariat' ? (
        <div style={{ marginBottom: 16 }}>
          {creating ? (
            <section aria-labelledby="new-meeting-heading">
              <h2 id="new-meeting-heading">Thêm cuộc họp</h2>
              <MeetingForm onCancel={() => setCreating(false)} />
            </section>
          ) : (
            <Button type="primary" onClick={() => setCreating(true)}>
              Thêm cuộc họp
            </Button>
          )}
        </div>
      ) : null}
      {meetings.isError ? <Alert type="error" showIcon message={refusalOf(meetings.error).text} /> : null}
      <Table<Meeting>
        rowKey="id"
        size="small"
        loading={meetings.isPending}
        dataSource={meetings.data?.items}
        locale={{ emptyText: 'Chưa có cuộc họp nào.' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: meetings.data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: (next) => setParams(next > 1 ? { page: String(next) } : {}),
        }}
        columns={[
          { title: 'Cuộc họp', key: 'title', render: (_, m) => <Link to={`/meetings/${m.id}`}>{m.title}</Link> },
          { title: 'Ngày họp', key: 'heldOn', render: (_, m) => formatDay(m.heldOn) },
          { title: 'Số liệu đến ngày', key: 'asOf', render: (_, m) => formatDay(m.asOf) },
          { title: 'Kế hoạch', key: 'plans', render: (_, m) => m.planIds.map(numberOf).join('; ') },
          {
            title: 'Báo cáo',
            key: 'summary',
            render: (_, m) => (m.lastSummaryAt ? <Tag color="#237804">Đã lập {formatInstant(m.lastSummaryAt)}</Tag> : <Tag>Chưa lập</Tag>),
          },
        ]}
      />
    </div>
  );
}
