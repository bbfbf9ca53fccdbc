import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { refusalOf } from '../api/errors';
import { useMe } from '../auth/session';
import { formatDay } from '../labels';
import { useDepartments, useGroups } from '../reference/names';
import { PERIOD_LABELS } from '../labels';

type Request = Schemas['ReportRequestDto'];
type Answer = Schemas['AnswerStateDto'];
type Grid = Schemas['ReportGridDto'];
type GridRow = Grid['rows'][number];
type Period = Schemas['CreateRequestDto']['period'];
type Recurrence = Schemas['CreateSeriesDto']['recurrence'];

const DAY_FORMAT = 'DD/MM/YYYY';
const RECURRENCE_LABELS: Record<Recurrence | 'once', string> = {
  once: 'Một lần (không lặp lại)',
  monthly: 'Hằng tháng',
  quarterly: 'Hằng quý',
  half_yearly: '6 tháng',
  yearly: 'Hằng năm',
};
/** on time / late / not yet, with the words of the summaries' timeliness. */
const STATE_LABELS: Record<string, { text: string; color: string }> = {
  on_time: { text: 'Đúng hạn', color: '#237804' },
  late: { text: 'Trễ hạn', color: '#ad4e00' },
  not_yet: { text: 'Chưa gửi', color: 'default' },
};

/** An Ant Design table's <table> named for screen readers (and tests): rc-table keeps aria-label on its wrapper. */
const named = (name: string) => ({ table: (props: HTMLAttributes<HTMLTableElement>) => <table {...props} aria-label={name} /> });
const GRID_TABLE = named('Tình hình gửi báo cáo theo kỳ');
const ANSWERS_TABLE = named('Báo cáo của các đơn vị');
const REQUESTS_TABLE = named('Các yêu cầu báo cáo');

function StateTag({ state, overdue }: { state: string; overdue: boolean }) {
  const label = STATE_LABELS[state] ?? { text: state, color: 'default' };
  return (
    <Tag color={overdue ? '#a8071a' : label.color}>
      {label.text}
      {overdue ? ' (quá hạn)' : ''}
    </Tag>
  );
}

