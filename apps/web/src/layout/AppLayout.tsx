import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button } from 'antd';
import type { ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { api } from '../api/client';
import type { Me } from '../auth/session';
import { ROLE_LABELS } from '../labels';
import { useUnreadCount } from '../notifications/unread';
import { usePendingReviewCount } from '../reviews/queries';

/** A link of the main navigation: its name (WEB.md), and a count shown beside it, told as its description. */
interface NavItem {
  to: string;
  name: string;
  count?: { id: string; text: string; shown: ReactNode };
}

/** The frame of every signed-in page: the main navigation (names fixed by WEB.md) and sign-out. */
export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  // nothing but the password change answers before it is done
  const unread = useUnreadCount(!me.mustChangePassword);
  // what waits for the secretariat's word, beside `Chờ duyệt`
  const pending = usePendingReviewCount(me.role === 'secretariat' && !me.mustChangePassword);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => api.POST('/api/v1/auth/logout'),
    // whatever the answer, nothing read stays in memory, and /login replaces this page in the history
    onSettled: () => {
      queryClient.clear();
      navigate('/login', { replace: true });
    },
  });
  // each link's accessible name is exactly WEB.md's; a count beside it is its description
  const links: NavItem[] = [
    { to: '/dashboard', name: 'Tổng hợp' },
    { to: me.role === 'focal_point' ? '/tasks?mine=1' : '/tasks', name: 'Nhiệm vụ' },
    { to: '/plans', name: 'Kế hoạch' },
    { to: '/meetings', name: 'Cuộc họp' },
    // beyond WEB.md (issue 17): the indicators and their values
    { to: '/indicators', name: 'Chỉ tiêu' },
    { to: '/reports', name: 'Báo cáo định kỳ' },
    {
      to: '/notifications',
      name: 'Thông báo',
      count: unread ? { id: 'nav-unread', text: `${unread} chưa đọc`, shown: <Badge count={unread} size="small" overflowCount={99} title={`${unread} chưa đọc`} /> } : undefined,
    },
  ];
  if (me.role === 'secretariat') {
    links.push({
      to: '/reviews',
      name: 'Chờ duyệt',
      count: pending
        ? {
            id: 'nav-pending',
            text: `${pending} việc chờ duyệt`,
            shown: (
              <span className="nav-count" title={`${pending} việc chờ duyệt`}>
                {' '}
                {pending}
              </span>
            ),
          }
        : undefined,
    });
  }
  if (me.role === 'admin') links.push({ to: '/admin', name: 'Quản trị' });
  return (
    <>
      <header className="app-header">
        <span className="brand">Theo dõi nhiệm vụ BCĐ</span>
        <nav className="main-nav" aria-label="Điều hướng chính">
          {links.map(({ to, name, count }) => (
            <NavLink
              key={to}
              to={to}
              // only when a count shows: its text would join the name; an aria-label on every link
              // would also make getByLabel find the links beside the fields of the same name
              aria-label={count ? name : undefined}
              aria-describedby={count?.id}
              className={({ isActive }) => (isActive ? 'active' : undefined)}
            >
              {name}
              {count ? (
                <span id={count.id} aria-label={count.text}>
                  {count.shown}
                </span>
              ) : null}
            </NavLink>
          ))}
        </nav>
        <div className="user-box">
          <span className="hide-narrow">
            {me.fullName} ({ROLE_LABELS[me.role]})
          </span>
          <Button size="small" onClick={() => signOut.mutate()} loading={signOut.isPending}>
            Đăng xuất
          </Button>
        </div>
      </header>
      <main className="app-content">{children}</main>
    </>
  );
}
