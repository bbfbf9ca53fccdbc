import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { refusalOf } from '../api/errors';
import { useMe } from '../auth/session';
import { ROLE_LABELS } from '../labels';
import { useDepartments } from '../reference/names';
import { showRefusal } from './refusals';
import { departmentOptions, matchesTyped } from '../reference/units';
import { UnitSelect } from '../reference/UnitSelect';

type User = Schemas['UserDto'];
type Role = User['role'];

export const USERS_KEY = ['admin', 'users'] as const;
const ROLES = Object.keys(ROLE_LABELS) as Role[];
const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** The users, read whole (200 is the API's page limit and more than a steering committee has). */
function useUsers() {
  return useQuery({
    queryKey: USERS_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })),
  });
}

interface UserForm {
  email: string;
  fullName: string;
  role: Role;
  departmentId?: string;
  password?: string;
}
const USER_FIELDS = ['email', 'fullName', 'role', 'departmentId', 'password'] as const;

/** Users: list, search, create, change role or department, deactivate or reactivate, reset a password. */
export function UsersTab({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const me = useMe().data;
  const users = useUsers();
  const departments = useDepartments();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const departmentName = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));

  const setActive = useMutation({
    mutationFn: (user: User) => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { active: !user.active, version: user.version } })),
    onSuccess: (user) => {
      message.success(user.active ? `Đã kích hoạt lại tài khoản ${user.email}.` : `Đã vô hiệu hóa tài khoản ${user.email}: người dùng không đăng nhập được nữa.`);
    },
    onError: (error) => message.error(refusalOf(error).text),
    onSettled: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
  const unlock = useMutation({
    mutationFn: (user: User) => unwrap(api.POST('/api/v1/users/{id}/unlock', { params: { path: { id: user.id } } })),
    onSuccess: (_, user) => message.success(`Đã gỡ chặn đăng nhập của ${user.email}.`),
    onError: (error) => message.error(refusalOf(error).text),
  });

  const rows = (users.data?.items ?? []).filter((u) => matchesTyped(q, u.email, u.fullName, u.departmentId ? departmentName.get(u.departmentId) : null));
  const columns: TableColumnsType<User> = [
    { title: 'Email', dataIndex: 'email', key: 'email' },
    { title: 'Họ và tên', dataIndex: 'fullName', key: 'fullName' },
    { title: 'Vai trò', key: 'role', width: 120, render: (_, u) => ROLE_LABELS[u.role] },
    { title: 'Đơn vị', key: 'department', render: (_, u) => (u.departmentId ? (departmentName.get(u.departmentId) ?? '…') : '') },
    {
      title: 'Trạng thái',
      key: 'active',
      width: 170,
      render: (_, u) => (
        <Space size={4} wrap>
          {u.active ? <Tag color="#237804">Đang hoạt động</Tag> : <Tag color="default">Đã vô hiệu hóa</Tag>}
          {u.mustChangePassword ? <Tag color="#ad4e00">Chưa đổi mật khẩu</Tag> : null}
        </Space>
      ),
    },
    {
      title: 'Thao tác',
      key: 'actions',
      width: 330,
      render: (_, u) =>
        u.id === me?.id ? (
          <span>(tài khoản của bạn)</span>
        ) : (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setEditing(u)} aria-label={`Sửa ${u.email}`}>
              Sửa
            </Button>
            <Button type="link" size="small" onClick={() => setResetting(u)} aria-label={`Đặt lại mật khẩu ${u.email}`}>
              Đặt lại mật khẩu
            </Button>
            {u.active ? (
              <Popconfirm
                title={`Vô hiệu hóa tài khoản ${u.email}?`}
                description="Người dùng sẽ bị đăng xuất và không đăng nhập được nữa."
                okText="Vô hiệu hóa"
                cancelText="Hủy"
                onConfirm={() => setActive.mutateAsync(u).catch(() => undefined)}
              >
                <Button type="link" size="small" danger style={{ color: '#a8071a' }} aria-label={`Vô hiệu hóa ${u.email}`}>
                  Vô hiệu hóa
                </Button>
              </Popconfirm>
            ) : (
              <Button type="link" size="small" onClick={() => setActive.mutate(u)} aria-label={`Kích hoạt lại ${u.email}`}>
                Kích hoạt lại
              </Button>
            )}
            <Button type="link" size="small" onClick={() => unlock.mutate(u)} aria-label={`Gỡ chặn đăng nhập ${u.email}`}>
              Gỡ chặn đăng nhập
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <>
      <div className="admin-toolbar">
        <Form layout="inline" role="search" onSubmitCapture={(e) => e.preventDefault()}>
          <Form.Item label="Tìm kiếm" htmlFor="user-search">
            <Input id="user-search" type="search" allowClear placeholder="Email, họ tên, đơn vị" value={q} onChange={(e) => onSearch(e.target.value)} style={{ width: 260 }} />
          </Form.Item>
        </Form>
        <Button type="primary" onClick={() => setEditing('new')}>
          Thêm người dùng
        </Button>
      </div>
      {users.isError ? <Alert type="error" showIcon message={refusalOf(users.error).text} style={{ marginBottom: 12 }} /> : null}
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={users.isFetching}
        locale={{ emptyText: 'Không có người dùng nào.' }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => `${total} người dùng` }}
        scroll={{ x: 1000 }}
      />
      {editing ? <UserModal user={editing === 'new' ? null : editing} departments={departments.data?.items ?? []} onClose={() => setEditing(null)} /> : null}
      {resetting ? <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} /> : null}
    </>
  );
}

