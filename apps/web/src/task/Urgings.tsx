import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Empty, Form, Input, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap, type Task } from '../api/client';
import { refusalOf } from '../api/errors';
import { formatDay } from '../labels';

interface UrgingValues {
  number?: string;
  issuedOn?: Dayjs | null;
  note?: string;
}

/**
 * A task's urging letters (issue 18, item 4), newest first, and for the secretariat, when the task
 * is open and overdue, "Đôn đốc": the letter's number, date and what it asks, recorded against
 * this task (the API adds it to the task's history and notifies the departments).
 */
export function Urgings({ task, canUrge }: { task: Task; canUrge: boolean }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<UrgingValues>();
  const [open, setOpen] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const urgings = useQuery({
    queryKey: ['task', task.id, 'urgings'],
    queryFn: () => unwrap(api.GET('/api/v1/urgings', { params: { query: { taskId: task.id, limit: 100 } } })),
  });
  const record = useMutation({
    mutationFn: (values: UrgingValues) =>
      unwrap(
        api.POST('/api/v1/urgings', {
          body: {
            number: values.number!.trim(),
            issuedOn: values.issuedOn!.format('YYYY-MM-DD'),
            taskIds: [task.id],
            ...(values.note?.trim() ? { note: values.note.trim() } : {}),
          },
        }),
      ),
    onMutate: () => setRefusal(null),
    onSuccess: async (saved) => {
      form.resetFields();
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ['task', task.id] });
      message.success(`Đã ghi văn bản đôn đốc ${saved.number}.`);
    },
    onError: (error) => {
      const { field, text } = refusalOf(error);
      if (field === 'number' || field === 'issuedOn' || field === 'note') form.setFields([{ name: field, errors: [text] }]);
      else setRefusal(text);
    },
  });
  const items = urgings.data?.items ?? [];

  return (
    <section aria-labelledby="urgings-heading" className="task-urgings" style={{ margin: '16px 0' }}>
      <h2 id="urgings-heading">Văn bản đôn đốc</h2>
      {urgings.isError ? <Alert type="error" showIcon message={refusalOf(urgings.error).text} /> : null}
      {items.length ? (
        <ul className="urging-list">
          {items.map((u) => (
            <li key={u.id}>
              Văn bản số {u.number} ngày {formatDay(u.issuedOn)}
              {u.note ? `: ${u.note}` : ''}
            </li>
          ))}
        </ul>
      ) : urgings.data ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có văn bản đôn đốc." />
      ) : null}
      {canUrge && !open ? (
        <Button onClick={() => setOpen(true)} aria-expanded={false}>
          Đôn đốc
        </Button>
      ) : null}
      {canUrge && open ? (
        <Form<UrgingValues>
          form={form}
          name="urging"
          layout="vertical"
          initialValues={{ issuedOn: dayjs() }}
          onFinish={(values) => record.mutate(values)}
          style={{ maxWidth: 560 }}
        >
          <Form.Item label="Số văn bản đôn đốc" name="number" rules={[{ required: true, whitespace: true, message: 'Nhập số văn bản, ví dụ 168/STTTT-CNTT.' }]}>
            <Input placeholder="168/STTTT-CNTT" maxLength={100} />
          </Form.Item>
          <Form.Item label="Ngày văn bản" name="issuedOn" rules={[{ required: true, message: 'Nhập ngày của văn bản.' }]}>
            <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: 170 }} />
          </Form.Item>
          <Form.Item label="Nội dung đôn đốc" name="note">
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
          {refusal ? <Alert type="error" role="alert" showIcon style={{ marginBottom: 12 }} message={refusal} /> : null}
          <Space>
            <Button type="primary" htmlType="submit" loading={record.isPending}>
              Ghi văn bản đôn đốc
            </Button>
            <Button onClick={() => setOpen(false)}>Hủy</Button>
          </Space>
        </Form>
      ) : null}
    </section>
  );
}
