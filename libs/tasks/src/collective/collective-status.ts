import { TaskStatus } from '../task.entity';

export interface ChildState {
  status: TaskStatus;
  completedOn: string | null;
  completionConfirmed: boolean;
}

/**
 * A collective task's state follows from its children (DOMAIN.md "Collective assignments"):
 * completed when all are (cancelled children aside), on the last child's completion date.
 * Otherwise: in progress once any child has work under way, blocked when a child is blocked
 * and none is under way, not started while none has begun.
 */
export function deriveCollectiveState(children: ChildState[]): ChildState {
  const live = children.filter((c) => c.status !== 'cancelled');
  if (children.length === 0) return { status: 'not_started', completedOn: null, completionConfirmed: false };
  if (live.length === 0) return { status: 'cancelled', completedOn: null, completionConfirmed: false };
  if (live.every((c) => c.status === 'completed')) {
    const completedOn = live.map((c) => c.completedOn!).sort().at(-1)!;
    return { status: 'completed', completedOn, completionConfirmed: live.every((c) => c.completionConfirmed) };
  }
  const none = { completedOn: null, completionConfirmed: false };
  if (live.every((c) => c.status === 'recurring')) return { status: 'recurring', ...none };
  if (live.some((c) => c.status === 'in_progress' || c.status === 'completed' || c.status === 'recurring')) return { status: 'in_progress', ...none };
  if (live.some((c) => c.status === 'blocked')) return { status: 'blocked', ...none };
  return { status: 'not_started', ...none };
}
