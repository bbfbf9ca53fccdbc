import { EntityManager } from 'typeorm';
import { Rollup, PlanRollup } from './rollup.types';
import { countsOf, RollupsService } from './rollups.service';

/** A plan of a cascade as the walk down found it (libs/plans, plan-hierarchy.ts). */
export interface CascadeNode {
  planId: string;
  number: string;
  title: string;
  depth: number;
  parentPlanId: string | null;
  parentTaskId: string | null;
  link: string | null;
}

/** One plan's own figures in the cascade, with where it sits. */
export type CascadePlanRollup = PlanRollup & Omit<CascadeNode, 'planId' | 'number'>;

/** The figures of a plan and everything beneath it: the whole cascade, and each plan in the walk's order. */
export interface CascadeRollup extends Omit<Rollup, 'byPlan'> {
  planId: string;
  plans: CascadePlanRollup[];
}

/**
 * The roll-up of a cascade: the one roll-up statement of rollups.service.ts over the plans the
 * recursive walk found, so the counting rules stay in one place. Each plan counts its own
 * top-level tasks: a task answered by a sub-plan (Decision 36's task 5, done by issuing Plan 1446)
 * is counted in its plan, and the sub-plan's tasks in theirs.
 */
export async function cascadeRollup(rollups: RollupsService, nodes: CascadeNode[], asOf?: string, manager?: EntityManager): Promise<CascadeRollup> {
  const rollup = await rollups.rollup({ planIds: nodes.map((n) => n.planId), asOf }, manager);
  const byId = new Map(rollup.byPlan.map((p) => [p.planId, p]));
  const plans = nodes.map((node) => {
    const counts = byId.get(node.planId) ?? countsOf(undefined, { planId: node.planId, number: node.number });
    return { ...counts, title: node.title, depth: node.depth, parentPlanId: node.parentPlanId, parentTaskId: node.parentTaskId, link: node.link };
  });
  return { planId: nodes[0].planId, asOf: rollup.asOf, total: rollup.total, byDepartment: rollup.byDepartment, plans };
}
