import { formatPercentVi, RollupCounts } from '@app/rollups';
import { COUNT_COLUMNS, flatHeading, SHEETS } from './summary-labels';
import { SummaryView } from './summary-content';
import { csvField } from './csv-field';

const BOM = '\uFEFF';

/**
 * The two counts tables (Tổng hợp by plan with its total, then Theo đơn vị) as one rectangular
 * CSV: a "Bảng" column says which table a row belongs to, so one header serves both and any CSV
 * reader takes it whole. UTF-8 with a BOM so that Excel shows the Vietnamese letters; commas
 * between fields, rates with the decimal comma as the reports write them ("27,27", quoted), CRLF line ends. Names and plan numbers are text: one that starts like a
 * formula is neutralised (csvField).
 */
export function summaryCsv(summary: SummaryView): Buffer {
  const header = ['Bảng', 'STT', 'Tên', 'Mã định danh', ...COUNT_COLUMNS.map(flatHeading)];
  const line = (table: string, stt: number | '', name: string, id: string, counts: RollupCounts) => [
    table, stt, name, id,
    ...COUNT_COLUMNS.map((c) => (c.key === 'completionRate' ? formatPercentVi(counts.completionRate) : counts[c.key])),
  ];
  const rows = [
    header,
    ...summary.rollup.byPlan.map((p, i) => line(SHEETS.summary, i + 1, p.number, p.planId, p)),
    line(SHEETS.summary, '', 'Tổng cộng', '', summary.rollup.total),
    ...summary.rollup.byDepartment.map((d, i) => line(SHEETS.byDepartment, i + 1, d.name, d.departmentId, d)),
  ];
  return Buffer.from(BOM + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n', 'utf8');
}
