import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { refusalOf } from '../api/errors';
import { useMe } from '../auth/session';
import { PERIOD_LABELS } from '../labels';

type Indicator = Schemas['IndicatorDto'];
type Period = Schemas['IndicatorValueDto']['period'];

const STATUS_LABELS: Record<string, { text: string; color: string }> = {
  reached: { text: 'Đạt', color: '#237804' },
  not_reached: { text: 'Chưa đạt', color: '#ad4e00' },
  no_value: { text: 'Chưa có số liệu', color: 'default' },
  not_assessed: { text: 'Không đánh giá được', color: 'default' },
};
const REVIEW_LABELS: Record<string, string> = { reported: 'chờ xác nhận', confirmed: 'đã xác nhận', returned: 'bị trả lại' };

/** 20659 → "20.659", 16.7 → "16,7": as the reports print figures. */
export const figure = (value: number | null | undefined, text?: string | null) =>
  value === null || value === undefined ? (text ?? '-') : value.toLocaleString('vi-VN', { maximumFractionDigits: 6 });
/** 98.24 → "98,24", 99.5 → "99,50", 100 → "100": as the appendices print ratios. */
export const ratioText = (ratio: number | null) =>
  ratio === null ? '-' : Number.isInteger(ratio) ? String(ratio) : ratio.toFixed(2).replace('.', ',');

