/* Shared by the *.spec.ts files of this library; not part of its public API. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Workbook, Worksheet } from 'exceljs';
import { demoRefs } from './demo-catalogue';
import { readTaskTable } from './read-table';
import { ExportTask, ImportedTaskRow, MapContext, TaskTable } from './types';

// the in-repo copies of ../shared/fixtures, so a clone tests on its own
export const FIXTURES = join(__dirname, '../demo-data');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** The demo catalogue with fake ids (the codes), and a 2024 plan issued on 12/01/2024 (Decision 36's day), read in mid-2025. */
export function context(overrides: Partial<MapContext> = {}): MapContext {
  return { planYear: 2024, planIssuedOn: '2024-01-12', today: '2025-06-30', ...demoRefs((code) => `id-${code}`), ...overrides };
}

export const id = (code: string) => `id-${code}`;

export function readCsv(text: string, name = 'plan.csv'): Promise<TaskTable> {
  return readTaskTable({ buffer: Buffer.from(text, 'utf8'), originalName: name });
}

/** An XLSX whose sheet holds `rows` from A1 down; `edit` may add formulas, merges… */
export async function xlsx(rows: unknown[][], edit?: (sheet: Worksheet) => void): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  rows.forEach((row) => sheet.addRow(row));
  edit?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** What the API's export would pass: the imported rows with names instead of ids. */
export function toExportTask(row: ImportedTaskRow, ctx: MapContext): ExportTask {
  const nameOf = (unitId: string | null) =>
    [...ctx.departments, ...ctx.groups].find((unit) => unit.id === unitId)?.name ?? '';
  const { row: _row, leadDepartmentId, leadGroupId, coordinatingDepartmentIds, requiresOutputDocument: _r, ...rest } = row;
  return { ...rest, lead: nameOf(leadDepartmentId ?? leadGroupId), coordinating: coordinatingDepartmentIds.map(nameOf) };
}

/** Rows without their file row numbers, for comparing two files of the same tasks. */
export const withoutRowNumbers = (rows: ImportedTaskRow[]) => rows.map(({ row: _row, ...rest }) => rest);
