import { Result } from 'antd';
import { Link } from 'react-router';

/** Pages of the next issue (dashboard, plans, meetings, reviews, admin): named, reachable, not built yet. */
export default function PlaceholderPage({ title, notFound }: { title: string; notFound?: boolean }) {
  return (
    <div className="page-card">
      <h1>{title}</h1>
      <Result
        status={notFound ? '404' : 'info'}
        title={notFound ? 'Trang này không tồn tại.' : 'Trang này sẽ có trong đợt phát triển tiếp theo.'}
        extra={<Link to="/tasks">Xem danh sách nhiệm vụ</Link>}
      />
    </div>
  );
}
