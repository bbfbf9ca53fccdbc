import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { invalid } from '@app/common';
import { preparedQuery } from '@app/database';
import { taskStatesOnDaySql } from '@app/tasks';
import { completionRate } from './completion-rate';
import { countConditions, inPlansSql } from './rollup-sql';
import { RollupsService } from './rollups.service';

/**
 * Departments compared (issue 16 item 5), as the reports praise and criticise them: per
 * department the tasks it leads (children of collective tasks included, as the roll-up's
 * byDepartment counts them), completed on time, late, within deadline, overdue, its on-time
 * rate and its rank; beside them the tasks it coordinates (phối hợp), as information.
 *
 * The states as of the day come from taskStatesOnDaySql (the roll-up's own: a past day as done) and the counts from the roll-up's own
 * conditions (countConditions): whatever rule those follow (bitemporal days, the on-time rule),
 * the ranking follows it too.
 */
export interface DepartmentRank {
  departmentId: string;
  name: string;
  /** 1 for the best; departments with the same rate and the same overdue count share a rank; null when it leads nothing. */
  rank: number | null;
  /** Tasks it leads (chủ trì) in the scope. */
  led: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  withinDeadline: number;
  overdue: number;
  /** Cancelled or recurring: led, but judged neither way. */
  other: number;
  /**
   * completedOnTime ÷ (completed + overdue) × 100, half-up to two decimals: of the tasks that
   * were due or delivered by the day, the share delivered on time. Null when none was (tasks
   * all still within their deadline are neither praise nor blame).
   */
  onTimeRate: number | null;
  /** Tasks it coordinates (phối hợp) in the scope, and of those, completed and overdue. */
  coordinating: number;
  coordinatingCompleted: number;
  coordinatingOverdue: number;
}

export interface DepartmentRanking {
  asOf: string;
  /** The assignment window asked for (a task is assigned on its `assigned_on`, else its plan's issue date), or null. */
  assignedFrom: string | null;
  assignedTo: string | null;
  departments: DepartmentRank[];
}

export interface DepartmentRankingScope {
  planIds?: string[];
  asOf?: string;
  /** YYYY-MM-DD: only tasks assigned on or after (seed 004 Phụ lục 3: "Từ 01/01/2024 đến 27/5/2024"). */
  assignedFrom?: string;
  assignedTo?: string;
}

interface RankRow {
  departmentId: string;
  name: string;
  led: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  withinDeadline: number;
  overdue: number;
  coordinating: number;
  coordinatingCompleted: number;
  coordinatingOverdue: number;
}

const vietnamese = new Intl.Collator('vi');

/** The statement: one pass over the task states, the lead's rows and the coordinators' rows side by side. */
export function departmentRankingSql(states: string, day: string): string {
  const c = countConditions('s', day);
  const flag = (condition: string) => `(${condition})::int`;
  return `
    WITH s AS MATERIALIZED (${states})
    SELECT d.id AS "departmentId", d.name,
           sum(x.led)::int AS led, sum(x.completed)::int AS completed, sum(x.on_time)::int AS "completedOnTime",
           sum(x.late)::int AS "completedLate", sum(x.within)::int AS "withinDeadline", sum(x.overdue)::int AS overdue,
           sum(x.coordinating)::int AS coordinating, sum(x.coordinating_completed)::int AS "coordinatingCompleted",
           sum(x.coordinating_overdue)::int AS "coordinatingOverdue"
      FROM (SELECT s.lead_department_id AS department_id, 1 AS led, ${flag(c.completed)} AS completed,
                   ${flag(c.completedOnTime)} AS on_time, ${flag(c.completedLate)} AS late, ${flag(c.withinDeadline)} AS within,
                   ${flag(c.overdue)} AS overdue, 0 AS coordinating, 0 AS coordinating_completed, 0 AS coordinating_overdue
              FROM s WHERE s.lead_department_id IS NOT NULL
            UNION ALL
            -- the coordinators as the task row keeps them (the copy of task_coordinators, migration 1763870800000)
            SELECT k.department_id, 0, 0, 0, 0, 0, 0, 1, ${flag(c.completed)}, ${flag(c.overdue)}
              FROM s JOIN tasks ct ON ct.id = s.id CROSS JOIN LATERAL unnest(ct.coordinating_department_ids) AS k(department_id)) x
      JOIN departments d ON d.id = x.department_id
     GROUP BY d.id, d.name`;
}

