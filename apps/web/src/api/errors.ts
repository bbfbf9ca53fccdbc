import { ApiFailure } from './client';

/** Vietnamese words per stable `code` of the API (its ErrorResponse in /api/docs-json). */
const CODE_WORDS: Record<string, string> = {
  UNAUTHORIZED: 'Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.',
  SESSION_ENDED: 'Phiên đăng nhập đã kết thúc. Vui lòng đăng nhập lại.',
  FORBIDDEN: 'Bạn không có quyền thực hiện thao tác này.',
  NOT_FOUND: 'Không tìm thấy.',
  TASK_NOT_FOUND: 'Không tìm thấy nhiệm vụ.',
  TASK_VERSION_STALE: 'Nhiệm vụ vừa được người khác cập nhật trước bạn.',
  VERSION_STALE: 'Dữ liệu vừa được người khác cập nhật trước bạn.',
  TASK_STATUS_NEEDS_REVIEW: 'Đơn vị không tự chuyển nhiệm vụ sang "Không thực hiện" hoặc "Thực hiện thường xuyên": cần Thường trực xem xét.',
  EXTENSION_REQUEST_DECIDED: 'Đề nghị gia hạn này đã được quyết định.',
  LOGIN_THROTTLED: 'Đăng nhập sai quá nhiều lần.',
  PASSWORD_CHANGE_REQUIRED: 'Bạn cần đổi mật khẩu trước khi tiếp tục.',
  CURRENT_PASSWORD_WRONG: 'Mật khẩu hiện tại không đúng.',
  PASSWORD_UNCHANGED: 'Mật khẩu mới phải khác mật khẩu hiện tại.',
  SUMMARY_PART_MISSING: 'Báo cáo tổng hợp này được lập trước khi có phần này: hãy lập lại báo cáo.',
  CROSS_SITE_REQUEST: 'Yêu cầu bị từ chối vì không đến từ trang này.',
  SERVICE_UNAVAILABLE: 'Máy chủ tạm thời không phục vụ được. Vui lòng thử lại sau ít phút.',
  QUERY_TIMEOUT: 'Máy chủ trả lời quá lâu. Vui lòng thử lại.',
  INTERNAL_ERROR: 'Có lỗi không mong muốn ở máy chủ.',
  DUPLICATE: 'Đã có một mục trùng (mã, tên hoặc email).',
};

