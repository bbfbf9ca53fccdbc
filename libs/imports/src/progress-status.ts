import { TaskStatus } from './types';

export interface ProgressReading {
  status: TaskStatus;
  progressNote: string | null;
}

/** How each status is written in a progress cell, and what the export writes. */
export const STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: 'Chưa thực hiện',
  in_progress: 'Đang thực hiện',
  completed: 'Hoàn thành',
  recurring: 'Thường xuyên',
  blocked: 'Vướng mắc',
  cancelled: 'Không thực hiện',
};

/** The end of a bare status word: end of text, or punctuation before a detail ("Hoàn thành: …"). */
const END = String.raw`(?=\s*$|\s*[:.;,(\-–])`;

/**
 * Phrases at the start of a progress cell, tried in order. A `bare` phrase is the status
 * itself: the note is whatever detail follows it. Otherwise the phrase describes the work
 * ("Đang dự thảo"), so the whole text is kept as the note.
 * "Hoàn thành" counts only as a bare word (or "hoàn thành đúng hạn"): "Hoàn thành dự thảo"
 * finishes a draft, not the task.
 */
const PHRASES: Array<{ pattern: RegExp; status: TaskStatus; bare: boolean }> = [
  { pattern: new RegExp(String.raw`^(?:da\s+)?hoan\s+thanh` + END), status: 'completed', bare: true },
  { pattern: /^(?:da\s+)?hoan\s+thanh\s+(?:dung|truoc|tre|cham)\s+(?:han|tien\s+do)/, status: 'completed', bare: false },
  { pattern: new RegExp(String.raw`^dang\s+thuc\s+hien` + END), status: 'in_progress', bare: true },
  { pattern: /^dang\s+/, status: 'in_progress', bare: false }, // đang dự thảo / triển khai / xây dựng…
  { pattern: new RegExp(String.raw`^(?:thuc\s+hien\s+)?thuong\s+xuyen` + END), status: 'recurring', bare: true },
  { pattern: /^(?:thuc\s+hien\s+)?thuong\s+xuyen/, status: 'recurring', bare: false },
  { pattern: new RegExp(String.raw`^chua\s+(?:thuc\s+hien|trien\s+khai)` + END), status: 'not_started', bare: true },
  { pattern: /^chua\s+(?:thuc\s+hien|trien\s+khai)/, status: 'not_started', bare: false },
  { pattern: new RegExp(String.raw`^(?:vuong\s+mac|cho\s+huong\s+dan)` + END), status: 'blocked', bare: true },
  { pattern: /^(?:vuong\s+mac|cho\s+(?:huong\s+dan|y\s+kien|phe\s+duyet))/, status: 'blocked', bare: false },
  { pattern: new RegExp(String.raw`^(?:khong\s+thuc\s+hien|dừng(?:\s+thuc\s+hien)?)` + END), status: 'cancelled', bare: true },
  { pattern: /^(?:khong\s+thuc\s+hien|dừng\s+)/, status: 'cancelled', bare: false },
];

/**
 * Reads a "Tiến độ" / "Kết quả thực hiện" cell. Empty is not started. A free-text result
 * that starts with none of the phrases ("Sở đã ban hành Kế hoạch số …") means work is
 * under way, so it is in progress with the text as its note: reporting a result is not
 * reporting completion, and only the secretariat should call a task done.
 */
export function parseProgress(text: string | undefined | null): ProgressReading {
  const original = (text ?? '').normalize('NFC').trim();
  if (!original) return { status: 'not_started', progressNote: null };
  const folded = foldKeepingLength(original);
  for (const { pattern, status, bare } of PHRASES) {
    const match = folded.match(pattern);
    if (!match) continue;
    if (!bare) return { status, progressNote: original };
    const detail = original.slice(match[0].length).replace(/^[\s:.;,\-–]+/, '').trim();
    return { status, progressNote: detail || null };
  }
  return { status: 'in_progress', progressNote: original };
}

/** What the export writes so that parseProgress gives back the same status and note. */
export function progressCell(status: TaskStatus, note: string | null): string {
  const candidates = note
    ? [note, `${STATUS_LABELS[status]}: ${note}`]
    : [status === 'not_started' ? '' : STATUS_LABELS[status]];
  const exact = candidates.find((cell) => {
    const reading = parseProgress(cell);
    return reading.status === status && reading.progressNote === note;
  });
  return exact ?? candidates[candidates.length - 1];
}

/**
 * Lower case without diacritics, one character for one, so a match on the folded text
 * cuts the original at the same place. "Dừng" keeps its marks: folded it would be
 * "dung", like "đúng" (on time).
 */
function foldKeepingLength(text: string): string {
  return Array.from(text.normalize('NFC'), (char) => {
    const lower = char.toLowerCase();
    if (lower === 'ừ') return lower;
    const folded = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
    return folded.length === 1 ? folded : lower;
  }).join('');
}
