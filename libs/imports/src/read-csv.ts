import { parse } from 'csv-parse/sync';
import { HEADING_SEARCH_ROWS, findHeadingRow, mapHeadings } from './columns';
import { ImportFileError } from './import-file-error';

/**
 * Excel saves "CSV" with the list separator of the machine's locale, and a Vietnamese
 * Windows uses ";" (the decimal separator is ","). So the delimiter is the one whose
 * parse of the first rows recognises the most headings.
 */
const DELIMITERS = [',', ';', '\t'];

/** The CSV as rows of cells; row i of the result is record i + 1, as a spreadsheet shows it. */
export function csvGrid(text: string, name: string): string[][] {
  const delimiter = pickDelimiter(text);
  try {
    return parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw new ImportFileError(`"${name}" is not a readable CSV: ${(error as Error).message}`);
  }
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

function headingScore(text: string, delimiter: string): number {
  try {
    const top = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, to_line: HEADING_SEARCH_ROWS }) as string[][];
    const index = findHeadingRow(top);
    return index < 0 ? 0 : mapHeadings(top[index]).size;
  } catch {
    return -1;
  }
}
