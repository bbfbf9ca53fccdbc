import JSZip from 'jszip';
import { inflateRawSync } from 'node:zlib';
import { IMPORT_LIMITS, MB } from './import-limits';
import { ImportFileError, importLimitError } from './import-file-error';
import { boundSheetXml } from './read-sheet-xml';

/**
 * What JSZip keeps of each entry after reading the ZIP's directory, before inflating anything
 * (jszip/lib/compressedObject.js; JSZip 3 has kept this shape since 2016). Read here because
 * JSZip's public API can only inflate an entry whole, without a bound.
 */
interface CompressedEntry {
  compressedSize: number;
  uncompressedSize: number;
  compression: { magic: string };
  compressedContent: Uint8Array;
}
const STORED = '\x00\x00';
const DEFLATED = '\x08\x00';

/** exceljs reads a worksheet from every entry whose path matches this (xlsx.js). */
const WORKSHEET = /xl\/worksheets\/sheet\d+[.]xml/;

/**
 * The workbook re-packed so that exceljs can read it at a bounded cost: the directory's
 * declared sizes are checked before anything is inflated, each entry is inflated with a
 * ceiling at its declared size (so a size that lies is caught, not believed), and every
 * worksheet's merges, data validations and column ranges are bounded (boundSheetXml).
 * The result is stored uncompressed: exceljs inflates nothing more.
 */
export async function boundedWorkbook(buffer: Buffer, name: string): Promise<Buffer> {
  const entries = await directoryOf(buffer, name);
  const out = new JSZip();
  for (const [path, entry] of entries) {
    let content: Buffer = inflateEntry(entry, path, name);
    if (WORKSHEET.test(path)) content = Buffer.from(boundSheetXml(content.toString('utf8'), path, name), 'utf8');
    out.file(path, content, { binary: true, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

async function directoryOf(buffer: Buffer, name: string): Promise<Array<[string, CompressedEntry]>> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer, { createFolders: false });
  } catch (error) {
    throw new ImportFileError(`"${name}" is not a readable XLSX workbook: ${(error as Error).message}`);
  }
  const files = Object.values(zip.files).filter((file) => !file.dir);
  if (files.length > IMPORT_LIMITS.zipEntries) {
    throw importLimitError('IMPORT_TOO_MANY_ZIP_ENTRIES', `"${name}" holds ${files.length} files in its ZIP; a workbook has at most ${IMPORT_LIMITS.zipEntries}`);
  }
  const entries = files.map((file): [string, CompressedEntry] => [file.name, compressedEntryOf(file, name)]);
  const declared = entries.reduce((sum, [, entry]) => sum + entry.uncompressedSize, 0);
  if (declared > IMPORT_LIMITS.decompressedBytes) {
    throw decompressedTooLarge(name, `its ZIP directory declares ${MB(declared)}`);
  }
  return entries;
}

function compressedEntryOf(file: JSZip.JSZipObject, name: string): CompressedEntry {
  const data = (file as unknown as { _data?: Partial<CompressedEntry> })._data;
  if (!data || typeof data.uncompressedSize !== 'number' || !data.compressedContent || !data.compression) {
    // not what JSZip hands after reading a ZIP: refuse rather than inflate without a bound
    throw new ImportFileError(`"${name}" is not a readable XLSX workbook: entry ${file.name} cannot be sized`);
  }
  return data as CompressedEntry;
}

function inflateEntry(entry: CompressedEntry, path: string, name: string): Buffer {
  const { compression, compressedContent, uncompressedSize } = entry;
  if (compression.magic === STORED) {
    if (compressedContent.length !== uncompressedSize) throw new ImportFileError(`"${name}" is not a readable XLSX workbook: entry ${path} has a wrong size`);
    return Buffer.from(compressedContent.buffer, compressedContent.byteOffset, compressedContent.length);
  }
  if (compression.magic !== DEFLATED) throw new ImportFileError(`"${name}" is not a readable XLSX workbook: entry ${path} uses an unknown compression`);
  let content: Buffer;
  try {
    // zlib stops at maxOutputLength: the real inflated bytes never pass what the directory declared
    content = inflateRawSync(compressedContent, { maxOutputLength: Math.max(uncompressedSize, 1) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw decompressedTooLarge(name, `entry ${path} inflates past the ${MB(uncompressedSize)} its ZIP directory declares`);
    }
    throw new ImportFileError(`"${name}" is not a readable XLSX workbook: entry ${path} cannot be inflated (${(error as Error).message})`);
  }
  if (content.length > uncompressedSize) throw decompressedTooLarge(name, `entry ${path} inflates past the size its ZIP directory declares`);
  return content;
}

function decompressedTooLarge(name: string, why: string): ImportFileError {
  return importLimitError(
    'IMPORT_DECOMPRESSED_TOO_LARGE',
    `"${name}" is too large once decompressed: ${why}; a workbook may hold at most ${MB(IMPORT_LIMITS.decompressedBytes)} uncompressed`,
  );
}
