import { useMutation } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap, type Task, type TaskStatus } from '../api/client';
import { isStaleVersion, refusalOf } from '../api/errors';
import { DOCUMENT_KIND_LABELS, PERIOD_LABELS, STATUS_LABELS } from '../labels';

const DAY = 'DD/MM/YYYY';
/** A focal point reports these; cancelled and recurring are asked of the secretariat. */
const REPORTED_STATUSES: TaskStatus[] = ['not_started', 'in_progress', 'completed', 'blocked'];

interface DocumentRow {
  number?: string;
  issuedOn?: Dayjs | null;
  kind?: 'submitted' | 'issued';
}
interface ProgressValues {
  status?: TaskStatus;
  /** A recurring duty's report period (`2024-6M`, `2024-Y`): its note is that period's. */
  reportPeriod?: string;
  progressNote?: string;
  completedOn?: Dayjs | null;
  outputDocuments?: DocumentRow[];
}

const today = () => dayjs().endOf('day');

/** The half-years a recurring duty reports on: this year's and last year's, the current one first. */
function reportPeriods(): { value: string; label: string }[] {
  const now = dayjs();
  const year = now.year();
  const all = [year, year - 1].flatMap((y) => [
    { value: `${y}-Y`, label: `${PERIOD_LABELS.Y} ${y}` },
    { value: `${y}-6M`, label: `${PERIOD_LABELS['6M']} ${y}` },
  ]);
  return now.month() < 6 ? all.slice(1) : all;
}

/**
 * The progress form. `full`: the lead department's focal point (status, note, completion date,
 * documents); `note`: a coordinating department's focal point, whose note is kept apart from
 * the lead's result. Rules the API enforces are checked here first; a refusal is shown next to
 * its field; a stale version keeps what was typed and offers to reload the task.
 */
