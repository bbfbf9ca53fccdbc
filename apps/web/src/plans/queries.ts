import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Task } from '../api/client';

/** The API's largest page. */
const PAGE = 200;

/** Every plan's roll-up as of today (GET /rollups byPlan). */
export function usePlanRollups(planId?: string) {
  return useQuery({
    queryKey: ['rollups', { planId: planId ?? null }],
    queryFn: () => unwrap(api.GET('/api/v1/rollups', { params: { query: planId ? { planId: [planId] } : {} } })),
  });
}

/** One plan's top-level tasks, in the order of its document (the API's plan order), every page of them. */
export function usePlanTasks(planId: string) {
  return useQuery({
    queryKey: ['tasks', { planId, parentId: 'null', all: true }],
    queryFn: async () => {
      const items: Task[] = [];
      for (let page = 1; ; page += 1) {
        // parentId "null": top-level tasks only (the OpenAPI document types this query field as an object)
        const query = { planId, parentId: 'null', page, limit: PAGE };
        const answer = await unwrap(api.GET('/api/v1/tasks', { params: { query } }));
        items.push(...answer.items);
        if (answer.items.length === 0 || items.length >= answer.total) return { items, total: answer.total };
      }
    },
  });
}

/** The sections of a plan (each task's `group`), in the order they first appear, with their tasks in plan order. */
export function sectionsOf(tasks: Task[]): Array<{ group: string | null; tasks: Task[] }> {
  const sections = new Map<string | null, Task[]>();
  for (const task of tasks) {
    const key = task.group?.trim() || null;
    const list = sections.get(key);
    if (list) list.push(task);
    else sections.set(key, [task]);
  }
  return [...sections].map(([group, list]) => ({ group, tasks: list }));
}