/** Creates a user (with an initial password) or edits one (name, e-mail, role, department). */
function UserModal({ user, departments, onClose }: { user: User | null; departments: Schemas['DepartmentDto'][]; onClose: () => void }) {
  const [form] = Form.useForm<UserForm>();
  const role = Form.useWatch('role', form);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [general, setGeneral] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (values: UserForm) => {
      const departmentId = values.role === 'focal_point' ? (values.departmentId ?? null) : null;
      if (!user) {
        return unwrap(
          api.POST('/api/v1/users', {
            body: { email: values.email.trim(), fullName: values.fullName.trim(), role: values.role, departmentId, password: values.password ?? '' },
          }),
        );
      }
      return unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: {
            version: user.version,
            ...(values.email.trim() !== user.email ? { email: values.email.trim() } : {}),
            ...(values.fullName.trim() !== user.fullName ? { fullName: values.fullName.trim() } : {}),
            role: values.role,
            departmentId,
          },
        }),
      );
    },
    onSuccess: (saved) => {
      message.success(user ? `Đã lưu tài khoản ${saved.email}.` : `Đã tạo tài khoản ${saved.email}.`);
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      onClose();
    },
    onError: (error) => setGeneral(showRefusal(form, error, USER_FIELDS)),
  });
  const title = user ? `Sửa tài khoản ${user.email}` : 'Thêm người dùng';
  return (
    <Modal open title={title} onCancel={onClose} footer={null} destroyOnHidden width={560}>
      <Form<UserForm>
        form={form}
        layout="vertical"
        name={user ? 'edit-user' : 'new-user'}
        initialValues={user ? { email: user.email, fullName: user.fullName, role: user.role, departmentId: user.departmentId ?? undefined } : { role: 'focal_point' }}
        onValuesChange={() => setGeneral(null)}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item label="Email" name="email" rules={[{ required: true, message: 'Cần nhập email.' }, { type: 'email', message: 'Email không hợp lệ.' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="Họ và tên" name="fullName" rules={[{ required: true, whitespace: true, message: 'Cần nhập họ và tên.' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="Vai trò" name="role" rules={[{ required: true, message: 'Chọn vai trò.' }]}>
          <Select options={roleOptions} />
        </Form.Item>
        {role === 'focal_point' ? (
          <Form.Item
            label="Đơn vị"
            name="departmentId"
            extra="Gõ tên, mã hoặc tên viết tắt của đơn vị (có dấu hay không dấu đều được)."
            rules={[{ required: true, message: 'Tài khoản đầu mối phải thuộc một đơn vị: hãy chọn đơn vị.' }]}
          >
            <UnitSelect options={departmentOptions(departments, { namesOnly: true })} placeholder="Chọn đơn vị" allowClear />
          </Form.Item>
        ) : null}
        {!user ? (
          <Form.Item
            label="Mật khẩu ban đầu"
            name="password"
            extra="Ít nhất 8 ký tự. Hãy báo cho người dùng; khi hệ thống chạy chính thức, họ phải đổi mật khẩu này ở lần đăng nhập đầu tiên."
            rules={[{ required: true, message: 'Cần nhập mật khẩu ban đầu.' }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        ) : null}
        {general ? <Alert type="error" role="alert" showIcon message={general} style={{ marginBottom: 16 }} /> : null}
        <Space>
          <Button type="primary" htmlType="submit" disabled={save.isPending}>
            {user ? 'Lưu' : 'Tạo'}
          </Button>
          <Button onClick={onClose}>Hủy</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/** Sets a new password chosen by the admin; the user's sessions end at once. */
function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [general, setGeneral] = useState<string | null>(null);
  const reset = useMutation({
    mutationFn: (values: { password: string }) =>
      unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { password: values.password, version: user.version } })),
    onSuccess: (saved) => {
      message.success(
        saved.mustChangePassword
          ? `Đã đặt lại mật khẩu của ${saved.email}: người dùng phải đổi mật khẩu này khi đăng nhập lần tới.`
          : `Đã đặt lại mật khẩu của ${saved.email}.`,
      );
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      onClose();
    },
    onError: (error) => setGeneral(showRefusal(form, error, ['password'])),
  });
  return (
    <Modal open title={`Đặt lại mật khẩu của ${user.email}`} onCancel={onClose} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" name="reset-password" onValuesChange={() => setGeneral(null)} onFinish={(values) => reset.mutate(values)}>
        <Form.Item
          label="Mật khẩu mới"
          name="password"
          extra="Ít nhất 8 ký tự. Mọi phiên đăng nhập của người dùng kết thúc ngay."
          rules={[{ required: true, message: 'Cần nhập mật khẩu mới.' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {general ? <Alert type="error" role="alert" showIcon message={general} style={{ marginBottom: 16 }} /> : null}
        <Space>
          <Button type="primary" htmlType="submit" disabled={reset.isPending}>
            Đặt lại mật khẩu
          </Button>
          <Button onClick={onClose}>Hủy</Button>
        </Space>
      </Form>
    </Modal>
  );
}
