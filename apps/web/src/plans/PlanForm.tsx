import { useMutation } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { isStaleVersion } from '../api/errors';
import { api, unwrap } from '../api/client';
import { PLAN_KIND_LABELS, planRefusal, type Plan, type PlanKind } from './words';

interface PlanValues {
  number?: string;
  kind?: PlanKind;
  title?: string;
  issuedOn?: Dayjs | null;
  issuer?: string;
  year?: number | null;
}

const FIELDS = ['number', 'kind', 'title', 'issuedOn', 'issuer', 'year'] as const;

/**
 * Enter a plan (no `plan`) or edit one (secretariat): the fields of CreatePlanDto. A refusal is
 * shown next to its field and what was typed stays; a stale version offers to reload the plan.
 */
export function PlanFormModal({
  open,
  plan,
  onClose,
  onSaved,
  onReload,
  meetingId,
}: {
  open: boolean;
  plan?: Plan;
  /** A new conclusion notice of this meeting: its kind is fixed and the meeting sent with it. */
  meetingId?: string;
  onClose: () => void;
  onSaved: (plan: Plan) => void;
  onReload?: () => Promise<unknown>;
}) {
  const [form] = Form.useForm<PlanValues>();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [stale, setStale] = useState(false);

  const save = useMutation({
    mutationFn: (values: PlanValues) => {
      const body = {
        number: values.number!.trim(),
        kind: meetingId && !plan ? 'conclusion_notice' : values.kind!,
        title: values.title!.trim(),
        issuedOn: values.issuedOn!.format('YYYY-MM-DD'),
        issuer: values.issuer!.trim(),
        year: Number(values.year),
        ...(meetingId && !plan ? { meetingId } : {}),
      };
      return plan
        ? unwrap(api.PATCH('/api/v1/plans/{id}', { params: { path: { id: plan.id } }, body: { ...body, version: plan.version } }))
        : unwrap(api.POST('/api/v1/plans', { body }));
    },
    onMutate: () => {
      setRefusal(null);
      setStale(false);
    },
    onSuccess: (saved) => {
      form.resetFields();
      onSaved(saved);
    },
    onError: (error) => {
      if (isStaleVersion(error)) {
        setStale(true);
        return;
      }
      const { field, text } = planRefusal(error);
      if (field && (FIELDS as readonly string[]).includes(field)) form.setFields([{ name: field as keyof PlanValues, errors: [text] }]);
      else setRefusal(text);
    },
  });

  const initialValues: PlanValues = plan
    ? { number: plan.number, kind: plan.kind, title: plan.title, issuedOn: dayjs(plan.issuedOn), issuer: plan.issuer, year: plan.year }
    : { kind: meetingId ? 'conclusion_notice' : 'plan', year: dayjs().year() };

  return (
    <Modal
      open={open}
      title={plan ? `Sửa kế hoạch ${plan.number}` : meetingId ? 'Ghi thông báo kết luận' : 'Thêm kế hoạch'}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={640}
    >
      <Form<PlanValues>
        form={form}
        name={plan ? 'plan-edit' : 'plan-create'}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => save.mutate(values)}
        scrollToFirstError
      >
        <Form.Item label="Số văn bản" name="number" rules={[{ required: true, whitespace: true, message: 'Nhập số văn bản, ví dụ 1446/KH-BĐHCĐS.' }]}>
          <Input placeholder="1446/KH-BĐHCĐS" maxLength={100} />
        </Form.Item>
        <Form.Item label="Loại văn bản" name="kind" rules={[{ required: true, message: 'Chọn loại văn bản.' }]}>
          <Select disabled={!!meetingId} options={(Object.keys(PLAN_KIND_LABELS) as PlanKind[]).map((k) => ({ value: k, label: PLAN_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item label="Trích yếu" name="title" rules={[{ required: true, whitespace: true, message: 'Nhập trích yếu của văn bản.' }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Space wrap size="middle" align="start">
          <Form.Item label="Ngày ban hành" name="issuedOn" rules={[{ required: true, message: 'Nhập ngày ban hành.' }]}>
            <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: 170 }} />
          </Form.Item>
          <Form.Item
            label="Năm"
            name="year"
            rules={[
              { required: true, message: 'Nhập năm của kế hoạch.' },
              { type: 'integer', min: 2000, max: 2100, message: 'Năm phải từ 2000 đến 2100.' },
            ]}
          >
            <InputNumber style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item label="Cơ quan ban hành" name="issuer" rules={[{ required: true, whitespace: true, message: 'Nhập cơ quan ban hành.' }]}>
          <Input placeholder="UBND tỉnh Ninh Thuận" maxLength={300} />
        </Form.Item>
        {stale ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message="Kế hoạch vừa được người khác cập nhật trước bạn."
            description="Những gì bạn nhập vẫn còn trên biểu mẫu. Tải lại kế hoạch rồi lưu lại."
            action={onReload ? <Button onClick={async () => { await onReload(); setStale(false); }}>Tải lại kế hoạch</Button> : undefined}
          />
        ) : null}
        {refusal ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={refusal} role="alert" /> : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Lưu
          </Button>
          <Button onClick={onClose}>Hủy</Button>
        </Space>
      </Form>
    </Modal>
  );
}
