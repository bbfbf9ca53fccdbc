import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

export const NOTIFICATIONS_KEY = ['notifications'] as const;

/** The unread count of the navigation, read every minute. */
export function useUnreadCount(enabled = true): number | undefined {
  const { data } = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'unread'],
    queryFn: () => unwrap(api.GET('/api/v1/notifications', { params: { query: { limit: 1 } } })),
    refetchInterval: 60_000,
    enabled,
  });
  return data?.unread;
}
