/**
 * Task tables built to hurt a reader, for the import-limits spec and `bench/upload-attack.ts`.
 * XLSX files start from a small workbook written by exceljs, whose sheet XML is then edited
 * with JSZip (exceljs itself would expand a whole-sheet range while writing it).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Readable } from 'node:stream';

/** archiver (exceljs's ZIP writer, deflating with Node's zlib) ships no types: the calls used here. */
interface ZipWriter extends NodeJS.ReadableStream {
  append(source: Buffer | Readable, data: { name: string }): ZipWriter;
  finalize(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const archiver = require('archiver') as (format: 'zip', options: { zlib: { level: number } }) => ZipWriter;

const SHEET = 'xl/worksheets/sheet1.xml';
export const HEADINGS = ['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn'];

async function smallWorkbook(): Promise<JSZip> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('KH');
  sheet.addRow(HEADINGS);
  sheet.addRow([1, 'Xây dựng kế hoạch', 'Sở Nội vụ', 'Quý II/2024']);
  return JSZip.loadAsync(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** The small workbook with `xml` inserted in its sheet after the cells. */
async function withSheetXml(xml: string): Promise<Buffer> {
  const zip = await smallWorkbook();
  const sheet = await zip.file(SHEET)!.async('string');
  zip.file(SHEET, sheet.replace('</sheetData>', `</sheetData>${xml}`));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export const wholeSheetMerge = () => withSheetXml('<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>');

export const wholeSheetValidation = () =>
  withSheetXml('<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>');

/**
 * An XLSX whose sheet inflates to `megabytes` MB of blanks inside its XML (about 1 KB
 * compressed per MB). With `lie`, the ZIP's directory and local header declare 1 KB instead.
 * Written by archiver (Node's zlib: a second or two for 300 MB; JSZip's pako takes ten times that).
 */
export async function zipBomb(megabytes = 300, lie = false): Promise<Buffer> {
  const workbook = await smallWorkbook();
  const archive = archiver('zip', { zlib: { level: 9 } });
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const written = new Promise((resolve, reject) => archive.on('end', resolve).on('error', reject));
  for (const entry of Object.values(workbook.files)) {
    if (entry.dir || entry.name === SHEET) continue;
    archive.append(await entry.async('nodebuffer'), { name: entry.name });
  }
  const blanks = Buffer.alloc(1024 * 1024, 0x20);
  const xml = Readable.from(
    (function* () {
      yield Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
      for (let i = 0; i < megabytes; i++) yield blanks;
      yield Buffer.from('</sheetData></worksheet>');
    })(),
  );
  archive.append(xml, { name: SHEET });
  await archive.finalize();
  await written;
  const bomb = Buffer.concat(chunks);
  return lie ? declareSize(bomb, SHEET, 1024) : bomb;
}

/** Rewrites the uncompressed size an entry declares, in the central directory and in its local header. */
function declareSize(zip: Buffer, path: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const name = Buffer.from(path);
  for (let at = out.indexOf(name); at >= 0; at = out.indexOf(name, at + 1)) {
    if (out.readUInt32LE(at - 46) === 0x02014b50) out.writeUInt32LE(size, at - 46 + 24); // central directory entry
    if (out.readUInt32LE(at - 30) === 0x04034b50) out.writeUInt32LE(size, at - 30 + 22); // local header
  }
  return out;
}

/** A CSV whose heading row has `columns` columns. */
export function wideCsv(columns = 100_000): Buffer {
  return Buffer.from(`${HEADINGS.join(',')}${',x'.repeat(columns - HEADINGS.length)}\n1,Việc,Sở Nội vụ,Quý II/2024\n`);
}

/** A CSV of about `megabytes` MB of plausible rows (about 250 bytes each: 9 MB is 38,000 rows, within the limits). */
export function bigCsv(megabytes: number): Buffer {
  const lines = [[...HEADINGS, 'Tiến độ'].join(',')];
  let size = lines[0].length;
  for (let i = 1; size < megabytes * 1024 * 1024; i++) {
    const line =
      `${i},"Triển khai nhiệm vụ chuyển đổi số số ${i}, theo kế hoạch của tỉnh",Sở Thông tin và Truyền thông,Quý IV/2024,` +
      `"Đang thực hiện: đã xây dựng dự thảo, lấy ý kiến các sở, ngành; dự kiến trình UBND tỉnh trong quý IV"`;
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}
