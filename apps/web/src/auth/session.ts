import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';

export type Me = Schemas['UserDto'];
export const ME_KEY = ['me'] as const;

/** The signed-in user (GET /me, by the session cookie); a 401 sends the page to /login (routes.tsx). */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: () => unwrap(api.GET('/api/v1/me')), staleTime: 60_000 });
}

/** Each role's home (WEB.md). */
export function homeOf(me: Pick<Me, 'role'>): string {
  if (me.role === 'focal_point') return '/tasks?mine=1';
  if (me.role === 'admin') return '/admin';
  return '/dashboard';
}

/** A `next` that stays on this site (never an absolute or protocol-relative URL). */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}
