import { formatVietnameseDate } from '@app/common';

/**
 * What people read, in Vietnamese (DOMAIN.md "Text"): the notices of the morning run and
 * its e-mail. Pure functions of the rows the run found.
 */
export interface DueTask {
  taskId: string;
  code: string;
  title: string;
  planNumber: string;
  departmentName: string;
  dueDate: string;
  rule: string;
  /** Negative: days overdue. */
  daysLeft: number;
}

export interface UnreadNotice {
  title: string;
  /** YYYY-MM-DD in the business time zone. */
  day: string;
}

/** The kinds of the morning run's notices (the e-mail lists these itself, not again as unread). */
export const REMINDER_KINDS = { near: 'deadline_near', passed: 'deadline_passed', digest: 'overdue_digest', coordination: 'coordination_digest' } as const;

/** The longest task content quoted in a notice or an e-mail line; plans hold whole paragraphs. */
const TITLE_MAX = 200;
/** Lines of the secretariat's digest notice; the rest is counted. */
const DIGEST_LINES = 50;
/** Unread notices listed in the e-mail; the rest is counted. */
export const UNREAD_LINES = 10;

export function shorten(text: string, max = TITLE_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** "còn 3 ngày", "đến hạn hôm nay", "quá hạn 8 ngày". */
export function daysPhrase(daysLeft: number): string {
  if (daysLeft > 0) return `còn ${daysLeft} ngày`;
  if (daysLeft === 0) return 'đến hạn hôm nay';
  return `quá hạn ${-daysLeft} ngày`;
}

/** `Nhiệm vụ 2 "Xây dựng…" (30/KH-BCĐCĐS)` */
function taskRef(task: DueTask): string {
  return `Nhiệm vụ ${task.code} "${shorten(task.title)}" (${task.planNumber})`;
}

/** One line of a list: the task, its lead department, its deadline and how far it is. */
export function taskLine(task: DueTask): string {
  return `${taskRef(task)}, ${task.departmentName} chủ trì: hạn ${formatVietnameseDate(task.dueDate)}, ${daysPhrase(task.daysLeft)}`;
}

export function reminderNotice(task: DueTask): { kind: string; title: string; body: string } {
  const overdue = task.daysLeft < 0;
  const title =
    task.daysLeft > 0
      ? `Nhiệm vụ ${task.code} còn ${task.daysLeft} ngày đến hạn`
      : task.daysLeft === 0
        ? `Nhiệm vụ ${task.code} đến hạn hôm nay`
        : `Nhiệm vụ ${task.code} quá hạn ${-task.daysLeft} ngày`;
  const ask = overdue
    ? 'Đề nghị đơn vị báo cáo kết quả thực hiện hoặc đề nghị gia hạn.'
    : 'Đề nghị đơn vị khẩn trương thực hiện và cập nhật kết quả.';
  return {
    kind: overdue ? REMINDER_KINDS.passed : REMINDER_KINDS.near,
    title,
    body: `${taskRef(task)} có hạn ${formatVietnameseDate(task.dueDate)}, ${daysPhrase(task.daysLeft)}. ${ask}`,
  };
}

/** The secretariat's one notice of the morning: every task the run found overdue. */
export function overdueDigestNotice(tasks: DueTask[], asOf: string): { kind: string; title: string; body: string } {
  const lines = tasks.slice(0, DIGEST_LINES).map((t) => `- ${taskLine(t)}.`);
  if (tasks.length > DIGEST_LINES) lines.push(`… và ${tasks.length - DIGEST_LINES} nhiệm vụ khác.`);
  return {
    kind: REMINDER_KINDS.digest,
    title: `${tasks.length} nhiệm vụ quá hạn ngày ${formatVietnameseDate(asOf)}`,
    body: `Tính đến ngày ${formatVietnameseDate(asOf)}, các nhiệm vụ sau đã quá hạn:\n${lines.join('\n')}`,
  };
}

export interface MorningEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * One user's e-mail of the morning: its tasks grouped overdue / due soon (most urgent
 * first), then its notices still unread.
 */
export function morningEmail(input: {
  fullName: string;
  asOf: string;
  tasks: DueTask[];
  unread: UnreadNotice[];
  unreadTotal: number;
  /** Tasks the user's department coordinates (phối hợp) that a rule fires for: information, after its own. */
  coordinated?: DueTask[];
}): MorningEmail {
  const day = formatVietnameseDate(input.asOf);
  const byUrgency = [...input.tasks].sort((a, b) => a.daysLeft - b.daysLeft || a.code.localeCompare(b.code, 'vi'));
  const sections: { heading: string; lines: string[] }[] = [];
  const overdue = byUrgency.filter((t) => t.daysLeft < 0);
  const soon = byUrgency.filter((t) => t.daysLeft >= 0);
  if (overdue.length) sections.push({ heading: `Nhiệm vụ quá hạn (${overdue.length})`, lines: overdue.map(taskLine) });
  if (soon.length) sections.push({ heading: `Nhiệm vụ sắp đến hạn (${soon.length})`, lines: soon.map(taskLine) });
  const coordinated = input.coordinated ?? [];
  if (coordinated.length) {
    const lines = [...coordinated].sort((a, b) => a.daysLeft - b.daysLeft || a.code.localeCompare(b.code, 'vi')).map(taskLine);
    sections.push({ heading: `Nhiệm vụ đơn vị phối hợp, để biết (${coordinated.length})`, lines });
  }
  if (input.unreadTotal) {
    const lines = input.unread.map((n) => `${n.title} (${formatVietnameseDate(n.day)})`);
    if (input.unreadTotal > input.unread.length) lines.push(`… và ${input.unreadTotal - input.unread.length} thông báo khác`);
    sections.push({ heading: `Thông báo chưa đọc (${input.unreadTotal})`, lines });
  }
  const greeting = `Kính gửi ${input.fullName},`;
  const intro =
    `Tính đến ngày ${day}, có ${input.tasks.length} nhiệm vụ cần chú ý` +
    (coordinated.length ? ` và ${coordinated.length} nhiệm vụ đơn vị phối hợp (để biết; đơn vị chủ trì báo cáo kết quả):` : ':');
  const footer = 'Thư tự động của hệ thống theo dõi nhiệm vụ Ban Chỉ đạo; vui lòng không trả lời thư này.';
  const text = [
    greeting,
    '',
    intro,
    ...sections.flatMap((s) => ['', s.heading.toUpperCase(), ...s.lines.map((l) => `- ${l}`)]),
    '',
    footer,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body style="font-family: Arial, sans-serif">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    ...sections.map((s) => `<h3>${escapeHtml(s.heading)}</h3><ul>${s.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`),
    `<p style="color:#666">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  const subject = input.tasks.length || !coordinated.length
    ? `[Ban Chỉ đạo] ${input.tasks.length} nhiệm vụ cần chú ý ngày ${day}`
    : `[Ban Chỉ đạo] ${coordinated.length} nhiệm vụ đơn vị phối hợp cần chú ý ngày ${day}`;
  return { subject, text, html };
}