/** /indicators: the indicators with their target, the period's value, ratio and status; the responsible focal point enters values. */
export default function IndicatorsPage() {
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || new Date().getFullYear();
  const period = (params.get('period') as Period) || '6M';
  const me = useMe();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Indicator | null>(null);
  const [form] = Form.useForm<{ kind: 'estimate' | 'final'; value?: number; text?: string; note?: string }>();

  const list = useQuery({
    queryKey: ['indicators', year, period],
    queryFn: () => unwrap(api.GET('/api/v1/indicators', { params: { query: { year, period } } })),
  });
  // every value of the indicator being entered, returned ones too: the list shows only the one
  // that counts, but replacing a returned value (or the estimate beside a final) needs its version
  const detail = useQuery({
    queryKey: ['indicator', editing?.id, year, period],
    enabled: editing !== null,
    queryFn: () => unwrap(api.GET('/api/v1/indicators/{id}', { params: { path: { id: editing!.id }, query: { year, period } } })),
  });
  const kind = Form.useWatch('kind', form) ?? 'final';
  const entered = detail.data?.values.find((v) => v.year === year && v.period === period && v.kind === kind) ?? null;
  const save = useMutation({
    mutationFn: async (input: { indicator: Indicator; kind: 'estimate' | 'final'; value?: number; text?: string; note?: string; current: { version: number } | null }) => {
      const current = input.current;
      return unwrap(
        api.POST('/api/v1/indicators/{id}/values', {
          params: { path: { id: input.indicator.id } },
          body: {
            year, period, kind: input.kind,
            ...(input.value !== undefined && input.value !== null ? { value: input.value } : {}),
            ...(input.text ? { text: input.text } : {}),
            ...(input.note ? { note: input.note } : {}),
            ...(current ? { version: current.version } : {}),
          },
        }),
      );
    },
    onSuccess: () => {
      setEditing(null);
      queryClient.removeQueries({ queryKey: ['indicator'] });
      return queryClient.invalidateQueries({ queryKey: ['indicators'] });
    },
  });
  const canEnter = (i: Indicator) => me.data?.role === 'secretariat' || (me.data?.role === 'focal_point' && me.data.departmentId === i.departmentId);

  return (
    <div className="page-card">
      <h1 style={{ marginTop: 0 }}>Chỉ tiêu</h1>
      <Space wrap style={{ marginBottom: 12 }}>
        <label>
          Năm{' '}
          <InputNumber aria-label="Năm" min={2000} max={2100} value={year} onChange={(v) => v && setParams({ year: String(v), period })} />
        </label>
        <label>
          Kỳ báo cáo{' '}
          <Select
            aria-label="Kỳ báo cáo"
            style={{ width: 180 }}
            value={period}
            options={Object.entries(PERIOD_LABELS).map(([value, label]) => ({ value, label }))}
            onChange={(v) => setParams({ year: String(year), period: v })}
          />
        </label>
      </Space>
      {list.error ? <Alert type="error" showIcon role="alert" message={refusalOf(list.error).text} /> : null}
      <Table<Indicator>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: 'Chưa có chỉ tiêu.' }}
        columns={[
          { title: 'TT', dataIndex: 'code', width: 60, render: (code: string, i) => (i.parentId ? '' : code) },
          { title: 'Chỉ tiêu', dataIndex: 'name', render: (name: string, i) => (i.parentId ? `– ${name}` : name) },
          { title: 'Đơn vị tính', dataIndex: 'unit', width: 90 },
          { title: 'Chịu trách nhiệm', dataIndex: 'departmentName', width: 160 },
          { title: `Kế hoạch năm ${year}`, key: 'target', width: 120, render: (_, i) => figure(i.target?.value, i.target?.text) },
          {
            title: `Thực hiện ${PERIOD_LABELS[period]?.toLowerCase()}`,
            key: 'value',
            width: 160,
            render: (_, i) =>
              i.value ? (
                <>
                  {figure(i.value.value, i.value.text)}
                  <br />
                  <small>
                    {i.value.kind === 'estimate' ? 'ước thực hiện' : 'chính thức'}, {REVIEW_LABELS[i.value.reviewStatus]}
                  </small>
                </>
              ) : (
                '-'
              ),
          },
          { title: 'Tỷ lệ (%)', dataIndex: 'ratio', width: 90, render: (r: number | null) => ratioText(r) },
          { title: 'Đánh giá', dataIndex: 'status', width: 140, render: (s: string) => <Tag color={STATUS_LABELS[s]?.color}>{STATUS_LABELS[s]?.text ?? s}</Tag> },
          {
            title: '',
            key: 'enter',
            width: 120,
            render: (_, i) =>
              canEnter(i) ? (
                <Button
                  size="small"
                  aria-label={`Nhập số liệu: ${i.code}. ${i.name}`}
                  onClick={() => {
                    save.reset();
                    form.resetFields();
                    form.setFieldsValue({ kind: 'final' });
                    setEditing(i);
                  }}
                >
                  Nhập số liệu
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing ? `Nhập số liệu: ${editing.code}. ${editing.name}` : ''}
        onCancel={() => setEditing(null)}
        footer={null}
        destroyOnHidden
      >
        {editing ? (
          <Form
            form={form}
            layout="vertical"
            initialValues={{ kind: 'final' }}
            onFinish={(values) => save.mutate({ indicator: editing, ...values, current: entered })}
          >
            <p>
              {PERIOD_LABELS[period]} năm {year}; kế hoạch: {figure(editing.target?.value, editing.target?.text)} {editing.unit ?? ''}
            </p>
            <Form.Item label="Loại số liệu" name="kind">
              <Select options={[{ value: 'final', label: 'Chính thức' }, { value: 'estimate', label: 'Ước thực hiện' }]} />
            </Form.Item>
            {entered ? (
              <Alert
                type={entered.reviewStatus === 'returned' ? 'warning' : 'info'}
                showIcon
                style={{ marginBottom: 12 }}
                message={
                  entered.reviewStatus === 'returned'
                    ? `Số liệu ${figure(entered.value, entered.text)} đã bị trả lại${entered.reviewNote ? `: ${entered.reviewNote}` : ''}. Nhập lại để thay thế.`
                    : `Đã nhập ${figure(entered.value, entered.text)} (${REVIEW_LABELS[entered.reviewStatus]}); lưu sẽ thay thế số liệu này.`
                }
              />
            ) : null}
            <Form.Item label="Giá trị" name="value">
              <InputNumber decimalSeparator="," style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item label="Giá trị bằng lời" name="text" extra="Khi chỉ tiêu gồm nhiều phần, ví dụ: 100% cấp tỉnh, 60% cấp huyện">
              <Input />
            </Form.Item>
            <Form.Item label="Ghi chú" name="note">
              <Input.TextArea rows={2} />
            </Form.Item>
            {save.error ? <Alert type="error" showIcon role="alert" message={refusalOf(save.error).text} style={{ marginBottom: 12 }} /> : null}
            <Button type="primary" htmlType="submit" loading={save.isPending} disabled={detail.isFetching}>
              Lưu
            </Button>
          </Form>
        ) : null}
      </Modal>
    </div>
  );
}
