import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Space, Table, type TableColumnsType } from 'antd';
import { useId, useState } from 'react';
import { api, ApiFailure, unwrap } from '../api/client';
import { formatDay, STATUS_LABELS } from '../labels';
import { leadOf, useDepartmentNames } from '../reference/names';
import { importErrorWords, importRefusal, type ImportedRow, type ImportResult, type ImportRowError } from './words';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** POST /plans/:id/imports with the file; a real run refused for its rows answers 400 with the same body as a dry run. */
async function sendImport(planId: string, file: File, dryRun: boolean, update: boolean): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  try {
    return await unwrap(
      api.POST('/api/v1/plans/{id}/imports', {
        params: { path: { id: planId }, query: { dryRun, update } },
        body: { file: '' },
        bodySerializer: () => form,
      }),
    );
  } catch (error) {
    const body = error instanceof ApiFailure ? (error.body as Partial<ImportResult>) : undefined;
    if (body && Array.isArray(body.errors) && Array.isArray(body.rows)) return body as ImportResult;
    throw error;
  }
}

/**
 * The import of a task table (secretariat): choose a CSV or XLSX file, `Kiểm tra` answers what
 * would be created and every error (row, column, reason) and writes nothing; `Nhập` imports all
 * rows or none, and only after a clean check of the same file.
 */
export function ImportPanel({ planId, onImported, onClose }: { planId: string; onImported: (count: number) => void; onClose: () => void }) {
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [update, setUpdate] = useState(false);
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const nameOf = useDepartmentNames();

  const dryRun = useMutation({
    mutationFn: () => sendImport(planId, file!, true, update),
    onMutate: () => {
      setChecked(null);
      setRefusal(null);
    },
    onSuccess: (result) => setChecked(result),
    onError: (error) => setRefusal(importRefusal(error)),
  });
  const run = useMutation({
    mutationFn: () => sendImport(planId, file!, false, update),
    onMutate: () => setRefusal(null),
    onSuccess: (result) => {
      if (result.errors.length) {
        // the file changed under us or the plan did: nothing was written; show why
        setChecked(result);
        return;
      }
      onImported(result.rows.length);
    },
    onError: (error) => setRefusal(importRefusal(error)),
  });

  const choose = (next: File | null) => {
    setFile(next);
    setChecked(null);
    setRefusal(null);
  };

  const errorColumns: TableColumnsType<ImportRowError> = [
    { title: 'Dòng', dataIndex: 'row', key: 'row', width: 80 },
    { title: 'Cột', dataIndex: 'column', key: 'column', width: 180 },
    { title: 'Lỗi', key: 'message', render: (_, e) => importErrorWords(e.message) },
  ];
  const rowColumns: TableColumnsType<ImportedRow> = [
    { title: 'Dòng', dataIndex: 'row', key: 'row', width: 70 },
    { title: 'Mã', dataIndex: 'code', key: 'code', width: 80 },
    { title: 'Mục', key: 'group', width: 200, responsive: ['lg'], render: (_, r) => r.group ?? '' },
    { title: 'Nhiệm vụ', dataIndex: 'title', key: 'title' },
    { title: 'Đơn vị chủ trì', key: 'lead', width: 200, render: (_, r) => leadOf(r, nameOf) },
    {
      title: 'Thời hạn',
      key: 'deadline',
      width: 140,
      render: (_, r) => (
        <>
          {r.deadlineText ? <div>{r.deadlineText}</div> : null}
          {r.dueDate ? <div>{formatDay(r.dueDate)}</div> : null}
        </>
      ),
    },
    { title: 'Trạng thái', key: 'status', width: 130, render: (_, r) => STATUS_LABELS[r.status as keyof typeof STATUS_LABELS] ?? r.status },
  ];

  const canImport = !!file && !!checked && checked.dryRun && checked.errors.length === 0 && checked.rows.length > 0;

  return (
    <section className="import-panel" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Nhập nhiệm vụ từ tệp</h2>
      <p>
        Tệp CSV (UTF-8) hoặc Excel (XLSX) có dòng tiêu đề gồm ít nhất các cột <strong>Nội dung nhiệm vụ</strong> và{' '}
        <strong>Đơn vị chủ trì</strong>; thường có thêm STT, Nhóm, Thời hạn, Đơn vị phối hợp, Kết quả thực hiện. Bấm «Kiểm tra» để xem trước; tệp
        chỉ được nhập khi không còn lỗi, và nhập tất cả hoặc không nhập dòng nào.
      </p>
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <label htmlFor={inputId}>Tệp nhiệm vụ (CSV hoặc XLSX)</label>
        <input id={inputId} type="file" accept={ACCEPT} onChange={(e) => choose(e.target.files?.[0] ?? null)} />
        <Checkbox
          checked={update}
          onChange={(e) => {
            setUpdate(e.target.checked);
            setChecked(null);
          }}
        >
          Cập nhật nhiệm vụ đã có (cùng mã)
        </Checkbox>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button onClick={() => dryRun.mutate()} disabled={!file} loading={dryRun.isPending}>
          Kiểm tra
        </Button>
        <Button type="primary" onClick={() => run.mutate()} disabled={!canImport} loading={run.isPending}>
          Nhập
        </Button>
        <Button onClick={onClose}>Đóng</Button>
      </Space>
      {refusal ? <Alert type="error" showIcon role="alert" message={refusal} style={{ marginBottom: 12 }} /> : null}
      {checked ? (
        <div aria-live="polite">
          {checked.errors.length ? (
            <>
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                message={`Tệp có ${checked.errors.length} lỗi: chưa nhập được. Sửa tệp theo bảng dưới đây rồi kiểm tra lại.`}
              />
              <h3 id={`${inputId}-errors`}>Lỗi của tệp</h3>
              <Table<ImportRowError>
                rowKey={(e) => `${e.row}|${e.column}|${e.message}`}
                size="small"
                columns={errorColumns}
                dataSource={checked.errors}
                pagination={checked.errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              />
            </>
          ) : (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              message={checked.rows.length ? `Tệp hợp lệ: ${checked.rows.length} nhiệm vụ sẽ được nhập. Bấm «Nhập» để nhập.` : 'Tệp không có nhiệm vụ nào.'}
            />
          )}
          <h3 id={`${inputId}-rows`}>Nhiệm vụ sẽ được tạo ({checked.rows.length})</h3>
          <Table<ImportedRow>
            rowKey={(r) => `${r.row}|${r.code}`}
            size="small"
            columns={rowColumns}
            dataSource={checked.rows}
            pagination={checked.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          />
        </div>
      ) : null}
    </section>
  );
}
