import { foldVietnamese } from '@app/common/plain';
import { CanonicalColumn } from './types';

/**
 * Heading patterns, tried in order on the folded heading (no diacritics, lower case,
 * punctuation as spaces). Order matters: "Cấp trình, ban hành" must be taken as the
 * submission level before "… ban hành" could be read as issued documents, and
 * "STT theo Quyết định 36" before plain "STT".
 */
const HEADING_PATTERNS: Array<[CanonicalColumn, RegExp]> = [
  ['sourceRef', /^(stt|tt|so tt|so thu tu) theo\b/],
  ['code', /^(stt|tt|so tt|so thu tu|thu tu)$/],
  ['submissionLevel', /^cap trinh\b/],
  ['expectedOutput', /^san pham\b/],
  ['submittedDocuments', /\bvan ban trinh\b/],
  ['issuedDocuments', /\bvan ban\b.*\bban hanh\b/],
  ['completedOn', /^ngay hoan thanh\b/],
  ['assignedOn', /^(ngay giao|thoi diem giao)\b/],
  ['progress', /^(tien do|ket qua thuc hien|ket qua|tinh hinh thuc hien)\b/],
  ['deadline', /^(thoi han|thoi gian hoan thanh|thoi gian thuc hien)\b/],
  ['lead', /\bchu tri\b/],
  ['coordinating', /\bphoi hop\b/],
  ['title', /^(noi dung|ten nhiem vu|nhiem vu|ten du an)\b/],
  ['group', /^(nhom|linh vuc)\b/],
  ['note', /^ghi chu\b/],
];

export const REQUIRED_COLUMNS: CanonicalColumn[] = ['title', 'lead'];

/** What a user should call each required column in an error message. */
export const COLUMN_LABELS: Partial<Record<CanonicalColumn, string>> = {
  title: '"Nội dung nhiệm vụ" (task content)',
  lead: '"Đơn vị chủ trì" (lead department)',
};

export function recogniseHeading(text: string): CanonicalColumn | null {
  const folded = foldVietnamese(text).replace(/[^a-z0-9]+/g, ' ').trim();
  if (!folded) return null;
  for (const [column, pattern] of HEADING_PATTERNS) if (pattern.test(folded)) return column;
  return null;
}

/** Column index of each canonical column in a heading row; the first of two alike wins. */
export function mapHeadings(cells: string[]): Map<CanonicalColumn, number> {
  const found = new Map<CanonicalColumn, number>();
  cells.forEach((cell, index) => {
    const column = recogniseHeading(cell);
    if (column && !found.has(column)) found.set(column, index);
  });
  return found;
}

/** How many rows from the top may hold the heading (title rows above it are common). */
export const HEADING_SEARCH_ROWS = 10;

/**
 * The heading row among the first rows: the one recognising most columns (at least two,
 * so a title like "Kết quả thực hiện…" is not taken for a heading). -1 when none qualifies.
 */
export function findHeadingRow(grid: string[][]): number {
  let best = -1;
  let bestScore = 1;
  grid.slice(0, HEADING_SEARCH_ROWS).forEach((cells, index) => {
    const score = mapHeadings(cells).size;
    if (score > bestScore) [best, bestScore] = [index, score];
  });
  return best;
}

/** The heading of a table: one row, or two when the report splits a heading over two rows. */
export interface Heading {
  /** Index in the grid of the first and last heading rows. */
  first: number;
  last: number;
  /** The heading text of each column. */
  cells: string[];
}

/**
 * Finds the heading. Reports often split it over two rows ("Kết quả thực hiện" above
 * "Tiến độ thực hiện | Số, ngày văn bản trình…"): when the row below the heading holds
 * only headings, each column takes the lower heading where it is one, else the upper.
 */
export function locateHeading(grid: string[][]): Heading | null {
  const first = findHeadingRow(grid);
  if (first < 0) return null;
  const top = grid[first];
  const below = grid[first + 1] ?? [];
  if (!isSubHeading(below, top)) return { first, last: first, cells: top };
  const width = Math.max(top.length, below.length);
  const cells = Array.from({ length: width }, (_, i) => (recogniseHeading(below[i] ?? '') ? below[i] : (top[i] ?? '')));
  return { first, last: first + 1, cells };
}

/**
 * A second heading row holds only headings, and adds a column the first lacks (so a
 * section row like "Nhiệm vụ trọng tâm", which reads as a heading, is not one).
 */
function isSubHeading(below: string[], top: string[]): boolean {
  const filled = below.filter((cell) => cell && cell.trim());
  if (filled.length === 0 || !filled.every((cell) => recogniseHeading(cell) !== null)) return false;
  const above = mapHeadings(top);
  return [...mapHeadings(below).keys()].some((column) => !above.has(column));
}
