import { DeadlineTextError, parseDeadline } from '@app/deadlines';
import { ApiFailure, type Schemas } from '../api/client';
import { refusalOf, type Refusal } from '../api/errors';
import { formatDay } from '../labels';

export type Plan = Schemas['PlanDto'];
export type PlanKind = Plan['kind'];
export type PlanRollup = Schemas['PlanRollupDto'];
export type ImportResult = Schemas['ImportResultDto'];
export type ImportRowError = Schemas['ImportRowErrorDto'];
export type ImportedRow = Schemas['ImportedTaskRowDto'];

/** The kinds of directive documents (DOMAIN.md "Plan"). */
export const PLAN_KIND_LABELS: Record<PlanKind, string> = {
  plan: 'Kế hoạch',
  decision: 'Quyết định',
  conclusion_notice: 'Thông báo kết luận',
  directive: 'Chỉ thị / Công văn',
  other: 'Khác',
};

const RATE = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "18/66 — 27,27%": the completion as the reports print it, raw counts beside the rate. */
export function completionOf(rollup: Pick<PlanRollup, 'completed' | 'total' | 'completionRate'> | undefined): string {
  const r = rollup ?? { completed: 0, total: 0, completionRate: 0 };
  return `${r.completed}/${r.total} — ${RATE.format(r.completionRate)}%`;
}

const DEADLINE_FORMS = '30/6/2024, Trước ngày 30/6/2024, Tháng 6/2024, Quý II/2024, 6 tháng đầu năm 2024, Năm 2024, Hàng năm, Thường xuyên';

/** The parser's detail ("month must be 1–12, got 13"…) in Vietnamese. */
function deadlineDetail(message: string): string {
  let m: RegExpExecArray | null;
  if ((m = /year must be 2000–2100, got (\S+?)\)/.exec(message))) return `năm phải từ 2000 đến 2100, không phải ${m[1]}`;
  if ((m = /month must be 1–12, got (\S+?)\)/.exec(message))) return `tháng phải từ 1 đến 12, không phải ${m[1]}`;
  if ((m = /(\d+)\/(\d+) has no day (\d+)/.exec(message))) return `tháng ${m[1]}/${m[2]} không có ngày ${m[3]}`;
  if ((m = /quarter must be I–IV or 1–4, got (\S+?)\)/.exec(message))) return `quý phải là I–IV hoặc 1–4, không phải ${m[1]}`;
  return '';
}

/** Why a deadline text is refused, in Vietnamese, from the parser's (English) message. */
export function deadlineRefusal(text: string, message: string): string {
  const detail = deadlineDetail(message);
  return `Không đọc được thời hạn "${text.trim()}"${detail ? `: ${detail}` : ''}. Viết theo một trong các dạng: ${DEADLINE_FORMS}.`;
}

export type DeadlineReading =
  | { kind: 'date'; dueDate: string; text: string }
  | { kind: 'recurring'; text: string }
  | { kind: 'none'; text: string }
  | { kind: 'error'; text: string };

/**
 * A deadline as written, read as it is typed with the server's own parser (libs/deadlines): the
 * due date it means, or why it is refused. Never a guess.
 */
export function readDeadline(text: string | undefined, planYear: number): DeadlineReading {
  try {
    const parsed = parseDeadline(text ?? '', planYear);
    if (parsed.kind === 'date') {
      const day = formatDay(parsed.dueDate);
      return { kind: 'date', dueDate: parsed.dueDate, text: parsed.yearly ? `Hạn hoàn thành: ${day} (hằng năm)` : `Hạn hoàn thành: ${day}` };
    }
    if (parsed.kind === 'recurring') return { kind: 'recurring', text: 'Thực hiện thường xuyên: không có hạn hoàn thành.' };
    return { kind: 'none', text: 'Chưa có thời hạn: nhiệm vụ sẽ được đánh dấu cần bổ sung thời hạn.' };
  } catch (error) {
    if (error instanceof DeadlineTextError) return { kind: 'error', text: deadlineRefusal(error.text, error.message) };
    return { kind: 'error', text: 'Không đọc được thời hạn.' };
  }
}

