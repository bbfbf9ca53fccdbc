import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, invalid } from '@app/common';
import { completionRate } from './completion-rate';
import { taskStatesSql } from '@app/tasks';
import { rollupSql } from './rollup-sql';
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
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The day a roll-up is taken as of and where the states come from: today's from the tasks
   * themselves, a past day's from the history at the end of that day in the business time zone.
   */
  resolveAsOf(asOf?: string): { asOf: string; until: Date | null } {
    const today = this.clock.today();
    const day = asOf ?? today;
    // a future day's figures would change until then: refuse rather than answer a guess
    if (day > today) throw invalid(`asOf ${day} is after today (${today}); a roll-up counts what has happened`);
    return { asOf: day, until: day < today ? this.clock.endOfDay(day) : null };
  }

  async rollup(scope: RollupScope, manager: EntityManager = this.dataSource.manager): Promise<Rollup> {
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
    if (planIds) where.push(`t.plan_id = ANY(${param(planIds, 'uuid[]')})`);
    if (scope.departmentId) where.push(`t.lead_department_id = ${param(scope.departmentId, 'uuid')}`);
    const sql = rollupSql({ states: taskStatesSql({ until: untilSql, where }), day: '$1::date', allRowsPerPlan: !!scope.departmentId });
    const rows: (RollupRow & { number: string | null; issued_on: string | null; name: string | null })[] = await manager.query(
      `SELECT r.*, p.number, p.issued_on, d.name
         FROM (${sql}) r
         LEFT JOIN plans p ON r.axis = 'plan' AND p.id = r.key
         LEFT JOIN departments d ON r.axis = 'department' AND d.id = r.key`,
      params,
    );

    const totalRow = rows.find((r) => r.axis === 'total');
    const byPlan: (PlanRollup & { issuedOn: string })[] = rows
      .filter((r) => r.axis === 'plan')
      .map((r) => ({ planId: r.key!, number: r.number!, issuedOn: r.issued_on!, ...countsOf(r) }));
    const byDepartment: DepartmentRollup[] = rows
      .filter((r) => r.axis === 'department')
      .map((r) => ({ departmentId: r.key!, name: r.name!, ...countsOf(r) }));
    // plans and a department asked for by name appear even when they have nothing to count yet
    for (const plan of plans) {
      if (!byPlan.some((p) => p.planId === plan.id)) byPlan.push({ planId: plan.id, number: plan.number, issuedOn: plan.issued_on, ...countsOf() });
    }
    if (department && !byDepartment.length) byDepartment.push({ departmentId: department.id, name: department.name, ...countsOf() });

    byPlan.sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || vietnamese.compare(a.number, b.number));
    byDepartment.sort((a, b) => vietnamese.compare(a.name, b.name));
    return {
      asOf,
      total: countsOf(totalRow),
      byPlan: byPlan.map(({ issuedOn: _issuedOn, ...plan }) => plan),
      byDepartment,
    };
  }

  /** Unknown plan or department ids are a 400 naming them, not an empty roll-up. */
  private async checkScope(manager: EntityManager, planIds: string[] | undefined, departmentId: string | undefined) {
    const plans: { id: string; number: string; issued_on: string }[] = planIds?.length
      ? await manager.query(`SELECT id, number, issued_on FROM plans WHERE id = ANY($1::uuid[])`, [planIds])
      : [];
    const missing = (planIds ?? []).filter((id) => !plans.some((p) => p.id === id));
    if (missing.length) throw invalid(`planId: unknown plan ${missing.join(', ')}`);
    let department: { id: string; name: string } | undefined;
    if (departmentId) {
      [department] = await manager.query(`SELECT id, name FROM departments WHERE id = $1`, [departmentId]);
      if (!department) throw invalid(`departmentId: unknown department ${departmentId}`);
    }
    return { plans, department };
  }
}

/** A counts object in the contract's key order, with the completion rate beside the raw counts. */
export function countsOf(row?: Partial<Record<(typeof COUNT_KEYS)[number], number>>): RollupCounts {
  const counts = Object.fromEntries(COUNT_KEYS.map((key) => [key, row?.[key] ?? 0])) as Omit<RollupCounts, 'completionRate'>;
  return { ...counts, completionRate: completionRate(counts.completed, counts.total) };
}
