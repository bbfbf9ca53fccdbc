import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { api, ApiFailure, unwrap, type Task } from '../api/client';
import { refusalOf } from '../api/errors';
import { useAfterDecision } from './queries';

interface ReturnValues {
  note?: string;
}

/**
 * The secretariat's word on a reported completion: `Xác nhận hoàn thành`, or `Trả lại` with a
 * `Lý do` (POST /tasks/:id/review, with the version read). A refusal is shown here, keeping the
 * reason typed; a 409 (the task changed meanwhile) offers to read it again.
 */
export function CompletionDecision({ task, onDecided }: { task: Task; onDecided?: (confirmed: boolean) => void }) {
  const [form] = Form.useForm<ReturnValues>();
  const [returning, setReturning] = useState(false);
  const [refusal, setRefusal] = useState<{ text: string; stale: boolean } | null>(null);
  const { message } = App.useApp();
  const afterDecision = useAfterDecision();
  const review = useMutation({
    mutationFn: (input: { confirm: boolean; note?: string }) =>
      unwrap(api.POST('/api/v1/tasks/{id}/review', { params: { path: { id: task.id } }, body: { ...input, version: task.version } })),
    onMutate: () => setRefusal(null),
    onSuccess: (_, input) => {
      void message.success(input.confirm ? `Đã xác nhận hoàn thành nhiệm vụ ${task.code}.` : `Đã trả lại báo cáo hoàn thành nhiệm vụ ${task.code}.`);
      setReturning(false);
      form.resetFields();
      onDecided?.(input.confirm);
      void afterDecision(task.id);
    },
    onError: (error) => {
      const { field, text } = refusalOf(error);
      if (field === 'note') form.setFields([{ name: 'note', errors: [text] }]);
      else setRefusal({ text, stale: error instanceof ApiFailure && error.status === 409 });
    },
  });

  return (
    <div className="review-decision">
      <Space wrap>
        <Button type="primary" onClick={() => review.mutate({ confirm: true })} loading={review.isPending && review.variables?.confirm} disabled={review.isPending}>
          Xác nhận hoàn thành
        </Button>
        <Button onClick={() => setReturning(!returning)} aria-expanded={returning} disabled={review.isPending}>
          Trả lại
        </Button>
      </Space>
      {returning ? (
        <Form<ReturnValues>
          form={form}
          name={`return-${task.id}`}
          layout="vertical"
          style={{ maxWidth: 560, marginTop: 12 }}
          onFinish={(values) => review.mutate({ confirm: false, note: values.note!.trim() })}
        >
          <Form.Item label="Lý do" name="note" rules={[{ required: true, whitespace: true, message: 'Nêu lý do trả lại báo cáo hoàn thành.' }]}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={review.isPending}>
              Gửi trả lại
            </Button>
            <Button onClick={() => setReturning(false)}>Hủy</Button>
          </Space>
        </Form>
      ) : null}
      {refusal ? (
        <Alert
          type="error"
          role="alert"
          showIcon
          style={{ marginTop: 12 }}
          message={refusal.text}
          action={
            refusal.stale ? (
              <Button size="small" onClick={() => void afterDecision(task.id).then(() => setRefusal(null))}>
                Tải lại
              </Button>
            ) : undefined
          }
        />
      ) : null}
    </div>
  );
}
