import { useQueryClient } from '@tanstack/react-query';
import { Spin } from 'antd';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { setUnauthorizedHandler } from './api/client';
import { homeOf, useMe } from './auth/session';
import { AppLayout } from './layout/AppLayout';

// each page is its own chunk: the task list loads only what it shows
const LoginPage = lazy(() => import('./pages/LoginPage'));
const ChangePasswordPage = lazy(() => import('./pages/ChangePasswordPage'));
const loadTaskList = () => import('./pages/TaskListPage');
const loadTask = () => import('./pages/TaskPage');
const TaskListPage = lazy(loadTaskList);
const TaskPage = lazy(loadTask);

// the page opened (a focal point's usual first one) is fetched at once, beside the sign-in check
// (/me), instead of after it: one round trip less on a slow line
if (window.location.pathname === '/tasks') void loadTaskList();
else if (window.location.pathname.startsWith('/tasks/')) void loadTask();
const NotificationsPage = lazy(() => import('./pages/NotificationsPage'));
const PlansPage = lazy(() => import('./pages/PlansPage'));
const PlanPage = lazy(() => import('./pages/PlanPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));
const ReviewsPage = lazy(() => import('./pages/ReviewsPage'));
const MeetingsPage = lazy(() => import('./pages/MeetingsPage'));
const MeetingPage = lazy(() => import('./pages/MeetingPage'));
const PlaceholderPage = lazy(() => import('./pages/PlaceholderPage'));
const AdminPage = lazy(() => import('./pages/AdminPage'));
const IndicatorsPage = lazy(() => import('./pages/IndicatorsPage'));
const ReportsPage = lazy(() => import('./pages/ReportsPage'));

// role="status" on every spinner (spread: SpinProps does not list it, Spin passes it on): its name
// (aria-label) is allowed only on an element with a role (axe: aria-prohibited-attr)
const loading = (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin {...{ role: 'status' }} aria-label="Đang tải" />
  </div>
);
const page = (element: ReactNode) => <Suspense fallback={loading}>{element}</Suspense>;

/** Any 401 (signed out, session ended): forget everything read, then /login?next=<this page>. */
function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (window.location.pathname === '/login') return;
      queryClient.clear();
      const next = window.location.pathname + window.location.search;
      navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
    });
    return () => setUnauthorizedHandler(() => undefined);
  }, [navigate, queryClient, location]);
  return <Outlet />;
}

/** Pages for the signed-in: wait for /me; a password someone else chose is changed first. */
function SignedIn() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return loading;
  if (!me.data) return loading; // a 401 is on its way to /login
  if (me.data.mustChangePassword && location.pathname !== '/change-password') return <Navigate to="/change-password" replace />;
  return (
    <AppLayout me={me.data}>
      <Outlet />
    </AppLayout>
  );
}

function Home() {
  const me = useMe();
  return me.data ? <Navigate to={homeOf(me.data)} replace /> : loading;
}

export const router = createBrowserRouter([
  {
    element: <UnauthorizedRedirect />,
    children: [
      { path: '/login', element: page(<LoginPage />) },
      {
        element: <SignedIn />,
        children: [
          { path: '/', element: <Home /> },
          { path: '/change-password', element: page(<ChangePasswordPage />) },
          { path: '/tasks', element: page(<TaskListPage />) },
          { path: '/tasks/:id', element: page(<TaskPage />) },
          { path: '/notifications', element: page(<NotificationsPage />) },
          { path: '/dashboard', element: page(<DashboardPage />) },
          { path: '/plans', element: page(<PlansPage />) },
          { path: '/plans/:id', element: page(<PlanPage />) },
          { path: '/meetings', element: page(<MeetingsPage />) },
          { path: '/meetings/:id', element: page(<MeetingPage />) },
          { path: '/reviews', element: page(<ReviewsPage />) },
          { path: '/admin', element: page(<AdminPage />) },
          { path: '/indicators', element: page(<IndicatorsPage />) },
          { path: '/reports', element: page(<ReportsPage />) },
          { path: '*', element: page(<PlaceholderPage title="Không tìm thấy trang" notFound />) },
        ],
      },
    ],
  },
]);