interface RequestValues {
  number?: string;
  issuer?: string;
  title?: string;
  recurrence?: Recurrence | 'once';
  dueDay?: number;
  startsOn?: Dayjs | null;
  endsOn?: Dayjs | null;
  year?: number;
  period?: Period;
  dueDate?: Dayjs | null;
  groupId?: string;
  departmentIds?: string[];
}
const FIELDS = ['number', 'issuer', 'title', 'recurrence', 'dueDay', 'startsOn', 'endsOn', 'year', 'period', 'dueDate', 'groupId', 'departmentIds'] as const;
type Field = (typeof FIELDS)[number];
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** The secretariat defines a request: once for a period, or recurring (each period's request then made by itself). */
function RequestForm({ onDone }: { onDone: (seriesId: string | null) => void }) {
  const [form] = Form.useForm<RequestValues>();
  const departments = useDepartments();
  const groups = useGroups();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<string | null>(null);
  const recurrence = Form.useWatch('recurrence', form) ?? 'monthly';
  const create = useMutation({
    mutationFn: async (v: RequestValues): Promise<string | null> => {
      const who = { ...(v.groupId ? { groupId: v.groupId } : {}), ...(v.departmentIds?.length ? { departmentIds: v.departmentIds } : {}) };
      const common = { number: v.number!.trim(), issuer: v.issuer!.trim(), title: v.title!.trim(), ...who };
      if (v.recurrence === 'once') {
        await unwrap(api.POST('/api/v1/report-requests', { body: { ...common, year: v.year!, period: v.period!, dueDate: day(v.dueDate)! } }));
        return null;
      }
      const created = await unwrap(
        api.POST('/api/v1/report-series', {
          body: { ...common, recurrence: v.recurrence ?? 'monthly', dueDay: v.dueDay!, startsOn: day(v.startsOn)!, ...(v.endsOn ? { endsOn: day(v.endsOn) } : {}) },
        }),
      );
      return created.id;
    },
    onMutate: () => setRefusal(null),
    onSuccess: async (seriesId) => {
      await queryClient.invalidateQueries({ queryKey: ['report-series'] });
      await queryClient.invalidateQueries({ queryKey: ['report-requests'] });
      await queryClient.invalidateQueries({ queryKey: ['report-grid'] });
      onDone(seriesId);
    },
    onError: (error) => {
      const { field, text } = refusalOf(error);
      if (field && (FIELDS as readonly string[]).includes(field)) form.setFields([{ name: field as Field, errors: [text] }]);
      else setRefusal(text);
    },
  });
  const required = (message: string) => [{ required: true, message }];
  return (
    <Form<RequestValues>
      form={form}
      name="report-request"
      layout="vertical"
      style={{ maxWidth: 760 }}
      initialValues={{ recurrence: 'monthly', dueDay: 15, startsOn: dayjs().startOf('month'), year: dayjs().year() }}
      onFinish={(v) => create.mutate(v)}
    >
      <Space wrap size="large" align="start">
        <Form.Item label="Số văn bản" name="number" rules={[{ required: true, whitespace: true, message: 'Nhập số văn bản yêu cầu báo cáo.' }]}>
          <Input maxLength={200} placeholder="2062/SKH-THQH" />
        </Form.Item>
        <Form.Item label="Cơ quan ban hành" name="issuer" rules={[{ required: true, whitespace: true, message: 'Nhập cơ quan ban hành.' }]}>
          <Input maxLength={300} style={{ width: 320 }} />
        </Form.Item>
      </Space>
      <Form.Item label="Nội dung báo cáo" name="title" rules={[{ required: true, whitespace: true, message: 'Nhập nội dung báo cáo.' }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Space wrap size="large" align="start">
        <Form.Item label="Định kỳ" name="recurrence">
          <Select style={{ width: 220 }} options={Object.entries(RECURRENCE_LABELS).map(([value, label]) => ({ value, label, title: label }))} />
        </Form.Item>
        {recurrence === 'once' ? (
          <>
            <Form.Item label="Năm" name="year" rules={required('Nhập năm.')}>
              <InputNumber min={1900} max={2200} />
            </Form.Item>
            <Form.Item label="Kỳ báo cáo" name="period" rules={required('Chọn kỳ báo cáo.')}>
              <Select style={{ width: 180 }} options={Object.entries(PERIOD_LABELS).map(([value, label]) => ({ value, label, title: label }))} />
            </Form.Item>
            <Form.Item label="Hạn gửi" name="dueDate" rules={required('Chọn hạn gửi báo cáo.')}>
              <DatePicker format={DAY_FORMAT} placeholder="dd/mm/yyyy" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item label="Hạn gửi vào ngày" name="dueDay" rules={required('Nhập ngày trong tháng.')} extra="Ngày trong tháng cuối của kỳ; quá số ngày của tháng là ngày cuối tháng.">
              <InputNumber min={1} max={31} />
            </Form.Item>
            <Form.Item label="Áp dụng từ ngày" name="startsOn" rules={required('Chọn ngày bắt đầu.')}>
              <DatePicker format={DAY_FORMAT} placeholder="dd/mm/yyyy" />
            </Form.Item>
            <Form.Item label="Đến ngày" name="endsOn" extra="Không bắt buộc.">
              <DatePicker format={DAY_FORMAT} placeholder="dd/mm/yyyy" />
            </Form.Item>
          </>
        )}
      </Space>
      <Space wrap size="large" align="start">
        <Form.Item label="Nhóm đơn vị" name="groupId" extra="Mọi đơn vị của nhóm phải báo cáo.">
          <Select
            allowClear
            style={{ width: 300 }}
            loading={groups.isPending}
            optionFilterProp="label"
            options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name, title: g.name }))}
          />
        </Form.Item>
        <Form.Item
          label="Đơn vị"
          name="departmentIds"
          dependencies={['groupId']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string[] | undefined) =>
                value?.length || getFieldValue('groupId') ? Promise.resolve() : Promise.reject(new Error('Chọn nhóm đơn vị hoặc các đơn vị phải báo cáo.')),
            }),
          ]}
        >
          <Select
            mode="multiple"
            style={{ width: 360 }}
            loading={departments.isPending}
            optionFilterProp="label"
            options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name, title: d.name }))}
          />
        </Form.Item>
      </Space>
      {refusal ? <Alert type="error" role="alert" showIcon style={{ marginBottom: 12 }} message={refusal} /> : null}
      <Space>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          Lưu
        </Button>
        <Button onClick={() => onDone(null)}>Hủy</Button>
      </Space>
    </Form>
  );
}

