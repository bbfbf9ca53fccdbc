import { foldVietnamese } from '@app/common';
import { achievementRatio, Figure, formatRatio, readFigure } from './achievement';
import { Period, periodOfHeading, ValueKind } from './periods';

/**
 * Reads an indicator table laid out as the reports lay it out: seed 004's Phụ lục 1 (TT | Chỉ tiêu |
 * Đơn vị | Thực hiện năm 2023 | Năm 2024: Kế hoạch, Ước thực hiện 6 tháng đầu năm, (6)/(5) | Theo QĐ
 * 36/QĐ-UBND ngày 12/01/2024 | (6)/(7)), two heading rows and a numbering row "(1) (2) …", the
 * heading repeated after a page break; and seed 003 §II.1 (TT | Nội dung chỉ tiêu | Mục tiêu năm 2024
 * | Đến tháng 6/2024), targets and values as text where they are compound. Rows without a number
 * under a numbered one are its sub-indicators ("Trong đó: - Chương trình địa phương").
 */

export type IndicatorColumn = 'code' | 'name' | 'unit' | 'department' | 'baseline' | 'target' | 'decisionTarget' | 'value' | 'ratio' | 'decisionRatio';

export interface IndicatorHeadings {
  /** Heading as written, per column found. */
  columns: Partial<Record<IndicatorColumn, string>>;
  baselineYear: number | null;
  year: number | null;
  period: Period | null;
  kind: ValueKind | null;
  /** "Theo QĐ 36/QĐ-UBND ngày 12/01/2024": the assigning decision, when a heading names it. */
  decision: { number: string; date: string } | null;
}

export interface IndicatorRow {
  row: number;
  code: string;
  parentCode: string | null;
  name: string;
  unit: string | null;
  department: string | null;
  baseline: Figure | null;
  target: Figure | null;
  value: Figure | null;
}

export interface TableProblem {
  row: number;
  column: string;
  text: string;
  message: string;
}

export interface IndicatorTable {
  headings: IndicatorHeadings;
  rows: IndicatorRow[];
  errors: TableProblem[];
  /** What the file says that the rules do not (a printed ratio other than value ÷ target): not errors. */
  notes: TableProblem[];
}

const fold = (text: string) => foldVietnamese(text).replace(/[^a-z0-9()/%]+/g, ' ').trim();

function classify(label: string): { column: IndicatorColumn; year?: number } | null {
  const f = fold(label);
  if (!f) return null;
  if (/^((s ?)?tt|s? ?t t|so tt|so thu tu)$/.test(f)) return { column: 'code' };
  if (/so voi|\(%\)|^ty le (dat|hoan thanh)/.test(f)) return { column: /\b(qd|quyet dinh|kh|ke hoach so|nghi quyet)\b/.test(f) && !/so voi ke hoach$/.test(f) ? 'decisionRatio' : 'ratio' };
  if (/chu tri|chiu trach nhiem|don vi thuc hien|co quan thuc hien|don vi phu trach/.test(f)) return { column: 'department' };
  if (/^(don vi|don vi tinh|dvt)$/.test(f)) return { column: 'unit' };
  const baseline = /^(thuc hien|uoc thuc hien) nam (\d{4})$/.exec(f);
  if (baseline) return { column: 'baseline', year: Number(baseline[2]) };
  const target = /^(ke hoach|muc tieu|chi tieu) nam (\d{4})$/.exec(f);
  if (target) return { column: 'target', year: Number(target[2]) };
  if (/^theo (qd|quyet dinh|ke hoach|kh|nghi quyet)\b/.test(f)) return { column: 'decisionTarget' };
  if (/^(noi dung |ten )?chi tieu\b/.test(f)) return { column: 'name' };
  if (/^(uoc )?(thuc hien|den thang|den het|luy ke|ket qua)\b|^den /.test(f)) return { column: 'value' };
  return null;
}

const NUMBERING = /^\(\d+\)(\s*\/\s*\(\d+\))?$/;

function decisionOf(heading: string): { number: string; date: string } | null {
  const m = /(?:QĐ|Quyết định|Kế hoạch|KH|Nghị quyết)\s*(?:số\s*)?(\d+\/[^\s,]+)\s*ngày\s*(\d{1,2})\/(\d{1,2})\/(\d{4})/iu.exec(heading.normalize('NFC'));
  if (!m) return null;
  return { number: m[1], date: `${m[4]}-${m[3].padStart(2, '0')}-${m[2].padStart(2, '0')}` };
}

