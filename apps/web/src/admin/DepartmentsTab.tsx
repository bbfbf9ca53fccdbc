import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { isStaleVersion, refusalOf } from '../api/errors';
import { useDepartments, useGroups } from '../reference/names';
import { showRefusal } from './refusals';
import { departmentOptions, matchesTyped } from '../reference/units';
import { UnitSelect } from '../reference/UnitSelect';

type Department = Schemas['DepartmentDto'];
type Group = Schemas['DepartmentGroupDto'];

interface UnitForm {
  code: string;
  name: string;
  aliases?: string[];
  departmentIds?: string[];
}
const UNIT_FIELDS = ['code', 'name', 'aliases', 'departmentIds'] as const;

/** Aliases as typed: trimmed, no empty one, no repeat. */
const cleanAliases = (aliases: string[] | undefined) => [...new Set((aliases ?? []).map((a) => a.trim()).filter(Boolean))];

function SearchBox({ id, q, onSearch, placeholder }: { id: string; q: string; onSearch: (q: string) => void; placeholder: string }) {
  return (
    <Form layout="inline" role="search" onSubmitCapture={(e) => e.preventDefault()}>
      <Form.Item label="Tìm kiếm" htmlFor={id}>
        <Input id={id} type="search" allowClear placeholder={placeholder} value={q} onChange={(e) => onSearch(e.target.value)} style={{ width: 260 }} />
      </Form.Item>
    </Form>
  );
}

const aliasTags = (aliases: string[]) => (
  <Space size={[4, 4]} wrap>
    {aliases.map((a) => (
      <Tag key={a}>{a}</Tag>
    ))}
  </Space>
);

