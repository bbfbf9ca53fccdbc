import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, invalid } from '@app/common';
import { DATA_GENERATION_SQL, preparedQuery, ReadCaches } from '@app/database';
import { completionRate } from './completion-rate';
import { sharesOf } from './shares';
import { taskStatesOnDaySql } from '@app/tasks';
import { inPlansSql, rollupSql } from './rollup-sql';
import { COUNT_KEYS, DepartmentRollup, PlanRollup, Rollup, RollupCounts, RollupScope } from './rollup.types';

interface RollupRow extends Record<(typeof COUNT_KEYS)[number], number> {
  axis: 'plan' | 'department' | 'total';
  key: string | null;
}

const vietnamese = new Intl.Collator('vi');

/**
 * The secretariat's figures (DOMAIN.md "Roll-ups"), counted by PostgreSQL in one statement
 * whatever the number of plans and departments; no task is loaded into memory.
 */
@Injectable()
export class RollupsService {
  /**
   * Recent roll-ups as JSON text are kept in the read caches (libs/database/src/read-caches.ts),
   * by scope, day and data stamp (rollupJson): the data generation and the revisions the
   * roll-up depends on (migration 1763870900000-data-revisions), which any committed change
   * raises, so an entry is never found again once what it counted has changed. A service made
   * without them keeps its own.
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly caches: ReadCaches = new ReadCaches(),
  ) {}

  /**
   * The day a roll-up is taken as of and where the states come from: today's from the tasks
   * themselves, a past day's as done (taskStatesOnDaySql: completion and document dates as
   * known now, the statuses recorded by the end of that day in the business time zone).
   */
  resolveAsOf(asOf?: string): { asOf: string; until: Date | null } {
    const today = this.clock.today();
    const day = asOf ?? today;
    // a future day's figures would change until then: refuse rather than answer a guess
    if (day > today) throw invalid(`asOf ${day} is after today (${today}); a roll-up counts what has happened`);
    return { asOf: day, until: day < today ? this.clock.endOfDay(day) : null };
  }

  /**
   * The roll-up as JSON text, for the HTTP layer: from the cache when nothing it counts has
   * changed since it was made. First the stamp (one small read), then, on a miss, the roll-up
   * in later statements: a change committed in between is counted in figures kept under the
   * older stamp, which only readers that saw that older stamp can find, so no reader gets
   * figures older than its own read (BENCHMARKS.md).
   */
  async rollupJson(scope: RollupScope): Promise<string> {
    const { asOf } = this.resolveAsOf(scope.asOf);
    const computed = async () => {
      const rollup = await this.rollup({ ...scope, asOf });
      return JSON.stringify(scope.shares ? withShares(rollup) : rollup);
    };
    if (!this.caches.enabled) return computed();
    // revisions are keyed by the uuid as PostgreSQL writes it (lower case); a client may not
    const planIds = scope.planIds ? [...new Set(scope.planIds.map((id) => id.toLowerCase()))].sort() : null;
    const [{ generation, stamp }] = await preparedQuery<{ generation: string; stamp: string }>(
      this.dataSource,
      // the plans' revisions (every plan's for a scope of all plans or of a department) and the departments' (their names);
      // a scope of plans also depends on the plans of the tasks carried into them (a conclusion notice's): as the set of
      // those can shrink, each key's revision is in the stamp, not their sum (revisions only grow, so a stamp never comes back)
      `SELECT ${DATA_GENERATION_SQL} AS generation,
              CASE WHEN $1::text[] IS NULL THEN COALESCE(sum(revision), 0)::text
                   ELSE string_agg(key || ':' || revision, ',' ORDER BY key) END AS stamp
         FROM data_revisions
        WHERE $1::text[] IS NULL OR key = 'departments' OR key = ANY($1::text[])
           OR key IN (SELECT t.plan_id::text FROM carried_tasks c JOIN tasks t ON t.id = c.task_id WHERE c.plan_id::text = ANY($1::text[]))`,
      [planIds],
    );
    this.caches.observe(generation);
    const key = JSON.stringify([generation, planIds, scope.departmentId ?? null, asOf, stamp, !!scope.shares]);
    const cached = this.caches.rollups.get(key);
    if (cached !== undefined) return cached;
    const json = await computed();
    this.caches.rollups.set(key, json);
    return json;
  }

