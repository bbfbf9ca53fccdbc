import type { Task } from '../api/client';
import { useMe } from '../auth/session';
import { CompletionDecision } from '../reviews/CompletionDecision';

/** On the task page, for the secretariat, while a reported completion waits for its word (never on a collective task). */
export function ReviewPanel({ task, onReviewed }: { task: Task; onReviewed: () => void }) {
  const me = useMe().data;
  if (me?.role !== 'secretariat' || task.status !== 'completed' || task.completionConfirmed || task.leadGroupId) return null;
  return (
    <section aria-labelledby="review-heading" className="review-panel">
      <h2 id="review-heading">Xem xét báo cáo hoàn thành</h2>
      <p style={{ marginTop: 0 }}>Đơn vị đã báo cáo hoàn thành nhiệm vụ này; Thường trực xác nhận hoặc trả lại kèm lý do.</p>
      <CompletionDecision task={task} onDecided={onReviewed} />
    </section>
  );
}
