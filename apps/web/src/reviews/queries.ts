import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Every read of the review queues starts with this key: a decision refreshes them all (and the navigation's count). */
export const REVIEWS_KEY = ['reviews'] as const;

/** The API's largest page: more completions than this waiting at once is not a day's work. */
const QUEUE_LIMIT = 200;

const completionsQuery = (limit: number) => ({
  queryKey: [...REVIEWS_KEY, 'completions', limit],
  queryFn: () => unwrap(api.GET('/api/v1/tasks', { params: { query: { awaitingReview: true, limit } } })),
});
const extensionsQuery = {
  queryKey: [...REVIEWS_KEY, 'extensions'],
  queryFn: () => unwrap(api.GET('/api/v1/extension-requests', { params: { query: { status: 'pending' } } })),
};
const statusRequestsQuery = {
  queryKey: [...REVIEWS_KEY, 'status-requests'],
  queryFn: () => unwrap(api.GET('/api/v1/status-requests', { params: { query: { state: 'pending' } } })),
};

/** Completions waiting for the secretariat (GET /tasks?awaitingReview=true), in plan order. */
export const useAwaitingCompletions = () => useQuery(completionsQuery(QUEUE_LIMIT));
/** Extension requests waiting for a decision, newest first. */
export const usePendingExtensions = () => useQuery(extensionsQuery);
/** Status change requests (to cancelled or recurring) waiting for a decision, newest first. */
export const usePendingStatusRequests = () => useQuery(statusRequestsQuery);

/** How many items wait for the secretariat, for the navigation: read every minute, and again after each decision. */
export function usePendingReviewCount(enabled: boolean): number | undefined {
  const every = { refetchInterval: 60_000, enabled };
  const completions = useQuery({ ...completionsQuery(1), ...every });
  const extensions = useQuery({ ...extensionsQuery, ...every });
  const statuses = useQuery({ ...statusRequestsQuery, ...every });
  if (!completions.data || !extensions.data || !statuses.data) return undefined;
  return completions.data.total + extensions.data.length + statuses.data.length;
}

/** After a decision: the queues, the count, the task and the lists that show it. */
export function useAfterDecision() {
  const queryClient = useQueryClient();
  return (taskId: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: REVIEWS_KEY }),
      queryClient.invalidateQueries({ queryKey: ['task', taskId] }),
      queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      queryClient.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
}
