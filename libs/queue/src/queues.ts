/**
 * Queue and job names, and the payload of each job: the one place producers and
 * processors agree on. Job options (retries, dedup ids, what to keep) are decided
 * in JobsProducer, not at each call.
 */
export const QUEUES = {
  reminders: 'reminders',
  deliveries: 'deliveries',
  summaries: 'summaries',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  /** The morning run: find due tasks, record notifications, queue one e-mail per user. */
  reminderRun: 'reminder-run',
  /** Send one e-mail digest or one webhook call. */
  deliver: 'deliver',
  /** Compute and freeze a meeting's summary. */
  meetingSummary: 'meeting-summary',
} as const;

export interface ReminderRunJob {
  /** YYYY-MM-DD; absent for the scheduler's tick, which uses today in TZ_BUSINESS. */
  asOf?: string;
}
export interface DeliverJob {
  deliveryId: string;
}
export interface MeetingSummaryJob {
  meetingId: string;
  asOf: string;
}

/** Which queue each job goes to; the worker checks every job name has exactly one handler. */
export const JOB_QUEUE: Record<(typeof JOBS)[keyof typeof JOBS], QueueName> = {
  [JOBS.reminderRun]: QUEUES.reminders,
  [JOBS.deliver]: QUEUES.deliveries,
  [JOBS.meetingSummary]: QUEUES.summaries,
};