  /** The roll-up of a scope; inside a meeting summary's transaction when `manager` is given. */
  async rollup(scope: RollupScope, manager?: EntityManager): Promise<Rollup> {
    const { asOf, until } = this.resolveAsOf(scope.asOf);
    const planIds = scope.planIds ? [...new Set(scope.planIds)] : undefined;
    const { plans, department } = await this.checkScope(manager, planIds, scope.departmentId);

    const params: unknown[] = [asOf];
    const param = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    const where: string[] = [];
    const untilSql = until ? param(until, 'timestamptz') : null;
    // a plan's scope: its own tasks and those carried into it (a conclusion notice's, issue 18)
    const planScope = planIds ? param(planIds, 'uuid[]') : null;
    const carriedInto = `t.id IN (SELECT c.task_id FROM carried_tasks c${planScope ? ` WHERE c.plan_id = ANY(${planScope})` : ''})`;
    if (planScope) where.push(inPlansSql(planScope));
    if (scope.departmentId) where.push(`t.lead_department_id = ${param(scope.departmentId, 'uuid')}`);
    // a past day as done (the dates the work happened, as known now); today the tasks as they are; yearly duties by year
    const states = taskStatesOnDaySql({ day: '$1::date', until: untilSql, where });
    // the carried tasks again, each counted in the notices of the scope it is carried into
    const carriedStates = taskStatesOnDaySql({ day: '$1::date', until: untilSql, where: [...where.slice(planScope ? 1 : 0), carriedInto] });
    const sql = rollupSql({ states, day: '$1::date', allRowsPerPlan: !!scope.departmentId, planScope, carriedStates });
    const rows = await preparedQuery<RollupRow & { number: string | null; issued_on: string | null; name: string | null }>(
      this.dataSource,
      `SELECT r.*, p.number, p.issued_on, d.name
         FROM (${sql}) r
         LEFT JOIN plans p ON r.axis = 'plan' AND p.id = r.key
         LEFT JOIN departments d ON r.axis = 'department' AND d.id = r.key`,
      params,
      { manager },
    );

    // objects built key by key in the contract's order: no spread per row (a roll-up of every
    // plan has hundreds of rows, and this ran on each request)
    let totalRow: RollupRow | undefined;
    const byPlan: PlanRollup[] = [];
    const byDepartment: DepartmentRollup[] = [];
    const issuedOn = new Map<string, string>();
    for (const r of rows) {
      if (r.axis === 'plan') {
        byPlan.push(countsOf(r, { planId: r.key!, number: r.number! }));
        issuedOn.set(r.key!, r.issued_on!);
      } else if (r.axis === 'department') byDepartment.push(countsOf(r, { departmentId: r.key!, name: r.name! }));
      else totalRow = r;
    }
    // plans and a department asked for by name appear even when they have nothing to count yet
    for (const plan of plans) {
      if (!issuedOn.has(plan.id)) {
        byPlan.push(countsOf(undefined, { planId: plan.id, number: plan.number }));
        issuedOn.set(plan.id, plan.issued_on);
      }
    }
    if (department && !byDepartment.length) byDepartment.push(countsOf(undefined, { departmentId: department.id, name: department.name }));

    byPlan.sort((a, b) => issuedOn.get(a.planId)!.localeCompare(issuedOn.get(b.planId)!) || vietnamese.compare(a.number, b.number));
    byDepartment.sort((a, b) => vietnamese.compare(a.name, b.name));
    return { asOf, total: countsOf(totalRow), byPlan, byDepartment };
  }

  /** Unknown plan or department ids are a 400 naming them, not an empty roll-up. */
  private async checkScope(manager: EntityManager | undefined, planIds: string[] | undefined, departmentId: string | undefined) {
    const plans = planIds?.length
      ? await preparedQuery<{ id: string; number: string; issued_on: string }>(
          this.dataSource, `SELECT id, number, issued_on FROM plans WHERE id = ANY($1::uuid[])`, [planIds], { manager })
      : [];
    const missing = (planIds ?? []).filter((id) => !plans.some((p) => p.id === id));
    if (missing.length) throw invalid(`planId: unknown plan ${missing.join(', ')}`);
    let department: { id: string; name: string } | undefined;
    if (departmentId) {
      [department] = await preparedQuery<{ id: string; name: string }>(this.dataSource, `SELECT id, name FROM departments WHERE id = $1`, [departmentId], { manager });
      if (!department) throw invalid(`departmentId: unknown department ${departmentId}`);
    }
    return { plans, department };
  }
}

/**
 * A counts object in the contract's key order, with the completion rate and each count's share beside the raw counts;
 * written into `into` (which keeps its own keys first), or a new object.
 */
export function countsOf<T extends object = object>(row?: Partial<Record<(typeof COUNT_KEYS)[number], number>>, into?: T): T & RollupCounts {
  const counts = (into ?? {}) as Record<string, number>;
  for (const key of COUNT_KEYS) counts[key] = row?.[key] ?? 0;
  counts.completionRate = completionRate(counts.completed, counts.total);
  return counts as T & RollupCounts;
}

/** The roll-up with each counts object's shares of its total beside its counts (`shares`, last key). */
export function withShares(rollup: Rollup): Rollup {
  const add = <T extends RollupCounts>(counts: T): T => ({ ...counts, shares: sharesOf(counts) });
  return { ...rollup, total: add(rollup.total), byPlan: rollup.byPlan.map(add), byDepartment: rollup.byDepartment.map(add) };
}
