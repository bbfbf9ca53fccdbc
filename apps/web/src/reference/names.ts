import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Task } from '../api/client';

/** Departments, groups and plans change rarely: read once (200 is the API's page limit and more than a province has). */
const RARELY = { staleTime: 10 * 60_000 };

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: () => unwrap(api.GET('/api/v1/departments', { params: { query: { limit: 200 } } })),
    ...RARELY,
  });
}

export function useGroups() {
  return useQuery({
    queryKey: ['department-groups'],
    queryFn: () => unwrap(api.GET('/api/v1/department-groups', { params: { query: { limit: 200 } } })),
    ...RARELY,
  });
}

export function usePlans() {
  return useQuery({
    queryKey: ['plans'],
    queryFn: () => unwrap(api.GET('/api/v1/plans', { params: { query: { limit: 200 } } })),
    ...RARELY,
  });
}

/** Department (and group) names by id. */
export function useDepartmentNames(): (id: string | null | undefined) => string {
  const departments = useDepartments();
  const groups = useGroups();
  const names = new Map<string, string>();
  for (const d of departments.data?.items ?? []) names.set(d.id, d.name);
  for (const g of groups.data?.items ?? []) names.set(g.id, g.name);
  return (id) => (id ? (names.get(id) ?? '…') : '');
}

/** The lead of a task: its department, or for a collective task its group. */
export function leadOf(task: Pick<Task, 'leadDepartmentId' | 'leadGroupId'>, nameOf: (id: string | null) => string): string {
  return task.leadDepartmentId ? nameOf(task.leadDepartmentId) : nameOf(task.leadGroupId);
}

