import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Clock, conflict, conflictOnDuplicate, forbidden, invalid, notFound, staleVersion } from '@app/common';
import { NotificationsService } from '@app/notifications';
import { completionRate } from '@app/rollups';
import { achievementRatio, Figure, formatFigure, IndicatorStatus, readFigure } from './achievement';
import { rollupSql, standingSql } from './indicator-sql';
import { Period, PERIOD_PATTERN, periodWords, ValueKind } from './periods';

export interface TargetInput {
  year: number;
  value?: number | null;
  text?: string | null;
}

export interface IndicatorInput {
  code: string;
  name: string;
  unit?: string | null;
  departmentId?: string | null;
  parentId?: string | null;
  planId?: string | null;
  decisionNumber?: string | null;
  decisionDate?: string | null;
  baselineYear?: number | null;
  baselineValue?: number | null;
  baselineText?: string | null;
  targets?: TargetInput[];
  position?: number;
}

export interface ValueInput {
  year: number;
  period: Period;
  kind: ValueKind;
  value?: number | null;
  text?: string | null;
  note?: string | null;
  /** The version of the value being replaced; required when one exists. */
  version?: number;
}

export interface StandingQuery {
  year: number;
  period: Period;
  kind?: ValueKind;
  departmentId?: string;
  planId?: string;
  decisionNumber?: string;
}

const dec = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
const figureOf = (value: number | null | undefined, text: string | null | undefined): Figure | null => {
  if (value !== null && value !== undefined) {
    if (!Number.isFinite(value)) throw invalid('value: a finite number');
    return { value: String(value), text: null, parts: [String(value)] };
  }
  const t = text?.trim();
  if (!t) return null;
  return readFigure(t);
};

/** An indicator's standing in a period, as every read answers it. */
export function standingView(r: any) {
  const ratio = r.value_value !== null && r.value_value !== undefined ? achievementRatio(r.value_value, r.target_value) : null;
  return {
    id: r.id as string,
    parentId: r.parent_id as string | null,
    code: r.code as string,
    name: r.name as string,
    unit: r.unit as string | null,
    departmentId: r.department_id as string,
    departmentName: r.department_name as string,
    planId: r.plan_id as string | null,
    planNumber: r.plan_number as string | null,
    decisionNumber: r.decision_number as string | null,
    decisionDate: r.decision_date as string | null,
    baseline: r.baseline_value !== null || r.baseline_text !== null ? { year: r.baseline_year as number | null, value: dec(r.baseline_value), text: r.baseline_text as string | null } : null,
    target: r.target_year !== null ? { year: r.target_year as number, value: dec(r.target_value), text: r.target_text as string | null, parts: (r.target_parts ?? []).map(Number) } : null,
    value: r.value_id
      ? {
          id: r.value_id as string,
          kind: r.value_kind as ValueKind,
          value: dec(r.value_value),
          text: r.value_text as string | null,
          parts: (r.value_parts ?? []).map(Number),
          note: r.value_note as string | null,
          reviewStatus: r.value_review_status as string,
          reportedAt: r.value_reported_at as Date,
          version: r.value_version as number,
        }
      : null,
    ratio,
    status: r.status as IndicatorStatus,
    version: r.version as number,
    /** Kept for the appendix: the exact decimals. */
    figures: { baseline: r.baseline_value as string | null, target: r.target_value as string | null, value: r.value_value as string | null },
  };
}
export type IndicatorStanding = ReturnType<typeof standingView>;

const valueColumns = (a = '') => `${a}id, ${a}indicator_id AS "indicatorId", ${a}year, ${a}period, ${a}kind, ${a}value::float8 AS value, ${a}text,
  ${a}parts::float8[] AS parts, ${a}note, ${a}review_status AS "reviewStatus", ${a}reported_by AS "reportedBy", ${a}reported_at AS "reportedAt",
  ${a}reviewed_by AS "reviewedBy", ${a}reviewed_at AS "reviewedAt", ${a}review_note AS "reviewNote", ${a}version`;
const VALUE_COLUMNS = valueColumns();

