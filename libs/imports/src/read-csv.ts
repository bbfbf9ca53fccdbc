import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { HEADING_SEARCH_ROWS, findHeadingRow, mapHeadings } from './columns';
import { IMPORT_LIMITS } from './import-limits';
import { ImportFileError, importLimitError } from './import-file-error';

/**
 * Excel saves "CSV" with the list separator of the machine's locale, and a Vietnamese
 * Windows uses ";" (the decimal separator is ","). So the delimiter is the one whose
 * parse of the first rows recognises the most headings.
 */
const DELIMITERS = [',', ';', '\t'];

const OPTIONS = { relax_column_count: true, relax_quotes: true, max_record_size: IMPORT_LIMITS.csvRecordChars };

/**
 * The CSV as rows of cells; row i of the result is record i + 1, as a spreadsheet shows it.
 * Parsed as a stream, record by record, so that a breach of IMPORT_LIMITS stops the parse
 * at the record that breaks it (csv-parse's max_record_size bounds a record that never ends).
 */
export async function csvGrid(text: string, name: string): Promise<string[][]> {
  const parser = parse({ ...OPTIONS, delimiter: pickDelimiter(text), skip_empty_lines: false });
  const grid: string[][] = [];
  try {
    for await (const record of Readable.from(chunks(text)).pipe(parser) as AsyncIterable<string[]>) {
      const row = grid.length + 1;
      if (row > IMPORT_LIMITS.rows) {
        throw importLimitError('IMPORT_TOO_MANY_ROWS', `"${name}" has more than ${IMPORT_LIMITS.rows} rows; a task table may have at most ${IMPORT_LIMITS.rows}`);
      }
      if (record.length > IMPORT_LIMITS.columns) {
        throw importLimitError('IMPORT_TOO_MANY_COLUMNS', `"${name}", row ${row}: ${record.length} columns; a task table may have at most ${IMPORT_LIMITS.columns}`);
      }
      const long = record.findIndex((cell) => cell.length > IMPORT_LIMITS.cellChars);
      if (long >= 0) {
        throw importLimitError('IMPORT_CELL_TOO_LONG', `"${name}", row ${row}, column ${long + 1}: ${record[long].length} characters; a cell may hold at most ${IMPORT_LIMITS.cellChars}`);
      }
      grid.push(record);
    }
  } catch (error) {
    throw csvError(error, name);
  } finally {
    parser.destroy();
  }
  return grid;
}

function* chunks(text: string, size = 64 * 1024): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

function csvError(error: unknown, name: string): Error {
  if (error instanceof ImportFileError) return error;
  if (error instanceof CsvError && error.code === 'CSV_MAX_RECORD_SIZE') {
    return importLimitError('IMPORT_ROW_TOO_LONG', `"${name}" has a row longer than ${IMPORT_LIMITS.csvRecordChars} characters (line ${(error as { lines?: number }).lines ?? '?'})`);
  }
  return new ImportFileError(`"${name}" is not a readable CSV: ${(error as Error).message}`);
}

function pickDelimiter(text: string): string {
  let best = DELIMITERS[0];
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const score = headingScore(text, delimiter);
    if (score > bestScore) [best, bestScore] = [delimiter, score];
  }
  // Nothing recognised with any delimiter: parse as plain CSV, so its own error (or the
  // missing heading) is what the user hears about.
  return bestScore > 0 ? best : ',';
}

/** The parse stops at to_line: only the first rows are read, each within max_record_size. */
function headingScore(text: string, delimiter: string): number {
  try {
    // past the column limit the whole parse refuses the file: no need to recognise 100,000 headings first
    const top = (parseSync(text, { ...OPTIONS, delimiter, to_line: HEADING_SEARCH_ROWS }) as string[][]).map((cells) => cells.slice(0, IMPORT_LIMITS.columns));
    const index = findHeadingRow(top);
    return index < 0 ? 0 : mapHeadings(top[index]).size;
  } catch {
    return -1;
  }
}
