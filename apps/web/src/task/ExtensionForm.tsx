import { useMutation } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap, type Task } from '../api/client';
import { refusalOf } from '../api/errors';
import { formatDay } from '../labels';

interface ExtensionValues {
  proposedDueDate?: Dayjs | null;
  reason?: string;
}

/** A later due date asked of the secretariat by the lead department's focal point. */
export function ExtensionForm({ task, onSent, onCancel }: { task: Task; onSent: () => void; onCancel: () => void }) {
  const [form] = Form.useForm<ExtensionValues>();
  const [refusal, setRefusal] = useState<string | null>(null);
  const current = task.dueDate ? dayjs(task.dueDate) : null;
  const send = useMutation({
    mutationFn: (values: ExtensionValues) =>
      unwrap(
        api.POST('/api/v1/tasks/{id}/extension-requests', {
          params: { path: { id: task.id } },
          body: { proposedDueDate: values.proposedDueDate!.format('YYYY-MM-DD'), reason: values.reason!.trim() },
        }),
      ),
    onMutate: () => setRefusal(null),
    onSuccess: () => {
      form.resetFields();
      onSent();
    },
    onError: (error) => {
      const { field, text } = refusalOf(error);
      if (field === 'proposedDueDate' || field === 'reason') form.setFields([{ name: field, errors: [text] }]);
      else setRefusal(text);
    },
  });
  return (
    <Form<ExtensionValues> form={form} name="extension" layout="vertical" onFinish={(values) => send.mutate(values)} style={{ maxWidth: 560 }}>
      <Form.Item
        label="Thời hạn đề nghị"
        name="proposedDueDate"
        extra={current ? `Sau thời hạn hiện tại ${formatDay(task.dueDate)}.` : undefined}
        rules={[
          { required: true, message: 'Chọn thời hạn đề nghị.' },
          {
            validator: (_, value: Dayjs | null) =>
              value && current && !value.isAfter(current, 'day')
                ? Promise.reject(new Error(`Thời hạn đề nghị phải sau thời hạn hiện tại (${formatDay(task.dueDate)}).`))
                : Promise.resolve(),
          },
        ]}
      >
        <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" disabledDate={(d) => !!current && !d.isAfter(current, 'day')} style={{ width: 180 }} />
      </Form.Item>
      <Form.Item label="Lý do" name="reason" rules={[{ required: true, whitespace: true, message: 'Nêu lý do đề nghị gia hạn.' }]}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      {refusal ? <Alert type="error" role="alert" showIcon style={{ marginBottom: 12 }} message={refusal} /> : null}
      <Space>
        <Button type="primary" htmlType="submit" disabled={send.isPending}>
          Gửi
        </Button>
        <Button onClick={onCancel}>Đóng</Button>
      </Space>
    </Form>
  );
}
