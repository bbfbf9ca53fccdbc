import { EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS, IMPORT_LIMITS } from './import-limits';
import { ImportFileError, importLimitError } from './import-file-error';

/**
 * exceljs turns ranges into cells: a merge creates every cell it covers, a data validation
 * is copied to every address of its range, a column range becomes one object per column.
 * So a few bytes of sheet XML (`<mergeCell ref="A1:XFD1048576"/>`) cost billions of objects.
 * Before exceljs sees a sheet, this refuses the absurd and bounds the rest:
 * - the used range is the rectangle of cells that hold a value; past the row or column
 *   limits the file is refused here, before parsing;
 * - a merge or validation range wider than the column limit, or outside Excel's grid, is
 *   refused (no task table has one); otherwise merges are clipped to the used range (a
 *   merge there still hides data, and read-xlsx refuses it below the heading);
 * - data validations are removed once checked: the import never reads them;
 * - `<col min max>` is clipped to Excel's 16,384 columns.
 * Only unprefixed elements matter: exceljs's parser knows no others.
 */
export function boundSheetXml(xml: string, path: string, name: string): string {
  const where = `"${name}" (${path.replace(/^.*\//, '')})`;
  const used = usedRange(xml, where);
  let mergedCells = 0;
  return xml
    .replace(/<mergeCell\b([^>]*?)\/?>(?:<\/mergeCell>)?/g, (element, attributes: string) => {
      const ref = attribute(attributes, 'ref');
      if (!ref) return '';
      const clipped = clip(refuseAbsurd(parseRange(ref, where), ref, 'merge', where), used);
      if (!clipped) return '';
      mergedCells += (clipped.bottom - clipped.top + 1) * (clipped.right - clipped.left + 1);
      if (mergedCells > IMPORT_LIMITS.mergedCells) {
        throw importLimitError('IMPORT_RANGE_TOO_LARGE', `${where}: merged cells cover more than ${IMPORT_LIMITS.mergedCells} cells`);
      }
      return `<mergeCell ref="${rangeText(clipped)}"/>`;
    })
    .replace(/<dataValidation\b([^>]*?)>/g, (element, attributes: string) => {
      for (const ref of (attribute(attributes, 'sqref') ?? '').split(/\s+/).filter(Boolean)) {
        refuseAbsurd(parseRange(ref, where), ref, 'data validation', where);
      }
      return element;
    })
    .replace(/<dataValidations\b[^>]*?\/>|<dataValidations\b[\s\S]*?<\/dataValidations>/g, '')
    .replace(/<col\b([^>]*?)(\/?)>/g, (element, attributes: string, close: string) => {
      const bounded = attributes.replace(/\b(min|max)\s*=\s*["'](\d+)["']/g, (_, key: string, value: string) => `${key}="${Math.min(Number(value), EXCEL_MAX_COLUMNS)}"`);
      return `<col${bounded}${close}>`;
    });
}

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * The rows and columns that hold a value (`<c>` with a `<v>` or `<is>`). A cell without an
 * address (allowed, rarely written) makes the range unknown: then the limits themselves bound it.
 */
function usedRange(xml: string, where: string): Range {
  const range: Range = { top: 1, left: 1, bottom: 0, right: 0 };
  const cell = /<c\b([^>]*?)(\/?)>/g;
  for (let match = cell.exec(xml); match; match = cell.exec(xml)) {
    if (match[2] === '/') continue; // <c r="A1" s="3"/>: formatting only
    const end = xml.indexOf('</c>', cell.lastIndex);
    const content = xml.slice(cell.lastIndex, end < 0 ? undefined : end);
    if (!/<(v|is)\b/.test(content)) continue;
    const ref = /^([A-Z]{1,3})(\d{1,7})$/.exec(attribute(match[1], 'r') ?? '');
    if (!ref) return { top: 1, left: 1, bottom: IMPORT_LIMITS.rows, right: IMPORT_LIMITS.columns };
    const row = Number(ref[2]);
    const column = columnNumber(ref[1]);
    if (row > IMPORT_LIMITS.rows) throw importLimitError('IMPORT_TOO_MANY_ROWS', `${where}: cell ${ref[0]} is past row ${IMPORT_LIMITS.rows}; a task table may have at most ${IMPORT_LIMITS.rows} rows`);
    if (column > IMPORT_LIMITS.columns) throw importLimitError('IMPORT_TOO_MANY_COLUMNS', `${where}: cell ${ref[0]} is past column ${IMPORT_LIMITS.columns}; a task table may have at most ${IMPORT_LIMITS.columns} columns`);
    if (row > range.bottom) range.bottom = row;
    if (column > range.right) range.right = column;
    cell.lastIndex = end < 0 ? xml.length : end;
  }
  return range;
}

function parseRange(ref: string, where: string): Range {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/.exec(ref);
  if (!match) throw new ImportFileError(`${where}: the range "${ref.slice(0, 40)}" is not a cell range`);
  const [a, b] = [columnNumber(match[1]), columnNumber(match[3] ?? match[1])];
  const [r1, r2] = [Number(match[2]), Number(match[4] ?? match[2])];
  return { top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: Math.min(a, b), right: Math.max(a, b) };
}

/** Wider than any task table, or outside Excel's grid: not a layout, an attack or a broken file. */
function refuseAbsurd(range: Range, ref: string, what: string, where: string): Range {
  const width = range.right - range.left + 1;
  if (range.top < 1 || range.left < 1 || range.bottom > EXCEL_MAX_ROWS || range.right > EXCEL_MAX_COLUMNS) {
    throw importLimitError('IMPORT_RANGE_TOO_LARGE', `${where}: the ${what} ${ref} lies outside Excel's grid`);
  }
  if (width > IMPORT_LIMITS.columns) {
    throw importLimitError('IMPORT_RANGE_TOO_LARGE', `${where}: the ${what} ${ref} spans ${width} columns; a range may span at most ${IMPORT_LIMITS.columns}`);
  }
  return range;
}

/** The part of a range inside the used range, or null when none is. */
function clip(range: Range, used: Range): Range | null {
  const clipped = { top: range.top, left: range.left, bottom: Math.min(range.bottom, used.bottom), right: Math.min(range.right, used.right) };
  return clipped.bottom < clipped.top || clipped.right < clipped.left ? null : clipped;
}

function rangeText(range: Range): string {
  return `${columnLetters(range.left)}${range.top}:${columnLetters(range.right)}${range.bottom}`;
}

function attribute(attributes: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${key}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return match ? (match[1] ?? match[2]) : undefined;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}

function columnLetters(n: number): string {
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}
