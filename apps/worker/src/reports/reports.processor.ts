import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { ReportRequestsService } from '@app/indicators';
import { JOBS, QUEUES, ReportTickJob } from '@app/queue';

/**
 * The periodic reports' tick: makes each period's request (once: the unique key of series and
 * period) and reminds the departments that have not answered (once per user, rule and due date:
 * the notifications' ledger). Both are idempotent, so a retry, a restart or two workers add nothing.
 * Its scheduler is kept written by ReminderSchedulesKeeper, with the reminders' own.
 */
@Processor(QUEUES.reports, { concurrency: 1 })
export class ReportsProcessor extends WorkerHost {
  static readonly handles = [JOBS.reportTick] as const;

  constructor(private readonly reports: ReportRequestsService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== JOBS.reportTick) throw new UnrecoverableError(`queue ${QUEUES.reports} has no handler for job ${job.name}`);
    return this.reports.tick((job.data as ReportTickJob).asOf);
  }
}
