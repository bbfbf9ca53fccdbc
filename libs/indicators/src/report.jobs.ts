import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Clock, invalid } from '@app/common';
import { AppConfig, CONFIG } from '@app/config';
import { JOBS, QUEUES, ReportTickJob } from '@app/queue';

export const REPORT_SCHEDULER_ID = 'report-tick';

/**
 * Produces the periodic reports' tick (the worker's reports processor runs it through
 * ReportRequestsService.tick). Job options are decided here.
 */
@Injectable()
export class ReportJobs {
  constructor(
    @InjectQueue(QUEUES.reports) private readonly queue: Queue<ReportTickJob>,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** The scheduler of the tick, at the morning reminder's hour (REMINDER_CRON, TZ_BUSINESS); writing it again changes nothing. */
  async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REPORT_SCHEDULER_ID,
      { pattern: this.config.reminderCron, tz: this.config.businessTimeZone },
      { name: JOBS.reportTick, data: {}, opts: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: 100, removeOnFail: 1000 } },
    );
  }

  /** A tick now (as of `asOf`, default today), for the secretariat and the tests: as many as asked, each as idempotent as the scheduler's. */
  async trigger(asOf?: string): Promise<{ jobId: string }> {
    const day = asOf ?? this.clock.today();
    if (day > this.clock.today()) throw invalid(`asOf ${day} is after today; reminders of a day ahead would go out early`);
    const data: ReportTickJob = { asOf: day };
    const job = await this.queue.add(JOBS.reportTick, data, { jobId: `report-tick:${day}:${randomUUID()}`, attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 1000 });
    return { jobId: job.id! };
  }
}
