import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError, invalid } from '@app/common';
import { DepartmentResolver } from '@app/imports';
import { achievementRatio, Figure } from './achievement';
import { IndicatorsService, requireSecretariat } from './indicators.service';
import { IndicatorRow, readIndicatorGrid, TableProblem } from './indicator-table';
import { Period, periodWords, ValueKind } from './periods';
import { readIndicatorFileInWorker } from './read-indicator-in-worker';
import { writeIndicatorAppendix } from './write-indicator-appendix';

export interface IndicatorImportOptions {
  dryRun: boolean;
  departmentId?: string;
  planId?: string;
  decisionNumber?: string;
  decisionDate?: string;
  year?: number;
  period?: Period;
  kind?: ValueKind;
}

const asFigure = (f: Figure | null) => (f ? { value: f.value === null ? null : Number(f.value), text: f.text, parts: f.parts.map(Number) } : null);

/**
 * An indicator table in (seed 004 Phụ lục 1, seed 003 §II.1) and the indicator appendix out. The
 * file is read in a thread of its own under the task import's limits, every row checked, and a
 * real run writes all indicators, targets and values in one transaction, or none (as for tasks).
 */
@Injectable()
export class IndicatorImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly indicators: IndicatorsService,
  ) {}

  async import(actor: Actor | null, file: { buffer: Buffer; originalName: string }, options: IndicatorImportOptions) {
    if (actor) requireSecretariat(actor, 'import indicator tables');
    const grid = await readIndicatorFileInWorker(file);
    const table = readIndicatorGrid(grid, file.originalName || 'the file');
    const { headings } = table;
    const errors: TableProblem[] = [...table.errors];
    const year = options.year ?? headings.year;
    if (!year) throw invalid('year: the file names no year ("Kế hoạch năm 2024", "Mục tiêu năm 2024"); give year');
    const period = options.period ?? headings.period;
    const kind = options.kind ?? headings.kind ?? 'final';
    if (headings.columns.value && !period) throw invalid(`period: the value column "${headings.columns.value}" names no period; give period (M1…M12, Q1…Q4, 6M, 9M, Y)`);

    // the assigning decision: a plan of the tracker, a document given, or the one the heading names
    let planId = options.planId ?? null;
    let decisionNumber = options.decisionNumber ?? null;
    let decisionDate = options.decisionDate ?? null;
    if (planId) {
      const [plan] = await this.dataSource.query(`SELECT number, issued_on FROM plans WHERE id = $1`, [planId]);
      if (!plan) throw invalid(`planId: no plan ${planId}`);
    } else if (!decisionNumber && headings.decision) {
      ({ number: decisionNumber, date: decisionDate } = headings.decision);
      const plans = await this.dataSource.query(`SELECT id FROM plans WHERE number = $1`, [decisionNumber]);
      if (plans.length === 1) planId = plans[0].id;
    }
    if (!planId && !decisionNumber) {
      throw invalid('planId: name the assigning decision (planId, or decisionNumber and decisionDate); the file\'s heading names none');
    }
    if (planId) decisionNumber = null;

    const [departments, groups] = await Promise.all([
      this.dataSource.query(`SELECT id, code, name, aliases FROM departments`),
      this.dataSource.query(`SELECT id, code, name, aliases, '{}'::uuid[] AS "departmentIds" FROM department_groups`),
    ]);
    if (options.departmentId && !departments.some((d: { id: string }) => d.id === options.departmentId)) throw invalid(`departmentId: no department ${options.departmentId}`);
    const resolver = new DepartmentResolver(departments, groups);
    const departmentOf = new Map<string, string>();
    const rows: (IndicatorRow & { departmentId: string | null })[] = [];
    for (const row of table.rows) {
      let departmentId: string | null = row.parentCode ? (departmentOf.get(row.parentCode) ?? null) : null;
      if (row.department) {
        const found = resolver.resolve(row.department);
        const units = found.units.filter((u) => u.kind === 'department');
        if (units.length !== 1 || found.problems.length) {
          errors.push({ row: row.row, column: headings.columns.department ?? 'Đơn vị chủ trì', text: row.department, message: found.problems[0] ?? 'name one responsible department' });
        } else departmentId = units[0].ref.id;
      }
      departmentId ??= options.departmentId ?? null;
      if (!departmentId) errors.push({ row: row.row, column: headings.columns.department ?? 'Đơn vị chủ trì', text: '', message: `indicator ${row.code} has no responsible department: add the column, or give departmentId` });
      departmentOf.set(row.code, departmentId ?? '');
      rows.push({ ...row, departmentId });
    }
    const existing: { code: string }[] = await this.dataSource.query(`SELECT code FROM indicators WHERE decision_key = $1 AND code = ANY($2::text[])`, [
      planId ?? decisionNumber, rows.map((r) => r.code),
    ]);
    for (const e of existing) {
      const row = rows.find((r) => r.code === e.code)!;
      errors.push({ row: row.row, column: headings.columns.code ?? 'TT', text: e.code, message: `indicator ${e.code} of this decision already exists` });
    }
    errors.sort((a, b) => a.row - b.row);

    const answer = (ids?: Map<string, string>) => ({
      dryRun: options.dryRun,
      decision: { planId, number: decisionNumber, date: decisionDate },
      year,
      period: period ?? null,
      kind,
      rows: rows.map((r) => ({
        row: r.row, code: r.code, parentCode: r.parentCode, name: r.name, unit: r.unit, departmentId: r.departmentId,
        baseline: asFigure(r.baseline), target: asFigure(r.target), value: asFigure(r.value),
        ratio: achievementRatio(r.value?.value ?? null, r.target?.value ?? null),
        ...(ids ? { id: ids.get(r.code) } : {}),
      })),
      errors,
      notes: table.notes,
    });
    if (options.dryRun) return answer();
    if (errors.length) throw new DomainError('validation', `the file has ${errors.length} error(s); nothing was imported`, answer() as unknown as Record<string, unknown>);

    const ids = await this.dataSource.transaction(async (m) => {
      const idOf = new Map<string, string>();
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM indicators`);
      for (const [position, row] of rows.entries()) {
        const id = await this.indicators.create(actor, {
          code: row.code, name: row.name, unit: row.unit, departmentId: row.departmentId, parentId: row.parentCode ? idOf.get(row.parentCode) : null,
          planId, decisionNumber, decisionDate,
          baselineYear: headings.baselineYear ?? year - 1,
          baselineValue: row.baseline?.value !== null && row.baseline?.value !== undefined ? Number(row.baseline.value) : null,
          baselineText: row.baseline?.text ?? null,
          targets: row.target ? [{ year, value: row.target.value !== null ? Number(row.target.value) : null, text: row.target.text }] : [],
          position: n + position,
        }, m);
        idOf.set(row.code, id);
        if (row.value && period) {
          await this.indicators.report(actor, id, {
            year, period, kind,
            value: row.value.value !== null ? Number(row.value.value) : null,
            text: row.value.text,
          }, m, 'imported');
        }
      }
      return idOf;
    });
    return answer(ids);
  }

  /** The appendix of a period, in seed 004 Phụ lục 1's layout. */
  async appendix(query: { year: number; period: Period; kind?: ValueKind; departmentId?: string; planId?: string; decisionNumber?: string }) {
    const indicators = await this.indicators.standing(query);
    const kind: ValueKind = query.kind ?? (indicators.some((i) => i.value?.kind === 'final') || !indicators.some((i) => i.value) ? 'final' : 'estimate');
    const decisions = new Set(indicators.map((i) => i.planId ?? i.decisionNumber));
    let decision: { number: string; date: string | null } | null = null;
    if (decisions.size === 1 && indicators.length) {
      const i = indicators[0];
      if (i.planId) {
        const [plan] = await this.dataSource.query(`SELECT number, issued_on FROM plans WHERE id = $1`, [i.planId]);
        decision = { number: plan.number, date: plan.issued_on };
      } else decision = { number: i.decisionNumber!, date: i.decisionDate };
    }
    const departments = [...new Set(indicators.map((i) => i.departmentName))];
    const title = `Các chỉ tiêu${departments.length === 1 ? ` do ${departments[0]} chịu trách nhiệm` : ''} thực hiện ${periodWords(query.period)} năm ${query.year}`;
    const buffer = await writeIndicatorAppendix({ year: query.year, period: query.period, kind, title, decision }, indicators);
    return { fileName: `phu-luc-chi-tieu-${query.year}-${query.period}.xlsx`, buffer };
  }
}