/**
 * Indicators (DOMAIN.md "Beyond tasks"): the secretariat defines them; the responsible
 * department's focal point enters each period's value (estimate and final apart); the
 * secretariat reviews a value as it reviews a completion (confirm, or return with a reason,
 * which takes it out of the counts and tells the focal points); every step in the history.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor | null, input: IndicatorInput, manager?: EntityManager): Promise<string> {
    if (actor) requireSecretariat(actor, 'define indicators');
    const run = async (m: EntityManager) => {
      const code = input.code.trim();
      const name = input.name.trim();
      if (!code) throw invalid('code: give the indicator its number (1, 2, 7.1 …)');
      if (!name) throw invalid('name: give the indicator its name');
      let departmentId = input.departmentId ?? null;
      let planId = input.planId ?? null;
      let decisionNumber = input.decisionNumber?.trim() || null;
      let decisionDate = input.decisionDate ?? null;
      if (input.parentId) {
        const [parent] = await m.query(`SELECT department_id, plan_id, decision_number, decision_date, parent_id FROM indicators WHERE id = $1`, [input.parentId]);
        if (!parent) throw invalid(`parentId: no indicator ${input.parentId}`);
        if (parent.parent_id) throw invalid('parentId: a sub-indicator cannot have sub-indicators of its own');
        departmentId ??= parent.department_id;
        if ((planId && planId !== parent.plan_id) || (decisionNumber && decisionNumber !== parent.decision_number)) {
          throw invalid('planId: a sub-indicator is assigned by its parent\'s decision');
        }
        [planId, decisionNumber, decisionDate] = [parent.plan_id, parent.decision_number, parent.decision_date];
      }
      if (!departmentId) throw invalid('departmentId: name the responsible department');
      if (!planId && !decisionNumber) throw invalid('planId: name the assigning decision, as a plan of the tracker (planId) or a document (decisionNumber, decisionDate)');
      if (planId && !(await m.query(`SELECT 1 FROM plans WHERE id = $1`, [planId])).length) throw invalid(`planId: no plan ${planId}`);
      if (!(await m.query(`SELECT 1 FROM departments WHERE id = $1`, [departmentId])).length) throw invalid(`departmentId: no department ${departmentId}`);
      const baseline = figureOf(input.baselineValue, input.baselineText);
      const [row] = await conflictOnDuplicate(
        () =>
          m.query(
            `INSERT INTO indicators (parent_id, code, name, unit, department_id, plan_id, decision_number, decision_date, baseline_year, baseline_value, baseline_text, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, COALESCE($12, (SELECT count(*) FROM indicators)::int)) RETURNING id`,
            [input.parentId ?? null, code, name, input.unit?.trim() || null, departmentId, planId, decisionNumber, decisionDate,
              input.baselineYear ?? null, baseline?.value ?? null, baseline?.text ?? null, input.position ?? null],
          ),
        () => `indicator ${code} of this decision already exists`,
      );
      const years = new Set<number>();
      for (const target of input.targets ?? []) {
        if (years.has(target.year)) throw invalid(`targets: year ${target.year} given twice`);
        years.add(target.year);
        const figure = figureOf(target.value, target.text);
        if (!figure) throw invalid(`targets: the target of ${target.year} needs a value or a text`);
        await m.query(`INSERT INTO indicator_targets (indicator_id, year, value, text, parts) VALUES ($1, $2, $3, $4, $5::numeric[])`, [
          row.id, target.year, figure.value, figure.text, figure.parts,
        ]);
      }
      return row.id as string;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /** Every indicator (sub-indicators under their parent) with its target, value, ratio and status in the period. */
  async standing(query: StandingQuery, ids?: string[]): Promise<IndicatorStanding[]> {
    const { where, params } = filters(query, ids);
    const rows = await this.dataSource.query(`${standingSql(where)} ORDER BY i.decision_key, i.position, i.code`, params);
    return rows.map(standingView);
  }

  async get(id: string, year: number, period: Period) {
    const [standing] = await this.standing({ year, period }, [id]);
    if (!standing) throw notFound('indicator', id);
    const [targets, values, history] = await Promise.all([
      this.dataSource.query(`SELECT year, value::float8 AS value, text, parts::float8[] AS parts FROM indicator_targets WHERE indicator_id = $1 ORDER BY year`, [id]),
      this.dataSource.query(`SELECT ${VALUE_COLUMNS} FROM indicator_values WHERE indicator_id = $1 ORDER BY year, period, kind`, [id]),
      this.dataSource.query(
        `SELECT h.id::int AS id, h.value_id AS "valueId", h.action, h.year, h.period, h.kind, h.value::float8 AS value, h.text, h.review_status AS "reviewStatus",
                h.note, h.actor_id AS "actorId", u.full_name AS "actorName", h.at
           FROM indicator_value_history h LEFT JOIN users u ON u.id = h.actor_id WHERE h.indicator_id = $1 ORDER BY h.id`,
        [id],
      ),
    ]);
    return { ...standing, targets, values, history };
  }

  /** The responsible department's focal point (or the secretariat) enters a period's value; it then waits for review. */
  async report(actor: Actor | null, indicatorId: string, input: ValueInput, manager?: EntityManager, action: 'reported' | 'imported' = 'reported') {
    if (!PERIOD_PATTERN.test(input.period)) throw invalid(`period: one of M1…M12, Q1…Q4, 6M, 9M, Y`);
    const run = async (m: EntityManager) => {
      const [indicator] = await m.query(`SELECT id, code, name, department_id FROM indicators WHERE id = $1 FOR SHARE`, [indicatorId]);
      if (!indicator) throw notFound('indicator', indicatorId);
      if (actor && actor.role !== 'secretariat' && !(actor.role === 'focal_point' && actor.departmentId === indicator.department_id)) {
        throw forbidden('only the focal points of the responsible department and the secretariat may enter this indicator\'s values');
      }
      const figure = figureOf(input.value, input.text);
      if (!figure) throw invalid('value: give the value (a number), or text where it is compound ("100% cấp tỉnh, 60% cấp huyện")');
      const [existing] = await m.query(
        `SELECT id, version FROM indicator_values WHERE indicator_id = $1 AND year = $2 AND period = $3 AND kind = $4 FOR UPDATE`,
        [indicatorId, input.year, input.period, input.kind],
      );
      if (existing && input.version === undefined) {
        throw invalid(`version is required: this indicator already has a ${input.kind} value for ${input.period}/${input.year} (version ${existing.version}); send the version you read to replace it`);
      }
      if (existing && input.version !== existing.version) throw staleVersion('indicator value', input.version!, existing.version);
      const note = input.note?.trim() || null;
      const [row] = await m.query(
        `INSERT INTO indicator_values (indicator_id, year, period, kind, value, text, parts, note, review_status, reported_by, reported_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::numeric[], $8, 'reported', $9, $10)
         ON CONFLICT (indicator_id, year, period, kind) DO UPDATE
           SET value = EXCLUDED.value, text = EXCLUDED.text, parts = EXCLUDED.parts, note = EXCLUDED.note, review_status = 'reported',
               reported_by = EXCLUDED.reported_by, reported_at = EXCLUDED.reported_at, reviewed_by = NULL, reviewed_at = NULL, review_note = NULL,
               version = indicator_values.version + 1
         RETURNING id`,
        [indicatorId, input.year, input.period, input.kind, figure.value, figure.text, figure.parts, note, actor?.id ?? null, this.clock.now()],
      );
      await this.record(m, row.id, action, actor?.id ?? null, note);
      if (actor && action === 'reported') {
        await this.notifications.notify(m, {
          userIds: await this.notifications.secretariatIds(m),
          kind: 'indicator_value_reported',
          title: `Số liệu chỉ tiêu ${indicator.code}`,
          body: `${input.kind === 'estimate' ? 'Ước thực hiện' : 'Thực hiện'} ${periodWords(input.period)} ${input.year} của chỉ tiêu "${indicator.name}": ${figure.value !== null ? formatFigure(figure.value) : figure.text}; đề nghị Thường trực xem xét, xác nhận.`,
          data: { indicatorId, valueId: row.id },
        });
      }
      return row.id as string;
    };
    const id = manager ? await run(manager) : await this.dataSource.transaction(run);
    return this.value(id, manager);
  }

  async value(id: string, manager: EntityManager = this.dataSource.manager) {
    const [row] = await manager.query(`SELECT ${VALUE_COLUMNS} FROM indicator_values WHERE id = $1`, [id]);
    if (!row) throw notFound('indicator value', id);
    return row;
  }

  /** As a completion is reviewed: confirm, or return with a reason (then it counts no more, and the focal points are told). */
  async review(actor: Actor, valueId: string, input: { confirm: boolean; note?: string; version: number }) {
    requireSecretariat(actor, 'review indicator values');
    await this.dataSource.transaction(async (m) => {
      const [v] = await m.query(
        `SELECT v.id, v.version, v.review_status, v.year, v.period, v.kind, i.code, i.name, i.department_id
           FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE v.id = $1 FOR UPDATE OF v`,
        [valueId],
      );
      if (!v) throw notFound('indicator value', valueId);
      if (input.version !== v.version) throw staleVersion('indicator value', input.version, v.version);
      if (v.review_status !== 'reported') throw conflict(`this value is already ${v.review_status}; only a reported value is reviewed`);
      const note = input.note?.trim() || null;
      if (!input.confirm && !note) throw invalid('note: give the reason for returning the value');
      await m.query(
        `UPDATE indicator_values SET review_status = $2, reviewed_by = $3, reviewed_at = $4, review_note = $5, version = version + 1 WHERE id = $1`,
        [valueId, input.confirm ? 'confirmed' : 'returned', actor.id, this.clock.now(), note],
      );
      await this.record(m, valueId, input.confirm ? 'confirmed' : 'returned', actor.id, note);
      if (!input.confirm) {
        await this.notifications.notify(m, {
          userIds: await this.notifications.focalPointIds(v.department_id, m),
          kind: 'indicator_value_returned',
          title: `Số liệu chỉ tiêu ${v.code} chưa được xác nhận`,
          body: `Thường trực trả lại số liệu ${periodWords(v.period)} ${v.year} của chỉ tiêu "${v.name}". Lý do: ${note}`,
          data: { valueId },
        });
      }
    });
    return this.value(valueId);
  }

  /** The review queue: values reported and not yet reviewed (awaiting=true), oldest first. */
  async values(query: { awaitingReview?: boolean; departmentId?: string; page: number; limit: number }) {
    const params: unknown[] = [query.awaitingReview ?? null, query.departmentId ?? null];
    const where = `($1::boolean IS NULL OR (v.review_status = 'reported') = $1) AND ($2::uuid IS NULL OR i.department_id = $2)`;
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${valueColumns('v.')}, i.code AS "indicatorCode", i.name AS "indicatorName", i.department_id AS "departmentId"
           FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE ${where}
          ORDER BY v.reported_at, v.id LIMIT $3 OFFSET $4`,
        [...params, query.limit, (query.page - 1) * query.limit],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE ${where}`, params),
    ]);
    return { items, total, page: query.page, limit: query.limit };
  }

  /** Counts per department, per assigning decision and in all: reached, not reached, no value …, and reached ÷ total. */
  async rollup(query: StandingQuery) {
    const { where, params } = filters(query);
    const rows: any[] = await this.dataSource.query(rollupSql(where), params);
    const counts = (r: any) => ({
      total: r.total,
      reached: r.reached,
      notReached: r.not_reached,
      noValue: r.no_value,
      notAssessed: r.not_assessed,
      confirmed: r.confirmed,
      reachedRate: completionRate(r.reached, r.total),
    });
    const all = rows.find((r) => r.by_decision_or_all === 1 && r.by_department_or_all === 1);
    return {
      year: query.year,
      period: query.period,
      total: all ? counts(all) : counts({ total: 0, reached: 0, not_reached: 0, no_value: 0, not_assessed: 0, confirmed: 0 }),
      byDepartment: rows
        .filter((r) => r.by_decision_or_all === 0)
        .map((r) => ({ departmentId: r.department_id, departmentName: r.department_name, ...counts(r) }))
        .sort((a, b) => a.departmentName.localeCompare(b.departmentName, 'vi')),
      byDecision: rows
        .filter((r) => r.by_decision_or_all === 1 && r.by_department_or_all === 0)
        .map((r) => ({ planId: r.plan_id, planNumber: r.plan_number, decisionNumber: r.decision_number, decisionDate: r.decision_date, ...counts(r) })),
    };
  }

  private async record(m: EntityManager, valueId: string, action: string, actorId: string | null, note: string | null) {
    await m.query(
      `INSERT INTO indicator_value_history (indicator_id, value_id, action, year, period, kind, value, text, review_status, note, actor_id, at)
       SELECT indicator_id, id, $2, year, period, kind, value, text, review_status, $3, $4, $5 FROM indicator_values WHERE id = $1`,
      [valueId, action, note, actorId, this.clock.now()],
    );
  }
}

function filters(query: StandingQuery, ids?: string[]): { where: string; params: unknown[] } {
  const params: unknown[] = [query.year, query.period, query.kind ?? null];
  const clauses: string[] = [];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(clause(`$${params.length}`));
  };
  if (query.departmentId) add((n) => `i.department_id = ${n}`, query.departmentId);
  if (query.planId) add((n) => `i.plan_id = ${n}`, query.planId);
  if (query.decisionNumber) add((n) => `i.decision_number = ${n}`, query.decisionNumber);
  if (ids) add((n) => `i.id = ANY(${n}::uuid[])`, ids);
  return { where: clauses.join(' AND '), params };
}

export function requireSecretariat(actor: Actor, what: string): void {
  if (actor.role !== 'secretariat') throw forbidden(`only the secretariat may ${what}`);
}

