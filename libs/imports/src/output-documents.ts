import { formatVietnameseDate } from '@app/common';
import { OutputDocument } from './types';

export interface ParsedDocuments {
  documents: OutputDocument[];
  /** One message per entry that could not be read, naming it. */
  problems: string[];
}

/** Entries are separated by ";", new lines, or "- " bullets (Word lists pasted into a cell). */
const ENTRY_SEPARATOR = /\s*[;\n]\s*|(?:^|\s+)[-–•+]\s+/u;

/** A leading kind of document ("Kế hoạch số …") is allowed and dropped: the number says it. */
const KIND_WORDS =
  'công văn|kế hoạch phối hợp|kế hoạch|quyết định|tờ trình|báo cáo|thông báo|văn bản|chỉ thị|nghị quyết|giấy mời|phương án|quy chế|hướng dẫn|chương trình|đề án';

/**
 * "86/STTTT-TTBCXB ngày 10/01/2024": a number (digits, "/", then letters of the issuer,
 * Đ and Ư kept as written) and a d/m/yyyy date, optionally "số" before and a
 * "về …" subject after.
 */
const ENTRY = new RegExp(
  `^(?:(?:${KIND_WORDS})\\s+)?(?:số\\s+)?(?<number>\\d[\\p{L}\\p{N}.\\-&]*\\/[\\p{L}\\p{N}.\\-&/]*[\\p{L}\\p{N}])` +
    `\\s*,?\\s*(?:ngày\\s+)?(?<day>\\d{1,2})[/.\\-](?<month>\\d{1,2})[/.\\-](?<year>\\d{4})` +
    `(?<rest>.*)$`,
  'iu',
);
/** After the date only punctuation, or a subject "về …", "v/v …", "của …". */
const ALLOWED_REST = /^(?:[\s.,;]*|\s+(?:về|v\/v|của)\s.*)$/iu;

export const DOCUMENT_EXAMPLE = '86/STTTT-TTBCXB ngày 10/01/2024';

/** Reads a "Văn bản trình" / "Văn bản ban hành" cell into documents of the given kind. */
export function parseDocuments(cell: string | undefined, kind: OutputDocument['kind']): ParsedDocuments {
  const result: ParsedDocuments = { documents: [], problems: [] };
  for (const entry of (cell ?? '').split(ENTRY_SEPARATOR).map((part) => part.trim()).filter(Boolean)) {
    const document = parseEntry(entry, kind);
    if (typeof document === 'string') result.problems.push(document);
    else result.documents.push(document);
  }
  return result;
}

function parseEntry(entry: string, kind: OutputDocument['kind']): OutputDocument | string {
  const match = entry.match(ENTRY);
  if (!match?.groups || !ALLOWED_REST.test(match.groups.rest)) {
    return `unreadable document "${entry}": expected a number and a date, e.g. "${DOCUMENT_EXAMPLE}"`;
  }
  const { number, day, month, year } = match.groups;
  const issuedOn = isoDate(Number(year), Number(month), Number(day));
  if (!issuedOn) return `document "${entry}" has an impossible date ${day}/${month}/${year}`;
  return { number, issuedOn, kind };
}

/** YYYY-MM-DD, or null for a day that does not exist (31/02). */
export function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** How the export writes a document, in the form parseDocuments reads. */
export function formatDocument(document: OutputDocument): string {
  return `${document.number} ngày ${formatVietnameseDate(document.issuedOn)}`;
}
