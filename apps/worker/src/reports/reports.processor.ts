import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { ReportRequestsService } from '@app/indicators';
import { JOBS, QUEUES, ReportTickJob } from '@app/queue';
import { REMINDER_RUN_SETTINGS, ReminderRunSettings } from '@app/reminders';

/**
 * The periodic reports' tick: makes each period's request (once: the unique key of series and
 * period) and reminds the departments that have not answered (once per user, rule and due date:
 * the notifications' ledger). Both are idempotent, so a retry, a restart or two workers add nothing.
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

/**
 * Writes the tick's job scheduler at start and again every REMINDER_SCHEDULES_EVERY_MS (a Redis
 * restarted without persistence forgets it), as the reminders' keeper does; writing it is idempotent.
 */
@Injectable()
export class ReportScheduleKeeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReportScheduleKeeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly reports: ReportRequestsService,
    @Inject(REMINDER_RUN_SETTINGS) private readonly settings: ReminderRunSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.write();
    this.timer = setInterval(() => void this.write(), this.settings.reassertEveryMs);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private write(): Promise<void> {
    return this.reports.schedule().catch((error) => this.logger.warn(`writing the report tick's scheduler failed (next try in ${this.settings.reassertEveryMs} ms): ${error?.message ?? error}`));
  }
}
