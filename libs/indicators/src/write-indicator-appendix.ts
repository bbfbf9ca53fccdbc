import { Workbook, Worksheet } from 'exceljs';
import { formatVietnameseDate } from '@app/common';
import { formatFigure, formatRatio } from './achievement';
import { IndicatorStanding } from './indicators.service';
import { KIND_WORDS, Period, periodWords, ValueKind } from './periods';

export interface AppendixScope {
  year: number;
  period: Period;
  kind: ValueKind;
  title: string;
  /** The assigning decision, when every indicator has the same: then the columns (7) and (6)/(7). */
  decision: { number: string; date: string | null } | null;
}

/**
 * The indicator appendix as seed 004's Phụ lục 1 lays it out: two heading rows (TT | Chỉ tiêu |
 * Đơn vị | Thực hiện năm N-1 | Năm N: Kế hoạch năm N, Ước thực hiện <period>, … so với Kế hoạch |
 * Theo <decision> | … so với <decision> (%)), the numbering row "(1) (2) … (6)/(5) (7) (6)/(7)",
 * then one row per indicator, its sub-indicators below it without a number ("Trong đó: - …").
 * Figures are written as the reports print them ("20.659", "16,7", ratios "98,24", "100"), as
 * text: the appendix is copied into a report, never computed on.
 */
export async function writeIndicatorAppendix(scope: AppendixScope, indicators: AppendixIndicator[]): Promise<Buffer> {
  const workbook = new Workbook();
  addIndicatorAppendixSheet(workbook, scope, indicators);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * What a row of the appendix reads: a standing (with its exact decimals), or an indicator as a
 * meeting's frozen summary keeps it (figures as numbers: the same text once written).
 */
export type AppendixIndicator = Pick<IndicatorStanding, 'id' | 'parentId' | 'code' | 'name' | 'unit' | 'ratio'> & {
  baseline: { value: number | null; text: string | null } | null;
  target: { value: number | null; text: string | null } | null;
  value: { value: number | null; text: string | null } | null;
  figures?: IndicatorStanding['figures'];
};

/** The appendix as one sheet of `workbook` (the meeting summary's workbook has it among its own sheets). */
export function addIndicatorAppendixSheet(workbook: Workbook, scope: AppendixScope, indicators: AppendixIndicator[], sheetName = 'Phụ lục chỉ tiêu'): Worksheet {
  const sheet = workbook.addWorksheet(sheetName);
  const valueWords = `${KIND_WORDS[scope.kind]} ${periodWords(scope.period)}`;
  const withDecision = scope.decision !== null;
  const decisionShort = scope.decision ? `QĐ ${scope.decision.number.split('/')[0]}` : '';
  const width = withDecision ? 9 : 7;

  sheet.addRow(['PHỤ LỤC']).font = { bold: true };
  sheet.addRow([scope.title]).font = { bold: true };
  sheet.mergeCells(1, 1, 1, width);
  sheet.mergeCells(2, 1, 2, width);
  const top = ['TT', 'Chỉ tiêu', 'Đơn vị', `Thực hiện năm ${scope.year - 1}`, `Năm ${scope.year}`, '', ''];
  const below = ['', '', '', '', `Kế hoạch năm ${scope.year}`, valueWords, `${valueWords} so với Kế hoạch`];
  const numbering = ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(6)/(5)'];
  if (withDecision) {
    top.push(`Theo ${scope.decision!.number.startsWith('QĐ') ? '' : 'QĐ '}${scope.decision!.number}${scope.decision!.date ? ` ngày ${formatVietnameseDate(scope.decision!.date)}` : ''}`, `${valueWords} so với ${decisionShort} (%)`);
    below.push('', '');
    numbering.push('(7)', '(6)/(7)');
  }
  const first = sheet.addRow(top).number;
  sheet.addRow(below);
  sheet.addRow(numbering);
  for (const column of [1, 2, 3, 4, ...(withDecision ? [8, 9] : [])]) sheet.mergeCells(first, column, first + 1, column);
  sheet.mergeCells(first, 5, first, 7);
  for (const r of [first, first + 1, first + 2]) {
    const row = sheet.getRow(r);
    row.font = { bold: r !== first + 2 };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }

  const children = new Map<string, AppendixIndicator[]>();
  for (const i of indicators) if (i.parentId) children.set(i.parentId, [...(children.get(i.parentId) ?? []), i]);
  const line = (i: AppendixIndicator, name: string, code: string) => {
    const figures = i.figures ?? { baseline: i.baseline?.value ?? null, target: i.target?.value ?? null, value: i.value?.value ?? null };
    const target = figures.target !== null ? formatFigure(figures.target) : (i.target?.text ?? '-');
    const value = figures.value !== null ? formatFigure(figures.value) : (i.value?.text ?? '-');
    const baseline = figures.baseline !== null ? formatFigure(figures.baseline) : (i.baseline?.text ?? '-');
    const ratio = formatRatio(i.ratio);
    const cells = [code, name, i.unit ?? '', baseline, target, value, ratio];
    if (withDecision) cells.push(target, ratio);
    const row = sheet.addRow(cells);
    row.alignment = { vertical: 'top', wrapText: true };
  };
  for (const i of indicators.filter((x) => !x.parentId)) {
    line(i, i.name, i.code);
    (children.get(i.id) ?? []).forEach((child, n) => line(child, `${n === 0 ? 'Trong đó: ' : ''}- ${child.name}`, ''));
  }
  [6, 50, 10, 12, 12, 14, 14, 16, 14].slice(0, width).forEach((w, n) => (sheet.getColumn(n + 1).width = w));
  sheet.views = [{ state: 'frozen', ySplit: first + 2 }];
  return sheet;
}