/** The import's row errors (libs/imports, in English) in Vietnamese; an unknown one is kept as written. */
const IMPORT_WORDS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^unknown department "(.*)"$/, (m) => `Không tìm thấy đơn vị "${m[1]}" (theo tên hoặc tên viết tắt).`],
  [/^department "(.*)" is ambiguous: it could be (.*)$/, (m) => `Tên đơn vị "${m[1]}" chưa rõ, có thể là: ${m[2]}.`],
  [/^unreadable deadline "(.*)"/, (m) => deadlineRefusal(m[1], m.input)],
  [/^the task content is empty/, () => 'Nội dung nhiệm vụ để trống.'],
  [/^the lead department is empty/, () => 'Chưa ghi đơn vị chủ trì.'],
  [/^no department named in "(.*)"/, (m) => `Không có tên đơn vị nào trong "${m[1]}".`],
  [/^duplicate code "(.*)": rows (\d+) and (\d+)/, (m) => `Mã "${m[1]}" bị trùng ở dòng ${m[2]} và dòng ${m[3]}.`],
  [/^task (.*) already exists in plan (.*?);/, (m) => `Nhiệm vụ ${m[1]} đã có trong kế hoạch ${m[2]}.`],
  [/^completion date (\S+) is after today \((\S+)\)/, (m) => `Ngày hoàn thành ${formatDay(m[1])} sau ngày hôm nay (${formatDay(m[2])}).`],
  [/^unreadable completion date "(.*)"/, (m) => `Không đọc được ngày hoàn thành "${m[1]}" (viết theo dạng ngày/tháng/năm).`],
  [/^the task is marked completed/, () => 'Nhiệm vụ ghi là hoàn thành nhưng không có văn bản có ngày để lấy ngày hoàn thành: ghi văn bản vào cột "Văn bản trình" hoặc "Văn bản ban hành".'],
  [/^unreadable document "(.*)": expected a number and a date, e\.g\. "(.*)"/, (m) => `Không đọc được văn bản "${m[1]}": cần số và ngày văn bản, ví dụ "${m[2]}".`],
  [/^document "(.*)" has an impossible date (.*)$/, (m) => `Văn bản "${m[1]}" có ngày không tồn tại: ${m[2]}.`],
];

export function importErrorWords(message: string): string {
  for (const [pattern, words] of IMPORT_WORDS) {
    const match = pattern.exec(message);
    if (match) return words(match);
  }
  return message;
}

/** A refused import file (not a row): the reason in Vietnamese where known. */
export function importRefusal(error: unknown): string {
  if (error instanceof ApiFailure) {
    const message = typeof error.body.message === 'string' ? error.body.message : '';
    const missing = /is missing the required columns? (.*)$/.exec(message);
    if (missing) return `Tệp thiếu cột bắt buộc: ${missing[1].replace(/ \([^)]*\)/g, '')}.`;
    if (/^file: attach/.test(message)) return 'Chọn tệp CSV hoặc XLSX để nhập.';
    if (error.status === 413) return `Tệp vượt giới hạn cho phép: ${message}`;
    if (error.status === 429) return 'Máy chủ đang đọc nhiều tệp cùng lúc. Vui lòng thử lại sau ít phút.';
  }
  return refusalOf(error).text;
}

/** Refusals of POST/PATCH /tasks (libs/tasks/src/tasks.service.ts), next to their field. */
export function taskRefusal(error: unknown): Refusal {
  if (error instanceof ApiFailure) {
    const message = typeof error.body.message === 'string' ? error.body.message : '';
    let m: RegExpExecArray | null;
    if ((m = /^task code (.*) already exists in this plan/.exec(message))) return { field: 'code', text: `Mã ${m[1]} đã có trong kế hoạch này.` };
    if ((m = /^deadlineText[^:]*: deadline "(.*)" is not a recognised deadline/.exec(message))) return { field: 'deadlineText', text: deadlineRefusal(m[1], message) };
    if (/give exactly one of leadDepartmentId and leadGroupId/.test(message)) return { field: 'lead', text: 'Chọn một đơn vị chủ trì hoặc một nhóm đơn vị.' };
    if (/^leadDepartmentId: a collective task/.test(message)) return { field: 'lead', text: 'Nhiệm vụ chung do nhóm đơn vị chủ trì: không đổi sang một đơn vị.' };
    if (/part of a collective task/.test(message)) return { text: 'Nhiệm vụ này thuộc một nhiệm vụ chung: hãy sửa đơn vị chủ trì hoặc thời hạn ở nhiệm vụ chung.' };
    if (/^planId: unknown plan/.test(message)) return { text: 'Không tìm thấy kế hoạch.' };
  }
  const refusal = refusalOf(error);
  if (refusal.field === 'leadDepartmentId' || refusal.field === 'leadGroupId') return { ...refusal, field: 'lead' };
  return refusal;
}

/** Refusals of POST/PATCH /plans, next to their field. */
export function planRefusal(error: unknown): Refusal {
  if (error instanceof ApiFailure) {
    const message = typeof error.body.message === 'string' ? error.body.message : '';
    const m = /^plan (.*) of (.*) in (\d+) already exists/.exec(message);
    if (m) return { field: 'number', text: `Văn bản số ${m[1]} của ${m[2]} năm ${m[3]} đã có.` };
  }
  return refusalOf(error);
}
