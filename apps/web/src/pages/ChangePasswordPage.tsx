import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { refusalOf } from '../api/errors';
import { homeOf, ME_KEY, useMe } from '../auth/session';

interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** A password chosen by someone else (first admin, a reset) is changed before anything else. */
export default function ChangePasswordPage() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (values: PasswordChange) =>
      unwrap(api.POST('/api/v1/me/password', { body: { currentPassword: values.currentPassword, newPassword: values.newPassword } })),
    onSuccess: async () => {
      const fresh = await queryClient.fetchQuery({ queryKey: ME_KEY, queryFn: () => unwrap(api.GET('/api/v1/me')), staleTime: 0 });
      navigate(homeOf(fresh), { replace: true });
    },
  });
  return (
    <div className="page-card" style={{ maxWidth: 480 }}>
      <h1 style={{ marginTop: 0 }}>Đổi mật khẩu</h1>
      {me.data?.mustChangePassword ? <Alert type="warning" showIcon message="Mật khẩu của bạn do người khác đặt: hãy đổi mật khẩu trước khi tiếp tục." style={{ marginBottom: 16 }} /> : null}
      <Form<PasswordChange> layout="vertical" onFinish={(values) => change.mutate(values)}>
        <Form.Item label="Mật khẩu hiện tại" name="currentPassword" rules={[{ required: true, message: 'Nhập mật khẩu hiện tại.' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="Mật khẩu mới" name="newPassword" rules={[{ required: true, min: 8, message: 'Mật khẩu mới cần ít nhất 8 ký tự.' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="Nhập lại mật khẩu mới"
          name="repeat"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: 'Nhập lại mật khẩu mới.' },
            ({ getFieldValue }) => ({
              validator: (_, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('Hai lần nhập không khớp.'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {change.isError ? <Alert type="error" role="alert" showIcon message={refusalOf(change.error).text} style={{ marginBottom: 16 }} /> : null}
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          Đổi mật khẩu
        </Button>
      </Form>
    </div>
  );
}