/** Ranks computed from the counts: by on-time rate (exact fractions, not the rounded figures), then fewer overdue. */
export function rankDepartments(rows: RankRow[]): DepartmentRank[] {
  const ranked: DepartmentRank[] = rows.map((r) => {
    const judged = r.completed + r.overdue;
    return {
      departmentId: r.departmentId,
      name: r.name,
      rank: null,
      led: r.led,
      completed: r.completed,
      completedOnTime: r.completedOnTime,
      completedLate: r.completedLate,
      withinDeadline: r.withinDeadline,
      overdue: r.overdue,
      other: r.led - r.completed - r.withinDeadline - r.overdue,
      onTimeRate: judged ? completionRate(r.completedOnTime, judged) : null,
      coordinating: r.coordinating,
      coordinatingCompleted: r.coordinatingCompleted,
      coordinatingOverdue: r.coordinatingOverdue,
    };
  });
  // a before b: higher exact rate (a department with none comes after every rate), then fewer overdue
  const compare = (a: DepartmentRank, b: DepartmentRank): number => {
    const ja = a.completed + a.overdue;
    const jb = b.completed + b.overdue;
    if (!ja || !jb) return (ja ? 0 : 1) - (jb ? 0 : 1) || a.overdue - b.overdue;
    return b.completedOnTime * ja - a.completedOnTime * jb || a.overdue - b.overdue;
  };
  const leading = ranked.filter((r) => r.led > 0).sort((a, b) => compare(a, b) || vietnamese.compare(a.name, b.name));
  leading.forEach((r, i) => {
    // competition ranking (1, 2, 2, 4): a tie shares the better place
    r.rank = i > 0 && compare(leading[i - 1], r) === 0 ? leading[i - 1].rank : i + 1;
  });
  const coordinatingOnly = ranked.filter((r) => r.led === 0).sort((a, b) => vietnamese.compare(a.name, b.name));
  return [...leading, ...coordinatingOnly];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

@Injectable()
export class DepartmentRankingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rollups: RollupsService,
  ) {}

  /** Every department that leads or coordinates a task of the scope, ranked; in a summary's transaction when `manager` is given. */
  async ranking(scope: DepartmentRankingScope, manager?: EntityManager): Promise<DepartmentRanking> {
    const { asOf, until } = this.rollups.resolveAsOf(scope.asOf);
    for (const key of ['assignedFrom', 'assignedTo'] as const) {
      const value = scope[key];
      if (value !== undefined && !DAY.test(value)) throw invalid(`${key} must be a date written YYYY-MM-DD, got "${value}"`);
    }
    if (scope.assignedFrom && scope.assignedTo && scope.assignedFrom > scope.assignedTo) {
      throw invalid(`assignedFrom ${scope.assignedFrom} is after assignedTo ${scope.assignedTo}`);
    }
    const params: unknown[] = [asOf];
    const param = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    const untilSql = until ? param(until, 'timestamptz') : null;
    const where: string[] = [];
    // the plans' own tasks and those carried into them, as the roll-up counts them
    if (scope.planIds) where.push(inPlansSql(param([...new Set(scope.planIds)], 'uuid[]')));
    // a task is assigned on its own assignment day, else its plan's issue date (the day the plan gave it)
    const window: string[] = [];
    if (scope.assignedFrom) window.push(`COALESCE(t.assigned_on, p.issued_on) >= ${param(scope.assignedFrom, 'date')}`);
    if (scope.assignedTo) window.push(`COALESCE(t.assigned_on, p.issued_on) <= ${param(scope.assignedTo, 'date')}`);
    if (window.length) where.push(`EXISTS (SELECT 1 FROM plans p WHERE p.id = t.plan_id AND ${window.join(' AND ')})`);
    // the same states as the roll-up: a past day as done, today as it is, yearly duties by year
    const sql = departmentRankingSql(taskStatesOnDaySql({ day: '$1::date', until: untilSql, where }), '$1::date');
    const rows = await preparedQuery<RankRow>(this.dataSource, sql, params, { manager });
    return { asOf, assignedFrom: scope.assignedFrom ?? null, assignedTo: scope.assignedTo ?? null, departments: rankDepartments(rows) };
  }
}
