import { EntityManager } from 'typeorm';
import { invalid } from '@app/common';

/**
 * Plans that implement plans (issue 18). The edges are the view `plan_parents` of migration
 * 1764400000000-plan-hierarchy: a parent named by hand (`link` 'manual'), else the plan whose
 * task has an output document carrying this plan's number in its year ('document'). Each plan
 * has at most one parent, so a walk down never meets a plan twice except around a cycle, which
 * the walks below stop (the by-hand links refuse to make one; a document may still describe one).
 */

export type PlanLinkKind = 'manual' | 'document';

/** A plan beside another: its parent or one of its children. */
export interface PlanLink {
  id: string;
  number: string;
  kind: string;
  title: string;
  issuedOn: string;
  year: number;
  link: PlanLinkKind;
  /** The task of the parent plan the child implements (its output document), when known. */
  task: { id: string; code: string; title: string } | null;
}

/** A plan of a cascade, in the order of a walk down (depth first, siblings by date and number). */
export interface CascadePlan {
  planId: string;
  number: string;
  title: string;
  depth: number;
  parentPlanId: string | null;
  parentTaskId: string | null;
  link: PlanLinkKind | null;
}

const LINK_JSON = (plan: string, edge: string, task: string) => `json_build_object(
  'id', ${plan}.id, 'number', ${plan}.number, 'kind', ${plan}.kind, 'title', ${plan}.title,
  'issuedOn', to_char(${plan}.issued_on, 'YYYY-MM-DD'), 'year', ${plan}.year, 'link', ${edge}.link,
  'task', CASE WHEN ${task}.id IS NULL THEN NULL ELSE json_build_object('id', ${task}.id, 'code', ${task}.code, 'title', ${task}.title) END)`;

/** A plan's parent and children, one statement. */
export const PLAN_NEIGHBOURS_SQL = `
  SELECT (SELECT ${LINK_JSON('p', 'e', 't')}
            FROM plan_parents e JOIN plans p ON p.id = e.parent_plan_id LEFT JOIN tasks t ON t.id = e.parent_task_id
           WHERE e.plan_id = $1) AS parent,
         COALESCE((SELECT json_agg(${LINK_JSON('c', 'e', 't')} ORDER BY c.issued_on, c.number, c.id)
            FROM plan_parents e JOIN plans c ON c.id = e.plan_id LEFT JOIN tasks t ON t.id = e.parent_task_id
           WHERE e.parent_plan_id = $1), '[]') AS children`;

/**
 * A plan and everything beneath it, walked by a recursive CTE; the CYCLE clause stops a walk
 * that comes back to a plan it has passed (only documents can describe such a loop).
 */
export const CASCADE_SQL = `
  WITH RECURSIVE down(id, parent_plan_id, parent_task_id, link, depth, sort) AS (
      SELECT p.id, NULL::uuid, NULL::uuid, NULL::text, 0, ARRAY[]::text[] FROM plans p WHERE p.id = $1
    UNION ALL
      SELECT e.plan_id, e.parent_plan_id, e.parent_task_id, e.link, d.depth + 1,
             d.sort || (to_char(c.issued_on, 'YYYY-MM-DD') || ' ' || c.number || ' ' || c.id::text)
        FROM down d JOIN plan_parents e ON e.parent_plan_id = d.id JOIN plans c ON c.id = e.plan_id
  ) CYCLE id SET looped USING path
  SELECT d.id AS "planId", p.number, p.title, d.depth, d.parent_plan_id AS "parentPlanId",
         d.parent_task_id AS "parentTaskId", d.link
    FROM down d JOIN plans p ON p.id = d.id
   WHERE NOT d.looped
   ORDER BY d.sort`;

/** Whether `ancestor` is `plan` or above it (walking up the edges). */
const IS_ANCESTOR_SQL = `
  WITH RECURSIVE up(id) AS (
      SELECT $1::uuid
    UNION
      SELECT e.parent_plan_id FROM up JOIN plan_parents e ON e.plan_id = up.id
  )
  SELECT EXISTS (SELECT 1 FROM up WHERE id = $2::uuid) AS found`;

/** The parent fields a create or an edit may carry; null clears. */
export interface PlanParentInput {
  parentPlanId?: string | null;
  parentTaskId?: string | null;
  parentText?: string | null;
}

/**
 * The parent columns to write for `input`, checked: the plan and task exist, the task belongs to
 * the plan named, plan and text are not both given, and the link makes no cycle (400 naming the
 * field). `planId` is the plan being edited (none when it is being created: nothing is beneath it
 * yet). Empty when the input names no parent field.
 */
export async function resolvePlanParent(
  manager: EntityManager,
  planId: string | null,
  input: PlanParentInput,
): Promise<{ parentPlanId?: string | null; parentTaskId?: string | null; parentText?: string | null }> {
  const { parentPlanId, parentTaskId, parentText } = input;
  if (parentPlanId === undefined && parentTaskId === undefined && parentText === undefined) return {};
  const text = parentText?.trim() || null;
  let plan = parentPlanId ?? null;
  const task = parentTaskId ?? null;
  if (task) {
    const [row]: { plan_id: string }[] = await manager.query(`SELECT plan_id FROM tasks WHERE id = $1`, [task]);
    if (!row) throw invalid(`parentTaskId: unknown task ${task}`);
    if (plan && plan !== row.plan_id) throw invalid(`parentTaskId: task ${task} belongs to plan ${row.plan_id}, not to parentPlanId ${plan}`);
    plan = row.plan_id;
  }
  if (plan && text) throw invalid('parentText: give the plan implemented either as parentPlanId (a plan of the tracker) or as parentText, not both');
  if (!plan) {
    // clearing the plan clears its task; text alone names a plan outside the tracker
    return { parentPlanId: null, parentTaskId: null, parentText: text };
  }
  const field = task ? 'parentTaskId' : 'parentPlanId';
  const [exists] = await manager.query(`SELECT 1 FROM plans WHERE id = $1`, [plan]);
  if (!exists) throw invalid(`parentPlanId: unknown plan ${plan}`);
  if (planId) {
    if (plan === planId) throw invalid(`${field}: a plan cannot implement itself`);
    // the links are edited one at a time, so two edits cannot each close half of a loop
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('plan_parents'))`);
    const [{ found }]: { found: boolean }[] = await manager.query(IS_ANCESTOR_SQL, [plan, planId]);
    if (found) throw invalid(`${field}: plan ${plan} is beneath this plan already; linking it as its parent would make a cycle`);
  }
  return { parentPlanId: plan, parentTaskId: task, parentText: null };
}