/** Known refusals of the task rules (libs/tasks/src/progress/task-progress.service.ts), by the start of their message. */
const MESSAGE_WORDS: Array<[RegExp, string, string | ((match: RegExpExecArray) => string)]> = [
  [/^outputDocuments: a document .* has no number/, 'outputDocuments', 'Mỗi văn bản cần có số văn bản.'],
  [/^outputDocuments: document (.+) is already on task/, 'outputDocuments', (m) => `Văn bản số ${m[1]} đã có trong nhiệm vụ này.`],
  [/^outputDocuments: document (.+) is dated .* after today/, 'outputDocuments', (m) => `Ngày của văn bản số ${m[1]} không được sau hôm nay.`],
  [/^completedOn is required/, 'completedOn', 'Cần nhập ngày hoàn thành khi báo cáo hoàn thành.'],
  [/^completedOn .* is after today/, 'completedOn', 'Ngày hoàn thành không được sau hôm nay.'],
  [/^completedOn .* is before the plan was issued/, 'completedOn', 'Ngày hoàn thành không được trước ngày ban hành kế hoạch.'],
  [/^completedOn is only for/, 'completedOn', 'Chỉ nhập ngày hoàn thành khi trạng thái là Hoàn thành.'],
  [/^outputDocuments: completing/, 'outputDocuments', 'Cần ít nhất một văn bản (số và ngày) để báo cáo hoàn thành.'],
  [/^status: a collective task/, 'status', 'Nhiệm vụ chung theo các nhiệm vụ con: hãy cập nhật nhiệm vụ của từng đơn vị.'],
  [/^nothing to update/, 'progressNote', 'Chưa có gì thay đổi để lưu.'],
  [/^proposedDueDate .* must be after/, 'proposedDueDate', 'Thời hạn đề nghị phải sau thời hạn hiện tại.'],
  [/^reason: /, 'reason', 'Cần nêu lý do.'],
  [/already has a pending extension request/, 'proposedDueDate', 'Nhiệm vụ đã có một đề nghị gia hạn đang chờ quyết định.'],
  [/needs no extension/, 'proposedDueDate', 'Nhiệm vụ đã kết thúc, không cần gia hạn.'],
  [/^progressNote: /, 'progressNote', 'Cần nhập nội dung ý kiến.'],
  [/a coordinating department may add a progress note/, 'status', 'Đơn vị phối hợp chỉ được thêm ý kiến, không đổi trạng thái.'],
  // users, departments and groups (apps/api/src/users, apps/api/src/departments; the admin page)
  [/^a user with this email already exists/, 'email', 'Đã có người dùng với email này.'],
  [/^email must be an email/, 'email', 'Email không hợp lệ.'],
  [/^email must be shorter/, 'email', 'Email quá dài.'],
  [/^password must be longer than or equal to (\d+)/, 'password', (m) => `Mật khẩu cần ít nhất ${m[1]} ký tự.`],
  [/^password must be shorter/, 'password', 'Mật khẩu quá dài (tối đa 200 ký tự).'],
  [/^fullName must be/, 'fullName', 'Cần nhập họ và tên (tối đa 200 ký tự).'],
  [/^departmentId: a focal_point must belong/, 'departmentId', 'Tài khoản đầu mối phải thuộc một đơn vị: hãy chọn đơn vị.'],
  [/^departmentId: only a focal_point/, 'departmentId', 'Chỉ tài khoản đầu mối mới thuộc một đơn vị.'],
  [/^departmentId: unknown department/, 'departmentId', 'Không tìm thấy đơn vị này.'],
  [/^a department group with this code already exists/, 'code', 'Đã có nhóm đơn vị với mã này.'],
  [/^a department group with this name already exists/, 'name', 'Đã có nhóm đơn vị với tên này.'],
  [/^a department with this code already exists/, 'code', 'Đã có đơn vị với mã này.'],
  [/^a department with this name already exists/, 'name', 'Đã có đơn vị với tên này.'],
  [/^code must be 1/, 'code', 'Mã gồm 1–40 chữ cái không dấu, chữ số hoặc các dấu _ . -'],
  [/^name must be/, 'name', 'Cần nhập tên (tối đa 300 ký tự).'],
  [/^aliases/, 'aliases', 'Tên gọi khác: tối đa 50 tên, mỗi tên tối đa 300 ký tự.'],
  [/^departmentIds: unknown department/, 'departmentIds', 'Có đơn vị thành viên không còn tồn tại: hãy tải lại trang.'],
];

export interface Refusal {
  /** the request's field the API named, when known */
  field?: string;
  /** what to show, in Vietnamese */
  text: string;
}

/** A refusal because someone else saved first (409 `…_VERSION_STALE`): the page offers to reload. */
export function isStaleVersion(error: unknown): boolean {
  return error instanceof ApiFailure && error.status === 409 && !!error.code?.endsWith('VERSION_STALE');
}

/** What to show for a failed call, and next to which field. */
export function refusalOf(error: unknown): Refusal {
  if (!(error instanceof ApiFailure)) return { text: 'Không kết nối được máy chủ. Vui lòng thử lại.' };
  const message = typeof error.body.message === 'string' ? error.body.message : '';
  for (const [pattern, field, text] of MESSAGE_WORDS) {
    const match = pattern.exec(message);
    if (match) return { field, text: typeof text === 'string' ? text : text(match) };
  }
  const code = error.code;
  if (code && CODE_WORDS[code]) return { text: CODE_WORDS[code] };
  if (code?.endsWith('_VERSION_STALE')) return { text: CODE_WORDS.VERSION_STALE };
  if (code?.endsWith('_NOT_FOUND')) return { text: CODE_WORDS.NOT_FOUND };
  const field = /^([a-zA-Z]+)[ :]/.exec(message)?.[1];
  return { field, text: `Máy chủ từ chối: ${message || `lỗi ${error.status}`}` };
}
