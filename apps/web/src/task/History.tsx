import { Empty, Timeline } from 'antd';
import type { Schemas } from '../api/client';
import { DOCUMENT_KIND_LABELS, formatDay, formatInstant, STATUS_LABELS, TIMELINESS_LABELS } from '../labels';

export type HistoryEntry = Schemas['TaskUpdateDto'];

export const ACTION_LABELS: Record<HistoryEntry['action'], string> = {
  created: 'Tạo nhiệm vụ',
  edited: 'Sửa thông tin',
  deadline_changed: 'Đổi thời hạn',
  progress_reported: 'Cập nhật tiến độ',
  completion_confirmed: 'Xác nhận hoàn thành',
  completion_returned: 'Trả lại báo cáo hoàn thành',
  extension_requested: 'Đề nghị gia hạn',
  extension_approved: 'Chấp thuận gia hạn',
  extension_rejected: 'Không chấp thuận gia hạn',
  coordinator_note: 'Ý kiến đơn vị phối hợp',
  status_change_requested: 'Đề nghị đổi trạng thái',
  status_change_approved: 'Chấp thuận đổi trạng thái',
  status_change_rejected: 'Không chấp thuận đổi trạng thái',
  derived_from_children: 'Cập nhật theo nhiệm vụ con',
  urged: 'Đôn đốc thực hiện',
  carried_over: 'Chuyển theo dõi theo Thông báo kết luận',
};

/** Every field the API writes in a history entry's changes (tasks.service, task-progress.service), in words. */
export const FIELD_LABELS: Record<string, string> = {
  code: 'Mã',
  sourceRef: 'Số thứ tự trong văn bản',
  group: 'Nhóm nhiệm vụ',
  title: 'Nội dung',
  leadDepartmentId: 'Đơn vị chủ trì',
  coordinatingDepartmentIds: 'Đơn vị phối hợp',
  expectedOutput: 'Sản phẩm đầu ra',
  submissionLevel: 'Cấp trình',
  requiresOutputDocument: 'Cần văn bản kết quả',
  note: 'Ghi chú',
  deadlineText: 'Thời hạn (như văn bản)',
  dueDate: 'Thời hạn',
  proposedDueDate: 'Thời hạn đề nghị',
  status: 'Trạng thái',
  requestedStatus: 'Trạng thái đề nghị',
  completedOn: 'Ngày hoàn thành',
  completionConfirmed: 'Xác nhận hoàn thành',
  outputDocuments: 'Văn bản',
  progressNote: 'Kết quả thực hiện',
  timeliness: 'Tình hình thực hiện',
};

/** Fields whose values are department ids, shown by name. */
const DEPARTMENT_FIELDS = new Set(['leadDepartmentId', 'coordinatingDepartmentIds']);

/** A value of the history in words: statuses, dates and departments as the pages write them. */
function valueText(field: string, value: unknown, departmentName: (id: string | null) => string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (DEPARTMENT_FIELDS.has(field)) return (Array.isArray(value) ? value : [value]).map((id) => departmentName(String(id))).join(', ') || '—';
  if ((field === 'status' || field === 'requestedStatus') && typeof value === 'string') return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? value;
  if (field === 'timeliness' && typeof value === 'string') return TIMELINESS_LABELS[value as keyof typeof TIMELINESS_LABELS] ?? value;
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value);
  if (Array.isArray(value)) {
    return value
      .map((d: { number?: string; issuedOn?: string; kind?: 'submitted' | 'issued' }) =>
        [d.number, d.issuedOn ? `ngày ${formatDay(d.issuedOn)}` : '', d.kind ? `(${DOCUMENT_KIND_LABELS[d.kind]})` : ''].filter(Boolean).join(' '),
      )
      .join('; ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The task's history, newest first: who, when, from what to what, and the note. */
export function History({ entries, departmentName }: { entries: HistoryEntry[]; departmentName: (id: string | null) => string }) {
  const newestFirst = [...entries].sort((a, b) => Number(b.id) - Number(a.id));
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">Lịch sử cập nhật</h2>
      {newestFirst.length === 0 ? (
        <Empty description="Chưa có cập nhật." />
      ) : (
        <Timeline
          items={newestFirst.map((entry) => ({
            key: entry.id,
            color: entry.action === 'completion_returned' || entry.action === 'extension_rejected' ? 'red' : entry.action === 'completion_confirmed' ? 'green' : 'blue',
            content: (
              <div>
                <div>
                  <strong>{ACTION_LABELS[entry.action]}</strong> — {entry.actorName ?? 'Hệ thống'}
                  {entry.departmentId ? ` (${departmentName(entry.departmentId)})` : ''}, {formatInstant(entry.at)}
                </div>
                {Object.entries(entry.changes).length ? (
                  <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
                    {Object.entries(entry.changes).map(([field, change]) => (
                      <li key={field}>
                        {FIELD_LABELS[field] ?? 'Thông tin khác'}:{' '}
                        {field === 'outputDocuments' ? (
                          <>thêm {valueText(field, change.to, departmentName)}</>
                        ) : (
                          <>
                            {valueText(field, change.from, departmentName)} → {valueText(field, change.to, departmentName)}
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {entry.note ? <div style={{ whiteSpace: 'pre-wrap' }}>Ghi chú: {entry.note}</div> : null}
              </div>
            ),
          }))}
        />
      )}
    </section>
  );
}
