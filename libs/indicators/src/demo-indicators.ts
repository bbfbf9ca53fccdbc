import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IndicatorImportService } from './indicator-import.service';

/**
 * The indicator tables of the demo data (libs/imports/demo-data), imported through the real
 * import: seed 004's Phụ lục 1 (its heading names Decision 36/QĐ-UBND, a demo plan, which it is
 * then filed under) and seed 003 §II.1 (the digital-transformation indicators of Plan
 * 30/KH-BCĐCĐS of 06/02/2024), both the responsibility of the Sở TTTT.
 */
export const DEMO_INDICATOR_TABLES = [
  { file: 'seed-004-phu-luc-1-chi-tieu-2024.csv', departmentCode: 'STTTT' },
  { file: 'seed-003-chi-tieu-chuyen-doi-so-2024.csv', departmentCode: 'STTTT', decisionNumber: '30/KH-BCĐCĐS', decisionDate: '2024-02-06' },
] as const;

export async function loadDemoIndicators(imports: IndicatorImportService, dir: string, departmentIdOf: (code: string) => string | undefined): Promise<number> {
  let count = 0;
  for (const table of DEMO_INDICATOR_TABLES) {
    const result = await imports.import(null, { buffer: readFileSync(join(dir, table.file)), originalName: table.file }, {
      dryRun: false,
      departmentId: departmentIdOf(table.departmentCode),
      ...('decisionNumber' in table ? { decisionNumber: table.decisionNumber, decisionDate: table.decisionDate } : {}),
    });
    count += result.rows.length;
    console.log(`demo data: indicators of ${table.file}, ${result.rows.length}`);
  }
  return count;
}