/** Departments and the other names plans give them (aliases, used by the import to recognise them). */
export function DepartmentsTab({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const departments = useDepartments();
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const rows = [...(departments.data?.items ?? [])]
    .filter((d) => matchesTyped(q, d.code, d.name, ...d.aliases))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const columns: TableColumnsType<Department> = [
    { title: 'Mã', dataIndex: 'code', key: 'code', width: 130 },
    { title: 'Tên đơn vị', dataIndex: 'name', key: 'name' },
    { title: 'Tên gọi khác', key: 'aliases', render: (_, d) => aliasTags(d.aliases) },
    {
      title: 'Thao tác',
      key: 'actions',
      width: 90,
      render: (_, d) => (
        <Button type="link" size="small" onClick={() => setEditing(d)} aria-label={`Sửa ${d.name}`}>
          Sửa
        </Button>
      ),
    },
  ];
  return (
    <>
      <div className="admin-toolbar">
        <SearchBox id="department-search" q={q} onSearch={onSearch} placeholder="Tên, mã, tên gọi khác" />
        <Button type="primary" onClick={() => setEditing('new')}>
          Thêm đơn vị
        </Button>
      </div>
      {departments.isError ? <Alert type="error" showIcon message={refusalOf(departments.error).text} style={{ marginBottom: 12 }} /> : null}
      <Table<Department>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={departments.isFetching}
        locale={{ emptyText: 'Không có đơn vị nào.' }}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => `${total} đơn vị` }}
      />
      {editing ? <UnitModal kind="department" unit={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

/** Groups of departments (a collective task is led by a group) and their members. */
export function GroupsTab({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const groups = useGroups();
  const departments = useDepartments();
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const nameOf = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
  const memberNames = (g: Group) => g.departmentIds.map((id) => nameOf.get(id) ?? '…').sort((a, b) => a.localeCompare(b, 'vi'));
  const rows = (groups.data?.items ?? []).filter((g) => matchesTyped(q, g.code, g.name, ...g.aliases, ...memberNames(g)));
  const columns: TableColumnsType<Group> = [
    { title: 'Mã', dataIndex: 'code', key: 'code', width: 130 },
    { title: 'Tên nhóm', key: 'name', render: (_, g) => (g.aliases.length ? <>{g.name} {aliasTags(g.aliases)}</> : g.name) },
    {
      title: 'Đơn vị thành viên',
      key: 'members',
      render: (_, g) => (g.departmentIds.length ? `${g.departmentIds.length} đơn vị: ${memberNames(g).join(', ')}` : 'Chưa có đơn vị nào'),
    },
    {
      title: 'Thao tác',
      key: 'actions',
      width: 90,
      render: (_, g) => (
        <Button type="link" size="small" onClick={() => setEditing(g)} aria-label={`Sửa ${g.name}`}>
          Sửa
        </Button>
      ),
    },
  ];
  return (
    <>
      <div className="admin-toolbar">
        <SearchBox id="group-search" q={q} onSearch={onSearch} placeholder="Tên nhóm, mã, đơn vị thành viên" />
        <Button type="primary" onClick={() => setEditing('new')}>
          Thêm nhóm đơn vị
        </Button>
      </div>
      {groups.isError ? <Alert type="error" showIcon message={refusalOf(groups.error).text} style={{ marginBottom: 12 }} /> : null}
      <Table<Group>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={groups.isFetching}
        locale={{ emptyText: 'Không có nhóm đơn vị nào.' }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => `${total} nhóm` }}
      />
      {editing ? (
        <UnitModal kind="group" unit={editing === 'new' ? null : editing} departments={departments.data?.items ?? []} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}

/** Creates or edits a department or a group (with its members); a stale version offers to reload. */
function UnitModal({
  kind,
  unit,
  departments = [],
  onClose,
}: {
  kind: 'department' | 'group';
  unit: Department | Group | null;
  departments?: Department[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<UnitForm>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [general, setGeneral] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const isGroup = kind === 'group';
  const save = useMutation({
    mutationFn: async (values: UnitForm) => {
      const body = { code: values.code.trim(), name: values.name.trim(), aliases: cleanAliases(values.aliases) };
      if (isGroup) {
        const withMembers = { ...body, departmentIds: values.departmentIds ?? [] };
        return unit
          ? unwrap(api.PATCH('/api/v1/department-groups/{id}', { params: { path: { id: unit.id } }, body: { ...withMembers, version: unit.version } }))
          : unwrap(api.POST('/api/v1/department-groups', { body: withMembers }));
      }
      return unit
        ? unwrap(api.PATCH('/api/v1/departments/{id}', { params: { path: { id: unit.id } }, body: { ...body, version: unit.version } }))
        : unwrap(api.POST('/api/v1/departments', { body }));
    },
    onSuccess: (saved) => {
      message.success(unit ? `Đã lưu ${saved.name}.` : `Đã thêm ${saved.name}.`);
      void queryClient.invalidateQueries({ queryKey: [isGroup ? 'department-groups' : 'departments'] });
      onClose();
    },
    onError: (error) => {
      setStale(isStaleVersion(error));
      setGeneral(showRefusal(form, error, UNIT_FIELDS));
    },
  });
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: [isGroup ? 'department-groups' : 'departments'] });
    onClose();
  };
  const what = isGroup ? 'nhóm đơn vị' : 'đơn vị';
  const title = unit ? `Sửa ${what} ${unit.name}` : `Thêm ${what}`;
  return (
    <Modal open title={title} onCancel={onClose} footer={null} destroyOnHidden width={620}>
      <Form<UnitForm>
        form={form}
        layout="vertical"
        name={`${kind}-form`}
        initialValues={unit ? { code: unit.code, name: unit.name, aliases: unit.aliases, departmentIds: 'departmentIds' in unit ? unit.departmentIds : [] } : { aliases: [], departmentIds: [] }}
        onValuesChange={() => setGeneral(null)}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item label="Mã" name="code" extra="Chữ cái không dấu, chữ số hoặc _ . - (ví dụ STTTT)." rules={[{ required: true, whitespace: true, message: 'Cần nhập mã.' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={isGroup ? 'Tên nhóm' : 'Tên đơn vị'} name="name" rules={[{ required: true, whitespace: true, message: 'Cần nhập tên.' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="Tên gọi khác" name="aliases" extra="Các cách viết khác trong văn bản (ví dụ Sở TTTT): gõ một tên rồi nhấn Enter.">
          <Select mode="tags" open={false} tokenSeparators={[';']} suffixIcon={null} placeholder="Gõ tên rồi nhấn Enter" />
        </Form.Item>
        {isGroup ? (
          <Form.Item label="Đơn vị thành viên" name="departmentIds" extra="Gõ tên đơn vị (có dấu hay không dấu đều được) để tìm.">
            <UnitSelect mode="multiple" options={departmentOptions(departments, { namesOnly: true })} placeholder="Chọn các đơn vị" />
          </Form.Item>
        ) : null}
        {general ? (
          <Alert
            type="error"
            role="alert"
            showIcon
            message={general}
            action={
              stale ? (
                <Button size="small" onClick={reload}>
                  Tải lại
                </Button>
              ) : undefined
            }
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Space>
          <Button type="primary" htmlType="submit" disabled={save.isPending}>
            {unit ? 'Lưu' : 'Tạo'}
          </Button>
          <Button onClick={onClose}>Hủy</Button>
        </Space>
      </Form>
    </Modal>
  );
}