/** The grid of a recurring request: departments × periods. */
function SeriesGrid({ seriesId, year }: { seriesId: string; year: number }) {
  const grid = useQuery({
    queryKey: ['report-grid', seriesId, year],
    queryFn: () => unwrap(api.GET('/api/v1/report-series/{id}/grid', { params: { path: { id: seriesId }, query: { year } } })),
  });
  if (grid.error) return <Alert type="error" showIcon role="alert" message={refusalOf(grid.error).text} />;
  const periods = grid.data?.periods ?? [];
  return (
    <Table<GridRow>
      components={GRID_TABLE}
      rowKey="departmentId"
      size="small"
      loading={grid.isFetching}
      dataSource={grid.data?.rows ?? []}
      pagination={false}
      scroll={{ x: true }}
      locale={{ emptyText: `Chưa có kỳ báo cáo nào trong năm ${year}.` }}
      columns={[
        { title: 'Đơn vị', dataIndex: 'departmentName', fixed: 'left', width: 240 },
        ...periods.map((p, n) => ({
          title: (
            <>
              {PERIOD_LABELS[p.period]}/{p.year}
              <br />
              <small>hạn {formatDay(p.dueDate)}</small>
            </>
          ),
          key: p.requestId,
          width: 150,
          render: (_: unknown, row: GridRow) => {
            const cell = row.cells[n];
            if (!cell) return '';
            return (
              <>
                <StateTag state={cell.state} overdue={cell.overdue} />
                {cell.number ? (
                  <div>
                    <small>
                      {cell.number}, {formatDay(cell.issuedOn)}
                    </small>
                  </div>
                ) : null}
              </>
            );
          },
        })),
      ]}
    />
  );
}

