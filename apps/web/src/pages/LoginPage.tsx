import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiFailure, unwrap } from '../api/client';
import { refusalOf } from '../api/errors';
import { homeOf, ME_KEY, safeNext } from '../auth/session';

interface Credentials {
  email: string;
  password: string;
}

/** How long to wait, in words, from a 429's Retry-After. */
function waitWords(seconds: number | null): string {
  if (!seconds) return 'một lúc';
  if (seconds < 60) return `${seconds} giây`;
  return `${Math.ceil(seconds / 60)} phút`;
}

function failureText(error: unknown): string {
  if (error instanceof ApiFailure && error.status === 401) return 'Email hoặc mật khẩu không đúng.';
  if (error instanceof ApiFailure && error.status === 429)
    return `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${waitWords(error.retryAfter ?? Number(error.body.retryAfterSeconds ?? 0))}.`;
  if (error instanceof ApiFailure && error.status === 400) return 'Email hoặc mật khẩu không đúng.';
  return refusalOf(error).text;
}

/** /login: the API sets an httpOnly session cookie; this page never sees a token. */
export default function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signIn = useMutation({
    mutationFn: async (values: Credentials) => {
      await unwrap(api.POST('/api/v1/auth/login', { params: { query: { cookie: true } }, body: values }));
      return unwrap(api.GET('/api/v1/me'));
    },
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, me);
      if (me.mustChangePassword) navigate('/change-password', { replace: true });
      else navigate(safeNext(params.get('next')) ?? homeOf(me), { replace: true });
    },
  });
  return (
    <main className="login-page">
      <div className="page-card">
        <h1 style={{ marginTop: 0 }}>Đăng nhập</h1>
        <p>Hệ thống theo dõi nhiệm vụ của Ban Chỉ đạo.</p>
        <Form<Credentials> layout="vertical" onFinish={(values) => signIn.mutate(values)} requiredMark={false}>
          <Form.Item label="Email" name="email" rules={[{ required: true, message: 'Nhập email.' }]}>
            <Input type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: 'Nhập mật khẩu.' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {signIn.isError ? <Alert type="error" role="alert" showIcon message={failureText(signIn.error)} style={{ marginBottom: 16 }} /> : null}
          <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
            Đăng nhập
          </Button>
        </Form>
      </div>
    </main>
  );
}
