import { useMutation } from '@tanstack/react-query';
import { Alert, AutoComplete, Button, Checkbox, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { isStaleVersion } from '../api/errors';
import { api, unwrap, type Task } from '../api/client';
import { useDepartments, useGroups } from '../reference/names';
import { departmentOptions, leadOptions, leadValue } from '../reference/units';
import { UnitSelect } from '../reference/UnitSelect';
import { readDeadline, taskRefusal, type Plan } from './words';

interface TaskValues {
  code?: string;
  group?: string;
  title?: string;
  lead?: string;
  coordinatingDepartmentIds?: string[];
  deadlineText?: string;
  expectedOutput?: string;
  submissionLevel?: string;
  requiresOutputDocument?: boolean;
}

const FIELDS = ['code', 'group', 'title', 'lead', 'coordinatingDepartmentIds', 'deadlineText', 'expectedOutput', 'submissionLevel'] as const;
const text = (value: string | undefined) => value?.trim() ?? '';

/**
 * Add a task to the plan (no `task`) or edit one (secretariat). The deadline is read as it is
 * typed, by the parser the server uses: the due date it means, or why it is refused. The lead is
 * a department, or a group for a collective task (chosen when the task is added). Departments
 * and groups are found by name, code or alias, with or without diacritics.
 */
export function TaskFormModal({
  open,
  plan,
  task,
  sections,
  onClose,
  onSaved,
  onReload,
}: {
  open: boolean;
  plan: Plan;
  task?: Task;
  /** the plan's sections so far, offered for `group` */
  sections: string[];
  onClose: () => void;
  onSaved: (task: Task) => void;
  onReload: () => Promise<unknown>;
}) {
  const [form] = Form.useForm<TaskValues>();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const departments = useDepartments().data?.items ?? [];
  const groups = useGroups().data?.items ?? [];
  const deadline = Form.useWatch('deadlineText', form);
  const reading = readDeadline(deadline, plan.year);
  const collective = !!task?.leadGroupId;

  const save = useMutation({
    mutationFn: (values: TaskValues) => {
      const lead = values.lead ?? '';
      const fields = {
        code: text(values.code),
        group: text(values.group) || undefined,
        title: text(values.title),
        coordinatingDepartmentIds: values.coordinatingDepartmentIds ?? [],
        deadlineText: text(values.deadlineText) || undefined,
        expectedOutput: text(values.expectedOutput) || undefined,
        submissionLevel: text(values.submissionLevel) || undefined,
        requiresOutputDocument: values.requiresOutputDocument ?? true,
      };
      if (!task) {
        return unwrap(
          api.POST('/api/v1/tasks', {
            body: {
              planId: plan.id,
              ...fields,
              leadDepartmentId: lead.startsWith('d:') ? lead.slice(2) : undefined,
              leadGroupId: lead.startsWith('g:') ? lead.slice(2) : undefined,
            },
          }),
        );
      }
      // an edit sends what changed, with the version read
      const changed = (next: string | undefined, was: string | null) => (next ?? '') !== (was ?? '');
      const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));
      const body = {
        version: task.version,
        code: changed(fields.code, task.code) ? fields.code : undefined,
        group: changed(fields.group, task.group) ? (fields.group ?? '') : undefined,
        title: changed(fields.title, task.title) ? fields.title : undefined,
        leadDepartmentId: !collective && lead.startsWith('d:') && lead.slice(2) !== task.leadDepartmentId ? lead.slice(2) : undefined,
        coordinatingDepartmentIds: sameList(fields.coordinatingDepartmentIds, task.coordinatingDepartmentIds) ? undefined : fields.coordinatingDepartmentIds,
        deadlineText: changed(fields.deadlineText, task.deadlineText) ? (fields.deadlineText ?? '') : undefined,
        expectedOutput: changed(fields.expectedOutput, task.expectedOutput) ? (fields.expectedOutput ?? '') : undefined,
        submissionLevel: changed(fields.submissionLevel, task.submissionLevel) ? (fields.submissionLevel ?? '') : undefined,
        requiresOutputDocument: fields.requiresOutputDocument,
      };
      return unwrap(api.PATCH('/api/v1/tasks/{id}', { params: { path: { id: task.id } }, body }));
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
      const { field, text: words } = taskRefusal(error);
      if (field && (FIELDS as readonly string[]).includes(field)) form.setFields([{ name: field as keyof TaskValues, errors: [words] }]);
      else setRefusal(words);
    },
  });

  const initialValues: TaskValues = task
    ? {
        code: task.code,
        group: task.group ?? '',
        title: task.title,
        lead: leadValue(task),
        coordinatingDepartmentIds: task.coordinatingDepartmentIds,
        deadlineText: task.deadlineText ?? '',
        expectedOutput: task.expectedOutput ?? '',
        submissionLevel: task.submissionLevel ?? '',
        requiresOutputDocument: task.requiresOutputDocument,
      }
    : { coordinatingDepartmentIds: [], deadlineText: '', requiresOutputDocument: true };

  // an edit cannot turn a department's task into a collective one, nor the reverse (UpdateTaskDto)
  const leadChoices = leadOptions(departments, groups).map((section) =>
    task ? { ...section, options: section.options.map((o) => ({ ...o, disabled: o.value.startsWith('g:') !== collective })) } : section,
  );

  return (
    <Modal open={open} title={task ? `Sửa nhiệm vụ ${task.code}` : 'Thêm nhiệm vụ'} onCancel={onClose} footer={null} destroyOnHidden width={760}>
      <Form<TaskValues>
        form={form}
        name={task ? 'task-edit' : 'task-create'}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => save.mutate(values)}
        scrollToFirstError
      >
        <Space wrap size="middle" align="start">
          <Form.Item label="Mã" name="code" rules={[{ required: true, whitespace: true, message: 'Nhập mã nhiệm vụ (duy nhất trong kế hoạch).' }]}>
            <Input placeholder="1.1" maxLength={100} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label="Mục" name="group" extra="Tiêu đề mục của nhiệm vụ trong văn bản.">
            <AutoComplete
              options={sections.map((s) => ({ value: s }))}
              filterOption={(input, option) => String(option?.value ?? '').toLowerCase().includes(input.toLowerCase())}
              style={{ width: 520, maxWidth: '100%' }}
            />
          </Form.Item>
        </Space>
        <Form.Item label="Nội dung nhiệm vụ" name="title" rules={[{ required: true, whitespace: true, message: 'Nhập nội dung nhiệm vụ.' }]}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item
          label="Đơn vị chủ trì"
          name="lead"
          rules={[{ required: true, message: 'Chọn đơn vị chủ trì hoặc nhóm đơn vị.' }]}
          extra={
            collective
              ? 'Nhiệm vụ chung: mỗi đơn vị của nhóm có nhiệm vụ riêng.'
              : 'Tìm theo tên hoặc tên viết tắt, có dấu hoặc không dấu (ví dụ "so tttt"). Chọn một nhóm để giao chung cho các đơn vị của nhóm.'
          }
        >
          <UnitSelect options={leadChoices} disabled={collective} placeholder="Chọn đơn vị" />
        </Form.Item>
        <Form.Item label="Đơn vị phối hợp" name="coordinatingDepartmentIds">
          <UnitSelect mode="multiple" options={departmentOptions(departments)} placeholder="Chọn các đơn vị phối hợp" />
        </Form.Item>
        <Form.Item
          label="Thời hạn"
          name="deadlineText"
          extra={reading.kind === 'error' ? undefined : <span aria-live="polite">{reading.text}</span>}
          rules={[
            {
              validator: (_, value: string | undefined) => {
                const read = readDeadline(value, plan.year);
                return read.kind === 'error' ? Promise.reject(new Error(read.text)) : Promise.resolve();
              },
            },
          ]}
        >
          <Input placeholder="Quý II/2024, Tháng 6/2024, Trước 30/6/2024, Hàng năm, Thường xuyên" maxLength={200} style={{ maxWidth: 420 }} />
        </Form.Item>
        <Space wrap size="middle" align="start">
          <Form.Item label="Sản phẩm" name="expectedOutput">
            <Input placeholder="Kế hoạch, Quyết định, Báo cáo…" maxLength={500} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item label="Cấp trình" name="submissionLevel">
            <Input placeholder="UBND tỉnh" maxLength={200} style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Form.Item name="requiresOutputDocument" valuePropName="checked">
          <Checkbox>Cần văn bản (số, ngày) khi báo cáo hoàn thành</Checkbox>
        </Form.Item>
        {stale ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message="Nhiệm vụ vừa được người khác cập nhật trước bạn."
            description="Những gì bạn nhập vẫn còn trên biểu mẫu. Tải lại nhiệm vụ rồi lưu lại."
            action={
              <Button
                onClick={async () => {
                  await onReload();
                  setStale(false);
                }}
              >
                Tải lại nhiệm vụ
              </Button>
            }
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