/** The heading rows: the row naming TT and the indicator, and the row below it when it splits a heading. */
function locate(grid: string[][]): { first: number; last: number; labels: string[]; groups: string[] } | null {
  for (let i = 0; i < Math.min(grid.length, 10); i++) {
    const cells = grid[i] ?? [];
    const kinds = cells.map((c) => classify(c ?? '')?.column);
    if (!kinds.includes('code') || !kinds.includes('name')) continue;
    const below = grid[i + 1] ?? [];
    const codeAt = kinds.indexOf('code');
    const nameAt = kinds.indexOf('name');
    const split = !(below[codeAt] ?? '').trim() && !(below[nameAt] ?? '').trim() && below.some((c) => c && c.trim() && classify(c));
    const width = Math.max(cells.length, split ? below.length : 0);
    const groups: string[] = [];
    let group = '';
    const labels = Array.from({ length: width }, (_, j) => {
      const upper = (cells[j] ?? '').trim();
      const lower = split ? (below[j] ?? '').trim() : '';
      if (upper) group = upper;
      groups[j] = upper || (lower ? group : '');
      return lower || upper;
    });
    return { first: i, last: split ? i + 1 : i, labels, groups };
  }
  return null;
}

export function readIndicatorGrid(grid: string[][], name: string): IndicatorTable {
  const heading = locate(grid);
  if (!heading) {
    return {
      headings: { columns: {}, baselineYear: null, year: null, period: null, kind: null, decision: null },
      rows: [],
      errors: [{ row: 1, column: 'TT', text: '', message: `"${name}" has no heading row naming "TT" and "Chỉ tiêu" (or "Nội dung chỉ tiêu") in its first 10 rows` }],
      notes: [],
    };
  }
  const index = new Map<IndicatorColumn, number>();
  const headings: IndicatorHeadings = { columns: {}, baselineYear: null, year: null, period: null, kind: null, decision: null };
  heading.labels.forEach((label, j) => {
    const found = classify(label);
    if (!found || index.has(found.column)) return;
    index.set(found.column, j);
    headings.columns[found.column] = label;
    if (found.column === 'baseline') headings.baselineYear = found.year ?? null;
    if (found.column === 'target') headings.year = found.year ?? null;
    if (found.column === 'decisionTarget') headings.decision = decisionOf(label);
    if (found.column === 'value') {
      headings.period = periodOfHeading(label);
      headings.kind = /^uoc\b/.test(fold(label)) ? 'estimate' : 'final';
      const year = /\b(?:nam |\/)(\d{4})\b/.exec(fold(label)) ?? /\bnam (\d{4})\b/.exec(fold(heading.groups[j] ?? ''));
      if (!headings.year && year) headings.year = Number(year[1]);
    }
  });
  if (!headings.year) {
    const year = heading.groups.map((g) => /\bnam (\d{4})\b/.exec(fold(g))).find(Boolean);
    if (year) headings.year = Number(year[1]);
  }

  const errors: TableProblem[] = [];
  const notes: TableProblem[] = [];
  const rows: IndicatorRow[] = [];
  const cell = (cells: string[], column: IndicatorColumn) => {
    const j = index.get(column);
    return j === undefined ? '' : (cells[j] ?? '').normalize('NFC').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
  };
  const label = (column: IndicatorColumn) => headings.columns[column] ?? column;
  const seen = new Set<string>();
  let parent: { code: string; children: number; unit: string | null } | null = null;

  for (let i = heading.last + 1; i < grid.length; i++) {
    const cells = grid[i] ?? [];
    const rowNumber = i + 1;
    if (!cells.some((c) => c && c.trim())) continue;
    const filled = cells.filter((c) => c && c.trim());
    if (filled.every((c) => NUMBERING.test(c.trim()))) continue; // (1) (2) … (6)/(5)
    // the heading again after a page break: its first row names TT and Chỉ tiêu, its second only headings
    if (classify(cell(cells, 'code'))?.column === 'code' && classify(cell(cells, 'name'))?.column === 'name') continue;
    if (filled.every((c) => NUMBERING.test(c.trim()) || classify(c) !== null)) continue;
    if (!index.has('code') || !index.has('name')) break;

    let code = cell(cells, 'code');
    let rowName = cell(cells, 'name');
    if (/^[IVX]+\.?$/.test(code)) continue; // a section (I, II…), not an indicator
    if (!rowName) {
      errors.push({ row: rowNumber, column: label('name'), text: code, message: 'the indicator has no name' });
      continue;
    }
    let parentCode: string | null = null;
    if (!code) {
      if (!parent) {
        errors.push({ row: rowNumber, column: label('code'), text: rowName, message: 'a row without a number must follow a numbered indicator (it is one of its sub-indicators)' });
        continue;
      }
      parentCode = parent.code;
      code = `${parent.code}.${++parent.children}`;
      rowName = rowName.replace(/^trong đó\s*:?\s*/iu, '').replace(/^[-–+•]\s*/u, '').trim();
    } else if (!/^\d+(\.\d+)?$/.test(code)) {
      errors.push({ row: rowNumber, column: label('code'), text: code, message: 'the number of an indicator is written 1, 2 … or, for a sub-indicator, 1.1, 1.2 …' });
      continue;
    } else if (code.includes('.')) {
      parentCode = code.slice(0, code.lastIndexOf('.'));
      if (!seen.has(parentCode)) {
        errors.push({ row: rowNumber, column: label('code'), text: code, message: `indicator ${parentCode} is not above it in the table` });
        continue;
      }
    }
    if (seen.has(code)) {
      errors.push({ row: rowNumber, column: label('code'), text: code, message: `indicator ${code} appears twice in the table` });
      continue;
    }
    seen.add(code);
    if (!parentCode) parent = { code, children: 0, unit: null };

    const target = readFigure(cell(cells, 'target') || cell(cells, 'decisionTarget'));
    const decisionTarget = readFigure(cell(cells, 'decisionTarget'));
    if (!target) {
      errors.push({ row: rowNumber, column: label(index.has('target') ? 'target' : 'decisionTarget'), text: '', message: `indicator ${code} has no target` });
      continue;
    }
    if (target && decisionTarget && index.has('target') && (target.value ?? target.text) !== (decisionTarget.value ?? decisionTarget.text)) {
      notes.push({ row: rowNumber, column: label('decisionTarget'), text: cell(cells, 'decisionTarget'), message: `the decision's target differs from the plan's (${cell(cells, 'target')}); the plan's is kept` });
    }
    const value = readFigure(cell(cells, 'value'));
    let unit = cell(cells, 'unit') || null;
    if (!unit && !index.has('unit') && /%/.test(cell(cells, 'target') || cell(cells, 'decisionTarget'))) unit = '%';
    const baseline = readFigure(cell(cells, 'baseline'));
    rows.push({ row: rowNumber, code, parentCode, name: rowName, unit, department: cell(cells, 'department') || null, baseline, target, value });

    // the ratio the file prints, checked against value ÷ target under the rounding rule
    for (const column of ['ratio', 'decisionRatio'] as const) {
      const printed = cell(cells, column);
      if (!printed || /^[-–—]$/.test(printed)) continue;
      const against = column === 'ratio' ? target : (decisionTarget ?? target);
      const computed = formatRatio(achievementRatio(value?.value ?? null, against?.value ?? null));
      const printedRatio = readFigure(printed)?.value;
      const printedText = printedRatio ? formatRatio(Number(printedRatio)) : printed;
      if (computed !== '-' && printedText !== computed) {
        notes.push({ row: rowNumber, column: label(column), text: printed, message: `the file prints ${printed}; ${cell(cells, 'value')} ÷ ${against?.text ?? cell(cells, column === 'ratio' ? 'target' : 'decisionTarget')} × 100 rounded half-up is ${computed}` });
      }
    }
  }
  if (!index.has('code') || !index.has('name')) {
    errors.push({ row: heading.first + 1, column: 'TT', text: '', message: 'the heading must name the columns "TT" and "Chỉ tiêu"' });
  }
  if (!index.has('target') && !index.has('decisionTarget')) {
    errors.push({ row: heading.first + 1, column: 'Kế hoạch năm', text: '', message: 'the heading has no target column ("Kế hoạch năm 2024", "Mục tiêu năm 2024" or "Theo QĐ … ngày …")' });
  }
  return { headings, rows, errors, notes };
}
