import { Rollup } from '@app/rollups';
import { DocumentKind, TaskStatus, Timeliness } from '@app/tasks';

/** What a frozen meeting summary holds (meeting_summaries.content); every state is the one at the cut-off. */
export interface SummaryContent {
  meeting: {
    id: string;
    title: string;
    heldOn: string;
    asOf: string;
    nextMeetingOn: string | null;
    plans: { id: string; number: string; title: string }[];
  };
  /** The latest meeting with an earlier cut-off that reviewed one of the same plans. */
  previousMeeting: { id: string; title: string; heldOn: string; asOf: string } | null;
  rollup: Rollup;
  /** Open tasks past their due date at the cut-off, the longest overdue first. */
  overdue: OverdueTask[];
  /** Completed at this cut-off and not at the previous meeting's (everything completed, without one). */
  completedSince: { since: string | null; tasks: CompletedTask[] };
  /** Open tasks due from the cut-off to the next meeting's date (none when that date is not set). */
  dueBeforeNextMeeting: { from: string; until: string | null; tasks: DueTask[] };
}

/** A task of the lists: the department's own task (a child of a collective task, or a task it leads). */
export interface SummaryTask {
  taskId: string;
  code: string;
  title: string;
  planId: string;
  planNumber: string;
  leadDepartmentId: string;
  leadDepartment: string;
  dueDate: string | null;
  status: TaskStatus;
}
export interface OverdueTask extends SummaryTask {
  daysOverdue: number;
}
export interface CompletedTask extends SummaryTask {
  completedOn: string;
  timeliness: Extract<Timeliness, 'on_time' | 'late'>;
  confirmed: boolean;
  documents: { number: string; issuedOn: string; kind: DocumentKind; title: string | null }[];
}
export interface DueTask extends SummaryTask {
  daysLeft: number;
}

/** A stored summary as the API answers it. */
export type SummaryView = { id: string; meetingId: string; asOf: string; computedAt: string } & SummaryContent;
