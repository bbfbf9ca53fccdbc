import * as iconv from 'iconv-lite';
import { ImportFileError } from './import-file-error';

/**
 * Tells XLSX from text by content, never by name: a renamed PDF is still a PDF.
 * Known binary formats get a message that says what the file is.
 */
export function detectFormat(buffer: Buffer, name: string): 'xlsx' | 'text' {
  if (buffer.length === 0) throw new ImportFileError(`"${name}" is empty`);
  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) return zipKind(buffer, name);
  const known = KNOWN_BINARIES.find(([signature]) => startsWith(buffer, signature));
  if (known) throw notATable(name, known[1]);
  if (startsWith(buffer, [0xff, 0xfe]) || startsWith(buffer, [0xfe, 0xff])) {
    throw new ImportFileError(`"${name}" is UTF-16 text (Excel's "Unicode Text"); save it as CSV UTF-8 or XLSX`);
  }
  if (buffer.subarray(0, 8192).includes(0)) throw notATable(name, 'a binary file');
  return 'text';
}

const KNOWN_BINARIES: Array<[number[], string]> = [
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Office 97–2003 file (.xls or .doc)'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'an RTF document'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
];

function notATable(name: string, what: string): ImportFileError {
  return new ImportFileError(`"${name}" is ${what}, not a CSV or XLSX table; save the table as .xlsx or as CSV UTF-8`);
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((byte, i) => buffer[i] === byte);
}

/** A ZIP is an XLSX only if it holds a workbook; file names in a ZIP directory are plain bytes. */
function zipKind(buffer: Buffer, name: string): 'xlsx' {
  if (buffer.includes('xl/workbook.xml')) return 'xlsx';
  if (buffer.includes('word/document.xml')) throw notATable(name, 'a Word document (.docx)');
  throw notATable(name, 'a ZIP archive');
}

/**
 * The text of a CSV, which must be UTF-8 (a BOM is dropped). Windows-1258 is what
 * Vietnamese Windows saves as "CSV" without "UTF-8", so it gets its own message.
 */
export function decodeCsvText(buffer: Buffer, name: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw notUtf8(buffer, name);
  }
  text = text.replace(/^\uFEFF/, '');
  if (/[\x00-\x08\x0E-\x1F]/.test(text.slice(0, 8192))) throw notATable(name, 'a binary file');
  if (!text.trim()) throw new ImportFileError(`"${name}" is empty`);
  return text;
}

function notUtf8(buffer: Buffer, name: string): ImportFileError {
  const sample = buffer.subarray(0, 65536);
  if (sample.some((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1a))) {
    return notATable(name, 'a binary file');
  }
  if (looksVietnamese(iconv.decode(sample, 'windows-1258'))) {
    return new ImportFileError(`"${name}" is not UTF-8: the file looks like Windows-1258; save it as CSV UTF-8`);
  }
  return new ImportFileError(`"${name}" is not UTF-8 text; save it as CSV UTF-8`);
}

/** Letters that only Vietnamese uses, or the combining tone marks Windows-1258 stores apart. */
function looksVietnamese(text: string): boolean {
  return /[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]/.test(text);
}
