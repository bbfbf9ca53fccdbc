import type { Shares } from './shares';

/** The counts of one scope (CONTRACT.md "Shapes"); withinDeadline + overdue = notStarted + inProgress + blocked. */
export interface RollupCounts {
  total: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  /** Completions the secretariat has confirmed (of `completed`). */
  confirmed: number;
  recurring: number;
  inProgress: number;
  notStarted: number;
  blocked: number;
  cancelled: number;
  withinDeadline: number;
  overdue: number;
  /** completed ÷ total × 100, half-up to two decimals, e.g. 27.27. */
  completionRate: number;
  /**
   * Each count's share of the total, as a number and as the reports print it ("18/66 (27,27%)");
   * only when asked for (`GET /rollups?shares=true`, withShares): the contract's counts object has exactly the keys above.
   */
  shares?: Shares;
}

export type PlanRollup = { planId: string; number: string } & RollupCounts;
export type DepartmentRollup = { departmentId: string; name: string } & RollupCounts;

export interface Rollup {
  asOf: string;
  total: RollupCounts;
  byPlan: PlanRollup[];
  byDepartment: DepartmentRollup[];
}

export interface RollupScope {
  /** Only these plans (none: every plan). */
  planIds?: string[];
  /** Only the tasks this department leads, children of collective tasks included. */
  departmentId?: string;
  /** YYYY-MM-DD; default today in the business time zone. Before today: the day as done (taskStatesOnDaySql). */
  asOf?: string;
  /** Also each count's share of its total in every counts object (withShares). */
  shares?: boolean;
}

/** The raw counts in the order of the contract (completionRate is derived from them). */
export const COUNT_KEYS = [
  'total', 'completed', 'completedOnTime', 'completedLate', 'confirmed', 'recurring',
  'inProgress', 'notStarted', 'blocked', 'cancelled', 'withinDeadline', 'overdue',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