export function ProgressForm({
  task,
  mode,
  onSaved,
  onReload,
  onCancel,
}: {
  task: Task;
  mode: 'full' | 'note';
  onSaved: () => void;
  onReload: () => Promise<unknown>;
  onCancel: () => void;
}) {
  const [form] = Form.useForm<ProgressValues>();
  const [stale, setStale] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [documentsError, setDocumentsError] = useState<string | null>(null);
  const status = Form.useWatch('status', form);

  const save = useMutation({
    mutationFn: (values: ProgressValues) => {
      const body =
        mode === 'note'
          ? { version: task.version, progressNote: values.progressNote?.trim() }
          : {
              version: task.version,
              status: values.status !== task.status ? values.status : undefined,
              // the form starts from the current result: sent only when changed — but a recurring
              // duty's note is filed under the period chosen, so the same words for another period are sent too
              progressNote:
                values.progressNote?.trim() && (values.status === 'recurring' || values.progressNote.trim() !== (task.progressNote ?? ''))
                  ? values.progressNote.trim()
                  : undefined,
              completedOn: values.status === 'completed' && values.completedOn ? values.completedOn.format('YYYY-MM-DD') : undefined,
              reportPeriod: values.status === 'recurring' && values.reportPeriod ? values.reportPeriod : undefined,
              outputDocuments: values.outputDocuments?.length
                ? values.outputDocuments.map((d) => ({ number: (d.number ?? '').trim(), issuedOn: d.issuedOn!.format('YYYY-MM-DD'), kind: d.kind! }))
                : undefined,
            };
      return unwrap(api.POST('/api/v1/tasks/{id}/updates', { params: { path: { id: task.id } }, body }));
    },
    onMutate: () => {
      setStale(false);
      setRefusal(null);
      setDocumentsError(null);
    },
    onSuccess: () => {
      form.resetFields();
      onSaved();
    },
    onError: (error) => {
      if (isStaleVersion(error)) {
        setStale(true);
        return;
      }
      const { field, text } = refusalOf(error);
      if (field === 'outputDocuments') setDocumentsError(text);
      else if (field && ['status', 'reportPeriod', 'progressNote', 'completedOn'].includes(field)) form.setFields([{ name: field as keyof ProgressValues, errors: [text] }]);
      else setRefusal(text);
    },
  });

  /** Rules of the API known before sending (libs/tasks/src/progress/task-progress.service.ts). */
  const checkDocuments = (values: ProgressValues): boolean => {
    const count = values.outputDocuments?.length ?? 0;
    if (mode === 'full' && values.status === 'completed' && task.requiresOutputDocument && task.outputDocuments.length + count === 0) {
      setDocumentsError('Cần ít nhất một văn bản (số và ngày) để báo cáo hoàn thành: bấm "Thêm văn bản".');
      return false;
    }
    setDocumentsError(null);
    return true;
  };

  const reload = async () => {
    // what was typed stays in the form: only the task (and its version) is read again
    await onReload();
    setStale(false);
  };

  return (
    <Form<ProgressValues>
      form={form}
      name="progress"
      layout="vertical"
      initialValues={{ status: mode === 'full' ? task.status : undefined, reportPeriod: reportPeriods()[0].value, progressNote: mode === 'full' ? (task.progressNote ?? '') : '', outputDocuments: [] }}
      onFinish={(values) => checkDocuments(values) && save.mutate(values)}
      scrollToFirstError
      style={{ maxWidth: 720 }}
    >
      {mode === 'note' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="Đơn vị của bạn phối hợp thực hiện nhiệm vụ này: ý kiến được ghi riêng, không thay đổi kết quả của đơn vị chủ trì."
        />
      ) : (
        <Form.Item label="Trạng thái" name="status" rules={[{ required: true, message: 'Chọn trạng thái.' }]}>
          <Select
            options={REPORTED_STATUSES.concat(REPORTED_STATUSES.includes(task.status) ? [] : [task.status]).map((s) => ({
              value: s,
              label: STATUS_LABELS[s],
              disabled: !REPORTED_STATUSES.includes(s),
            }))}
          />
        </Form.Item>
      )}
      {mode === 'full' && status === 'recurring' ? (
        <Form.Item label="Kỳ báo cáo" name="reportPeriod" extra="Nhiệm vụ thường xuyên: kết quả được ghi cho kỳ báo cáo này.">
          <Select options={reportPeriods()} />
        </Form.Item>
      ) : null}
      <Form.Item
        label="Kết quả thực hiện"
        name="progressNote"
        rules={mode === 'note' ? [{ required: true, whitespace: true, message: 'Nhập ý kiến của đơn vị.' }] : []}
      >
        <Input.TextArea rows={4} maxLength={10000} />
      </Form.Item>
      {mode === 'full' ? (
        <>
          <Form.Item
            label="Ngày hoàn thành"
            name="completedOn"
            extra={status === 'completed' ? 'Bắt buộc khi hoàn thành; không sau hôm nay.' : 'Chỉ nhập khi trạng thái là Hoàn thành.'}
            rules={[
              {
                validator: (_, value: Dayjs | null | undefined) => {
                  if (status === 'completed' && !value) return Promise.reject(new Error('Cần nhập ngày hoàn thành khi báo cáo hoàn thành.'));
                  if (status !== 'completed' && value) return Promise.reject(new Error('Chỉ nhập ngày hoàn thành khi trạng thái là Hoàn thành.'));
                  if (value && value.isAfter(today())) return Promise.reject(new Error('Ngày hoàn thành không được sau hôm nay.'));
                  return Promise.resolve();
                },
              },
            ]}
            dependencies={['status']}
          >
            <DatePicker format={DAY} placeholder="dd/mm/yyyy" disabledDate={(d) => d.isAfter(today())} style={{ width: 180 }} />
          </Form.Item>
          <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
            <legend style={{ fontSize: 14, fontWeight: 500, marginBottom: 8 }}>Văn bản mới</legend>
            <p style={{ marginTop: 0, color: '#595959' }}>Số văn bản được giữ đúng như nhập (kể cả chữ Đ).</p>
            <Form.List name="outputDocuments">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, index) => (
                    <div key={field.key} className="doc-row" role="group" aria-label={`Văn bản ${index + 1}`}>
                      <Form.Item
                        label="Số văn bản"
                        name={[field.name, 'number']}
                        rules={[{ required: true, whitespace: true, message: 'Nhập số văn bản.' }]}
                      >
                        <Input placeholder="185/KH-UBND" style={{ width: 200 }} maxLength={200} />
                      </Form.Item>
                      <Form.Item
                        label="Ngày văn bản"
                        name={[field.name, 'issuedOn']}
                        rules={[
                          { required: true, message: 'Nhập ngày văn bản.' },
                          {
                            validator: (_, value: Dayjs | null) =>
                              value && value.isAfter(today()) ? Promise.reject(new Error('Ngày văn bản không được sau hôm nay.')) : Promise.resolve(),
                          },
                        ]}
                      >
                        <DatePicker format={DAY} placeholder="dd/mm/yyyy" disabledDate={(d) => d.isAfter(today())} style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item label="Loại văn bản" name={[field.name, 'kind']} rules={[{ required: true, message: 'Chọn loại văn bản.' }]}>
                        <Select
                          style={{ width: 190 }}
                          placeholder="Chọn"
                          options={(['submitted', 'issued'] as const).map((k) => ({ value: k, label: DOCUMENT_KIND_LABELS[k] }))}
                        />
                      </Form.Item>
                      <Button onClick={() => remove(field.name)} style={{ marginTop: 30 }} aria-label={`Xóa văn bản ${index + 1}`}>
                        Xóa
                      </Button>
                    </div>
                  ))}
                  <Button onClick={() => add({ kind: undefined })}>Thêm văn bản</Button>
                </>
              )}
            </Form.List>
            {documentsError ? (
              <div role="alert" className="ant-form-item-explain-error" style={{ marginTop: 8 }}>
                {documentsError}
              </div>
            ) : null}
          </fieldset>
        </>
      ) : null}
      {stale ? (
        <Alert
          type="warning"
          role="alert"
          showIcon
          style={{ marginBottom: 12 }}
          message="Người khác đã lưu nhiệm vụ này trước bạn."
          description="Bấm Tải lại để đọc bản mới nhất; những gì bạn đã nhập vẫn được giữ, rồi bấm Lưu lại."
          action={<Button onClick={reload}>Tải lại</Button>}
        />
      ) : null}
      {refusal ? <Alert type="error" role="alert" showIcon style={{ marginBottom: 12 }} message={refusal} /> : null}
      <Space>
        <Button type="primary" htmlType="submit" disabled={save.isPending}>
          Lưu
        </Button>
        <Button onClick={onCancel}>Đóng</Button>
      </Space>
    </Form>
  );
}
