import { RollupCounts } from '@app/rollups';
import { COUNT_COLUMNS, flatHeading, SHEETS } from './summary-labels';
import { SummaryView } from './summary-content';

const BOM = '\uFEFF';

/** RFC 4180: quote a field holding a comma, a quote or a line break; double the quotes. */
const field = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * The two counts tables (Tổng hợp by plan with its total, then Theo đơn vị) as one rectangular
 * CSV: a "Bảng" column says which table a row belongs to, so one header serves both and any CSV
 * reader takes it whole. UTF-8 with a BOM so that Excel shows the Vietnamese letters; commas
 * and a decimal point, CRLF line ends.
 */
export function summaryCsv(summary: SummaryView): Buffer {
  const header = ['Bảng', 'STT', 'Tên', 'Mã định danh', ...COUNT_COLUMNS.map(flatHeading)];
  const line = (table: string, stt: number | '', name: string, id: string, counts: RollupCounts) => [
    table, stt, name, id,
    ...COUNT_COLUMNS.map((c) => (c.key === 'completionRate' ? counts.completionRate.toFixed(2) : counts[c.key])),
  ];
  const rows = [
    header,
    ...summary.rollup.byPlan.map((p, i) => line(SHEETS.summary, i + 1, p.number, p.planId, p)),
    line(SHEETS.summary, '', 'Tổng cộng', '', summary.rollup.total),
    ...summary.rollup.byDepartment.map((d, i) => line(SHEETS.byDepartment, i + 1, d.name, d.departmentId, d)),
  ];
  return Buffer.from(BOM + rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n', 'utf8');
}
