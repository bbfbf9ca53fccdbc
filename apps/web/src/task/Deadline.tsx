import type { Task } from '../api/client';
import { formatDay } from '../labels';

/** A task's deadline in a list: as written (when it says more than the date), then the date it means. */
export function Deadline({ task }: { task: Pick<Task, 'deadlineText' | 'dueDate'> }) {
  return (
    <>
      {task.deadlineText && task.deadlineText !== formatDay(task.dueDate) ? <div>{task.deadlineText}</div> : null}
      {task.dueDate ? <div>{formatDay(task.dueDate)}</div> : null}
      {!task.deadlineText && !task.dueDate ? <span>Chưa có thời hạn</span> : null}
    </>
  );
}
