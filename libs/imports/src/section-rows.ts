import { CanonicalColumn, TaskTableRow } from './types';

export interface TaskRowWithGroup {
  source: TaskTableRow;
  group: string | null;
}

/** Cells a task has and a section heading row does not. */
const TASK_ONLY: CanonicalColumn[] = [
  'lead',
  'coordinating',
  'deadline',
  'expectedOutput',
  'submissionLevel',
  'progress',
  'submittedDocuments',
  'issuedDocuments',
  'completedOn',
];

/**
 * Tables copied from the reports have no "Nhóm" column: sections are rows of their own
 * ("A | Phát triển nền tảng…", "I | Nhóm dự án…", "1 | Phát triển…" above "1.1"). When the
 * table has no group column, such rows are taken as headings and give the following tasks
 * their group, written like the fixtures' Nhóm ("A. … / I. …"). With a group column every
 * row is a task, and a row without a lead is an error, not a heading.
 */
export function splitSections(rows: TaskTableRow[], hasGroupColumn: boolean): TaskRowWithGroup[] {
  if (hasGroupColumn) return rows.map((source) => ({ source, group: source.cells.group ?? null }));
  const parents = new Set(rows.map((row) => (row.cells.code ?? '').match(/^(\d+)\./)?.[1]).filter(Boolean));
  const path: Array<{ level: number; text: string }> = [];
  const tasks: TaskRowWithGroup[] = [];
  for (const row of rows) {
    const level = sectionLevel(row, path, parents as Set<string>);
    if (level === null) {
      tasks.push({ source: row, group: path.map((entry) => entry.text).join(' / ') || null });
      continue;
    }
    while (path.length && path[path.length - 1].level >= level) path.pop();
    const marker = stripDot(row.cells.code ?? '');
    path.push({ level, text: marker ? `${marker}. ${row.cells.title}` : row.cells.title! });
  }
  return tasks;
}

/**
 * The level of a section heading row (−1 unnumbered, 0 letter, 1 Roman, 2 number with
 * sub-numbered tasks below it), or null for a task row.
 */
function sectionLevel(row: TaskTableRow, path: Array<{ level: number }>, parents: Set<string>): number | null {
  if (!row.cells.title || TASK_ONLY.some((column) => row.cells[column])) return null;
  const marker = stripDot(row.cells.code ?? '');
  if (!marker) return -1;
  // "I", "V", "X" are Roman numerals under a lettered section, letters otherwise.
  if (/^[IVX]$/.test(marker)) return path.some((entry) => entry.level === 0) ? 1 : 0;
  if (/^[A-Z]$/.test(marker)) return 0;
  if (/^[IVXLC]+$/.test(marker)) return 1;
  if (/^\d+$/.test(marker) && parents.has(marker)) return 2;
  return null;
}

export function stripDot(text: string): string {
  return text.trim().replace(/\s+/g, ' ').replace(/\.+$/, '');
}
