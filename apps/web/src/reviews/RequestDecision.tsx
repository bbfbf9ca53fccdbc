import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { api, ApiFailure, unwrap } from '../api/client';
import { refusalOf } from '../api/errors';
import { useAfterDecision } from './queries';

export type RequestKind = 'extension' | 'status';

const decide = async (kind: RequestKind, id: string, body: { approve: boolean; note?: string; version: number }): Promise<void> => {
  if (kind === 'extension') await unwrap(api.POST('/api/v1/extension-requests/{id}/decision', { params: { path: { id } }, body }));
  else await unwrap(api.POST('/api/v1/status-requests/{id}/decision', { params: { path: { id } }, body }));
};

/**
 * Approve or reject a request of a focal point (an extension, a status change) with a `Ghi chú`,
 * which a rejection needs. Sent with the task's version as the list read it.
 */
export function RequestDecision({ kind, id, taskId, taskVersion }: { kind: RequestKind; id: string; taskId: string; taskVersion: number | undefined }) {
  const [form] = Form.useForm<{ note?: string }>();
  const [refusal, setRefusal] = useState<{ text: string; stale: boolean } | null>(null);
  const { message } = App.useApp();
  const afterDecision = useAfterDecision();
  const decision = useMutation({
    mutationFn: (input: { approve: boolean; note?: string }) => decide(kind, id, { ...input, version: taskVersion ?? 0 }),
    onMutate: () => setRefusal(null),
    onSuccess: (_, input) => {
      void message.success(input.approve ? 'Đã chấp thuận.' : 'Đã không chấp thuận.');
      void afterDecision(taskId);
    },
    onError: (error) => {
      const { field, text } = refusalOf(error);
      if (field === 'note') form.setFields([{ name: 'note', errors: [text] }]);
      else setRefusal({ text, stale: error instanceof ApiFailure && error.status === 409 });
    },
  });
  const send = (approve: boolean) => {
    const note = form.getFieldValue('note')?.trim() || undefined;
    if (!approve && !note) {
      form.setFields([{ name: 'note', errors: ['Nêu lý do không chấp thuận.'] }]);
      return;
    }
    form.setFields([{ name: 'note', errors: [] }]);
    decision.mutate({ approve, note });
  };
  return (
    <Form form={form} name={`decision-${kind}-${id}`} layout="vertical" style={{ maxWidth: 560 }} onFinish={() => send(true)}>
      <Form.Item label="Ghi chú" name="note" extra="Cần ghi lý do khi không chấp thuận." style={{ marginBottom: 8 }}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
      <Space wrap>
        <Button type="primary" onClick={() => send(true)} loading={decision.isPending && decision.variables?.approve} disabled={decision.isPending}>
          Chấp thuận
        </Button>
        <Button onClick={() => send(false)} loading={decision.isPending && decision.variables?.approve === false} disabled={decision.isPending}>
          Không chấp thuận
        </Button>
      </Space>
      {refusal ? (
        <Alert
          type="error"
          role="alert"
          showIcon
          style={{ marginTop: 12 }}
          message={refusal.text}
          action={
            refusal.stale ? (
              <Button size="small" onClick={() => void afterDecision(taskId).then(() => setRefusal(null))}>
                Tải lại
              </Button>
            ) : undefined
          }
        />
      ) : null}
    </Form>
  );
}
