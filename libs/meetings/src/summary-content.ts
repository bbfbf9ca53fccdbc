import type { MeetingIndicators, MeetingReportRequest } from '@app/indicators';
import { DepartmentRanking, Rollup } from '@app/rollups';
import type { AppendixTable } from './appendix';
import { DocumentKind, TaskStatus, Timeliness } from '@app/tasks';
import type { UrgedTask } from './urged-tasks';
import type { CarriedOverSection } from './carried-over';

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
  /** Departments compared at the cut-off, over the meeting's plans (summaries made before it have none). */
  departmentRanking?: DepartmentRanking;
  /** The per-task appendix of each plan at the cut-off (seed 004 Phụ lục 2; summaries made before it have none). */
  appendices?: AppendixTable[];
  /** Tasks urged by letters up to the cut-off, the most urged first (urged-tasks.ts; absent in summaries made before). */
  urged?: UrgedTask[];
  /** Conclusion notices' carried tasks with their result at the cut-off (carried-over.ts; absent in summaries made before). */
  carriedOver?: CarriedOverSection[];
  /**
   * The indicators the meeting's plans assigned, with their values as known at the end of the
   * cut-off day (libs/indicators' MeetingIndicatorsService; absent in summaries made before).
   */
  indicators?: SummaryIndicators;
  /** The report requests of the period due by the cut-off, with the departments that had not answered by then (absent in summaries made before). */
  reportRequests?: MeetingReportRequest[];
}

/** The cumulative period of the cut-off (Q1, 6M, 9M, Y), the appendix's value kind and decision, the counts and the indicators. */
export type SummaryIndicators = Pick<MeetingIndicators, 'year' | 'period' | 'kind' | 'decision' | 'counts'> & { items: MeetingIndicators['indicators'] };

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
  /** A part of a collective task: that task's "x/y đơn vị" at the cut-off; null otherwise. */
  collectiveParts?: { completed: number; total: number } | null;
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
