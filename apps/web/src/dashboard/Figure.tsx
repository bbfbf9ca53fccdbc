import { Link } from 'react-router';
import { COUNT_LABELS, formatCount, formatShare, taskListUrl, type CountKey, type RollupCounts, type Scope } from './figures';

/**
 * A count as a link to the task list showing exactly the tasks it counts, or as text when the
 * figures are of a past day (the list has no "as of").
 */
export function CountLink({ counts, scope, field, linked, withShare = false, context }: {
  counts: RollupCounts;
  scope: Scope;
  field: CountKey;
  linked: boolean;
  withShare?: boolean;
  /** Who the count is of (a plan, a department), for the link's title. */
  context?: string;
}) {
  const text = withShare && field !== 'total' ? formatShare(counts[field], counts.total) : formatCount(counts[field]);
  if (!linked) return <span className="dash-count">{text}</span>;
  return (
    <Link className="dash-count" to={taskListUrl(scope, field)} title={`Xem danh sách: ${COUNT_LABELS[field]}${context ? ` — ${context}` : ''}`}>
      {text}
    </Link>
  );
}
