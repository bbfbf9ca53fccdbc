/**
 * Queue and job names, and the payload of each job: the one place producers and
 * processors agree on. Job options (retries, dedup ids, what to keep) are decided
 * in JobsProducer, not at each call.
 */
export const QUEUES = {
  reminders: 'reminders',
  deliveries: 'deliveries',
  summaries: 'summaries',
  reports: 'reports',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  /** The morning run of one day: records the run, fans out its parts, waits for them, sums them up. */
  reminderRun: 'reminder-run',
  /** One part of a morning run (a department's focal points, or the secretariat's digest); idempotent. */
  reminderPart: 'reminder-part',
  /** Finds today's morning run unfinished (or never started) and runs it again (a scheduler, hourly). */
  reminderCheck: 'reminder-check',
  /** Send one e-mail digest or one webhook call. */
  deliver: 'deliver',
  /** Compute and freeze a meeting's summary. */
  meetingSummary: 'meeting-summary',
  /** Makes each period's report request of every recurring request (once), and reminds the missing answers. */
  reportTick: 'report-tick',
} as const;

export interface ReminderRunJob {
  /** YYYY-MM-DD; absent for the scheduler's tick, which uses today in TZ_BUSINESS. */
  asOf?: string;
  /** Set by the run itself once its parts are queued: a retried or resumed run only waits for them. */
  partsQueued?: boolean;
}
export interface ReminderPartJob {
  asOf: string;
  /** `department:<uuid>` or `secretariat`. */
  part: string;
}
export type ReminderCheckJob = Record<string, never>;
export interface DeliverJob {
  deliveryId: string;
}
export interface ReportTickJob {
  /** YYYY-MM-DD; absent for the scheduler's tick, which uses today in TZ_BUSINESS. */
  asOf?: string;
}
export interface MeetingSummaryJob {
  meetingId: string;
  asOf: string;
}

/** Which queue each job goes to; the worker checks every job name has exactly one handler. */
export const JOB_QUEUE: Record<(typeof JOBS)[keyof typeof JOBS], QueueName> = {
  [JOBS.reminderRun]: QUEUES.reminders,
  [JOBS.reminderPart]: QUEUES.reminders,
  [JOBS.reminderCheck]: QUEUES.reminders,
  [JOBS.deliver]: QUEUES.deliveries,
  [JOBS.meetingSummary]: QUEUES.summaries,
  [JOBS.reportTick]: QUEUES.reports,
};
