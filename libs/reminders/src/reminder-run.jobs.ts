import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Clock, invalid } from '@app/common';
import { AppConfig, CONFIG } from '@app/config';
import { JOBS, QUEUES, ReminderRunJob } from '@app/queue';

/** The scheduler that fires the morning run; one id, so every worker's boot upserts the same one. */
export const REMINDER_SCHEDULER_ID = 'morning-reminder-run';
/** One manual run per day at a time (BullMQ ids may not hold ':'). */
export const reminderRunJobId = (day: string) => `reminder-run-${day}`;

const RUN_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { count: 100 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** Produces reminder runs: the morning scheduler (worker boot) and the manual trigger (API). */
@Injectable()
export class ReminderJobs {
  constructor(
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue<ReminderRunJob>,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Fires the run at REMINDER_CRON in TZ_BUSINESS. Idempotent: every worker calls it on
   * boot, and BullMQ makes one job per tick however many workers are up.
   */
  async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REMINDER_SCHEDULER_ID,
      { pattern: this.config.reminderCron, tz: this.config.businessTimeZone },
      { name: JOBS.reminderRun, data: {}, opts: RUN_OPTIONS },
    );
  }

  /**
   * Queues the run as of `asOf` (default today). While that day's run waits or runs, a
   * second trigger returns the same job; once it is over, a trigger runs it again, which
   * adds only what is missing. A day ahead is refused: its reminders would go out early
   * and their keys would keep the real ones from being sent on the day.
   */
  async trigger(asOf?: string): Promise<{ jobId: string; asOf: string }> {
    const today = this.clock.today();
    const day = asOf ?? today;
    if (day > today) throw invalid(`asOf ${day} is after today (${today}): reminders go out on their day, not ahead of it`);
    const jobId = reminderRunJobId(day);
    const previous = await this.queue.getJob(jobId);
    if (previous && ((await previous.isCompleted()) || (await previous.isFailed()))) await previous.remove();
    const job = await this.queue.add(JOBS.reminderRun, { asOf: day }, { ...RUN_OPTIONS, jobId });
    return { jobId: job.id ?? jobId, asOf: day };
  }
}
