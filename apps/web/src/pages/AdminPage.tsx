import { Result, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { DepartmentsTab, GroupsTab } from '../admin/DepartmentsTab';
import { UsersTab } from '../admin/UsersTab';
import { useMe } from '../auth/session';

const TABS = ['departments', 'groups', 'users'] as const;
type Tab = (typeof TABS)[number];

/** /admin: departments (and their aliases), groups (and their members), users. Admins only; the tab and the search live in the URL. */
export default function AdminPage() {
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  if (me && me.role !== 'admin') {
    return (
      <div className="page-card">
        <h1 style={{ marginTop: 0 }}>Quản trị</h1>
        <Result status="403" title="Bạn không có quyền truy cập trang này." subTitle="Trang quản trị chỉ dành cho tài khoản quản trị hệ thống." />
      </div>
    );
  }
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'departments';
  const q = params.get('q') ?? '';
  const setQ = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('q', value);
    else next.delete('q');
    setParams(next, { replace: true });
  };
  const search = { q, onSearch: setQ };
  return (
    <div className="page-card admin-page">
      <h1 style={{ marginTop: 0 }}>Quản trị</h1>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'departments' ? {} : { tab: key })}
        destroyOnHidden
        items={[
          { key: 'departments', label: 'Đơn vị', children: <DepartmentsTab {...search} /> },
          { key: 'groups', label: 'Nhóm đơn vị', children: <GroupsTab {...search} /> },
          { key: 'users', label: 'Người dùng', children: <UsersTab {...search} /> },
        ]}
      />
    </div>
  );
}