/** One request: each department's answer; the focal point records its own department's. */
function RequestDetail({ requestId }: { requestId: string }) {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [answering, setAnswering] = useState<Answer | null>(null);
  const [form] = Form.useForm<{ number?: string; issuedOn?: Dayjs | null }>();
  const detail = useQuery({
    queryKey: ['report-requests', 'detail', requestId],
    queryFn: () => unwrap(api.GET('/api/v1/report-requests/{id}', { params: { path: { id: requestId } } })),
  });
  const save = useMutation({
    mutationFn: (v: { number?: string; issuedOn?: Dayjs | null }) =>
      unwrap(api.POST('/api/v1/report-requests/{id}/answers', { params: { path: { id: requestId } }, body: { number: v.number!.trim(), issuedOn: day(v.issuedOn)! } })),
    onSuccess: async () => {
      setAnswering(null);
      await queryClient.invalidateQueries({ queryKey: ['report-requests'] });
      await queryClient.invalidateQueries({ queryKey: ['report-grid'] });
    },
  });
  const mine = (a: Answer) => me?.role === 'focal_point' && me.departmentId === a.departmentId;
  if (detail.error) return <Alert type="error" showIcon role="alert" message={refusalOf(detail.error).text} />;
  const request = detail.data;
  return (
    <section aria-labelledby="request-heading" style={{ marginTop: 16 }}>
      <h2 id="request-heading">{request ? `${request.title} (${request.number})` : 'Yêu cầu báo cáo'}</h2>
      {request ? (
        <p>
          {request.issuer}; {PERIOD_LABELS[request.period]} năm {request.year}; hạn gửi {formatDay(request.dueDate)}. Đúng hạn {request.onTime}, trễ hạn{' '}
          {request.late}, chưa gửi {request.notYet}/{request.departments} đơn vị.
        </p>
      ) : null}
      <Table<Answer>
        components={ANSWERS_TABLE}
        rowKey="departmentId"
        size="small"
        loading={detail.isFetching}
        dataSource={request?.answers ?? []}
        pagination={false}
        columns={[
          { title: 'Đơn vị', dataIndex: 'departmentName' },
          { title: 'Số báo cáo', dataIndex: 'number', render: (n: string | null) => n ?? '' },
          { title: 'Ngày báo cáo', dataIndex: 'issuedOn', render: (d: string | null) => formatDay(d) },
          { title: 'Tình trạng', key: 'state', render: (_, a) => <StateTag state={a.state} overdue={a.overdue} /> },
          {
            title: '',
            key: 'answer',
            render: (_, a) =>
              mine(a) ? (
                <Button
                  size="small"
                  aria-label={`${a.number ? 'Sửa báo cáo' : 'Gửi báo cáo'}: ${a.departmentName}`}
                  onClick={() => {
                    save.reset();
                    form.resetFields();
                    form.setFieldsValue({ number: a.number ?? undefined, issuedOn: a.issuedOn ? dayjs(a.issuedOn) : null });
                    setAnswering(a);
                  }}
                >
                  {a.number ? 'Sửa báo cáo' : 'Gửi báo cáo'}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal open={answering !== null} title={answering ? `Báo cáo của ${answering.departmentName}` : ''} onCancel={() => setAnswering(null)} footer={null} destroyOnHidden>
        {answering ? (
          <Form form={form} layout="vertical" name="report-answer" onFinish={(v) => save.mutate(v)}>
            <Form.Item label="Số báo cáo" name="number" rules={[{ required: true, whitespace: true, message: 'Nhập số văn bản báo cáo.' }]}>
              <Input maxLength={200} placeholder="512/BC-STTTT" />
            </Form.Item>
            <Form.Item label="Ngày báo cáo" name="issuedOn" rules={[{ required: true, message: 'Chọn ngày của báo cáo.' }]}>
              <DatePicker format={DAY_FORMAT} placeholder="dd/mm/yyyy" />
            </Form.Item>
            {save.error ? <Alert type="error" showIcon role="alert" message={refusalOf(save.error).text} style={{ marginBottom: 12 }} /> : null}
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              Lưu
            </Button>
          </Form>
        ) : null}
      </Modal>
    </section>
  );
}

/**
 * /reports: the periodic reports (báo cáo định kỳ). Everyone reads the grid of a recurring
 * request (departments × periods: on time, late, not yet) and the requests of a year; the
 * secretariat defines requests; a focal point records its own department's answer.
 */
export default function ReportsPage() {
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || new Date().getFullYear();
  const [creating, setCreating] = useState(false);
  const series = useQuery({ queryKey: ['report-series'], queryFn: () => unwrap(api.GET('/api/v1/report-series')) });
  const requests = useQuery({
    queryKey: ['report-requests', 'list', year],
    queryFn: () => unwrap(api.GET('/api/v1/report-requests', { params: { query: { year } } })),
  });
  const seriesId = params.get('series') ?? series.data?.items[0]?.id ?? null;
  const requestId = params.get('request');
  const setParam = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };

  return (
    <div className="page-card reports-page">
      <h1 style={{ marginTop: 0 }}>Báo cáo định kỳ</h1>
      {me?.role === 'secretariat' ? (
        <div style={{ marginBottom: 16 }}>
          {creating ? (
            <section aria-labelledby="new-request-heading">
              <h2 id="new-request-heading">Thêm yêu cầu báo cáo</h2>
              <RequestForm
                onDone={(created) => {
                  setCreating(false);
                  if (created) setParam({ series: created });
                }}
              />
            </section>
          ) : (
            <Button type="primary" onClick={() => setCreating(true)}>
              Thêm yêu cầu báo cáo
            </Button>
          )}
        </div>
      ) : null}
      <Space wrap style={{ marginBottom: 12 }}>
        <label>
          Năm <InputNumber aria-label="Năm" min={2000} max={2100} value={year} onChange={(v) => v && setParam({ year: String(v) })} />
        </label>
      </Space>

      <section aria-labelledby="grid-heading">
        <h2 id="grid-heading">Theo dõi theo kỳ</h2>
        {series.error ? <Alert type="error" showIcon role="alert" message={refusalOf(series.error).text} /> : null}
        {series.data && !series.data.items.length ? <p>Chưa có yêu cầu báo cáo định kỳ.</p> : null}
        {series.data?.items.length ? (
          <>
            <label>
              Yêu cầu định kỳ{' '}
              <Select
                aria-label="Yêu cầu định kỳ"
                style={{ width: 520, maxWidth: '100%', marginBottom: 12 }}
                value={seriesId ?? undefined}
                options={series.data.items.map((s) => {
                  const label = `${s.number}: ${s.title} (${RECURRENCE_LABELS[s.recurrence].toLowerCase()}, hạn ngày ${s.dueDay})`;
                  return { value: s.id, label, title: label };
                })}
                onChange={(v) => setParam({ series: v })}
              />
            </label>
            {seriesId ? <SeriesGrid seriesId={seriesId} year={year} /> : null}
          </>
        ) : null}
      </section>

      <section aria-labelledby="requests-heading" style={{ marginTop: 24 }}>
        <h2 id="requests-heading">Các yêu cầu báo cáo năm {year}</h2>
        {requests.error ? <Alert type="error" showIcon role="alert" message={refusalOf(requests.error).text} /> : null}
        <Table<Request>
          components={REQUESTS_TABLE}
          rowKey="id"
          size="small"
          loading={requests.isFetching}
          dataSource={requests.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: 'Chưa có yêu cầu báo cáo.' }}
          rowClassName={(r) => (r.id === requestId ? 'ant-table-row-selected' : '')}
          columns={[
            { title: 'Số văn bản', dataIndex: 'number', width: 150 },
            {
              title: 'Nội dung',
              key: 'title',
              render: (_, r) => (
                <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} aria-label={`Xem: ${r.title}`} onClick={() => setParam({ request: r.id })}>
                  {r.title}
                </Button>
              ),
            },
            { title: 'Kỳ', key: 'period', width: 120, render: (_, r) => `${PERIOD_LABELS[r.period]}/${r.year}` },
            { title: 'Hạn gửi', dataIndex: 'dueDate', width: 110, render: (d: string) => formatDay(d) },
            { title: 'Đúng hạn', dataIndex: 'onTime', width: 90 },
            { title: 'Trễ hạn', dataIndex: 'late', width: 90 },
            { title: 'Chưa gửi', dataIndex: 'notYet', width: 90 },
          ]}
        />
      </section>
      {requestId ? <RequestDetail requestId={requestId} /> : null}
    </div>
  );
}
