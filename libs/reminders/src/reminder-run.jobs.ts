import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { defaultRepeatStrategy, Job, JobsOptions, Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { Clock, invalid } from '@app/common';
import { AppConfig, CONFIG, REMINDER_RUN_SETTINGS, ReminderRunSettings } from '@app/config';
import { JOBS, QUEUES, ReminderPartJob, ReminderRunJob } from '@app/queue';
import { ReminderRunsService } from './reminder-runs.service';

/** The scheduler that fires the morning run; one id, so every worker's boot upserts the same one. */
export const REMINDER_SCHEDULER_ID = 'morning-reminder-run';
/** The scheduler of the check that finishes an unfinished morning (REMINDER_CHECK_CRON). */
export const REMINDER_CHECK_SCHEDULER_ID = 'morning-reminder-check';
/** One manual run per day at a time (BullMQ ids may not hold ':'). */
export const reminderRunJobId = (day: string) => `reminder-run-${day}`;
/** A part's job id: its run's, then the part, so a run that queues its parts twice queues them once. */
export const reminderPartJobId = (runJobId: string, part: string) => `${runJobId}-${part}`.replace(/:/g, '-');

const RUN_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { count: 100 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
const PART_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 10_000 },
  // a part that fails for good lets its run finish as incomplete; the check runs the day again
  ignoreDependencyOnFailure: true,
  removeOnComplete: { age: 2 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
const CHECK_OPTIONS: JobsOptions = { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } };
const ADD_CHUNK = 500;
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export type ReminderCheckOutcome = { day: string; action: 'none' | 'started' | 'resumed'; jobId?: string; reason: string };

/** Produces reminder runs: the schedulers (worker), the manual trigger (API), the parts and the check (worker). */
@Injectable()
export class ReminderJobs {
  private readonly logger = new Logger(ReminderJobs.name);

  constructor(
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(REMINDER_RUN_SETTINGS) private readonly settings: ReminderRunSettings,
    private readonly runs: ReminderRunsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes the morning run's scheduler (REMINDER_CRON) and the check's (REMINDER_CHECK_CRON),
   * in TZ_BUSINESS. Idempotent: every worker calls it at boot, at every Redis reconnect and
   * every few minutes, and BullMQ makes one job per tick however many workers are up.
   */
  async schedule(): Promise<void> {
    const tz = this.config.businessTimeZone;
    await this.queue.upsertJobScheduler(
      REMINDER_SCHEDULER_ID,
      { pattern: this.config.reminderCron, tz },
      { name: JOBS.reminderRun, data: {}, opts: RUN_OPTIONS },
    );
    await this.queue.upsertJobScheduler(
      REMINDER_CHECK_SCHEDULER_ID,
      { pattern: this.settings.checkCron, tz },
      { name: JOBS.reminderCheck, data: {}, opts: CHECK_OPTIONS },
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

  /** Queues the parts of a run as its children; the same run queuing them again adds none twice. */
  async queueParts(run: Job<ReminderRunJob>, asOf: string, parts: string[]): Promise<void> {
    const parent = { id: run.id!, queue: run.queueQualifiedName };
    for (let i = 0; i < parts.length; i += ADD_CHUNK) {
      await this.queue.addBulk(
        parts.slice(i, i + ADD_CHUNK).map((part) => ({
          name: JOBS.reminderPart,
          data: { asOf, part } satisfies ReminderPartJob,
          opts: { ...PART_OPTIONS, jobId: reminderPartJobId(run.id!, part), parent },
        })),
      );
    }
  }

  /**
   * The check (REMINDER_CHECK_CRON, and at every Redis reconnect): today's run unfinished
   * with no job left to finish it — a part failed, the run's job failed, Redis lost it —
   * is run again; a morning whose REMINDER_CRON time has passed without a run is started.
   */
  async check(): Promise<ReminderCheckOutcome> {
    const day = this.clock.today();
    const run = await this.runs.find(day);
    if (run?.state === 'done') return { day, action: 'none', reason: 'done' };
    if (run) {
      const state = run.jobId ? await this.queue.getJobState(run.jobId) : 'unknown';
      if (LIVE_STATES.has(state)) return { day, action: 'none', reason: `under way (job ${run.jobId} ${state})` };
      const { jobId } = await this.trigger(day);
      this.logger.warn(`the morning run of ${day} was left unfinished (job ${run.jobId} ${state}): running it again as ${jobId}`);
      return { day, action: 'resumed', jobId, reason: `job ${run.jobId} ${state}` };
    }
    if (!this.morningTickPassed(day)) return { day, action: 'none', reason: 'not yet time' };
    const { jobId } = await this.trigger(day);
    this.logger.warn(`the morning run of ${day} never started (its tick was lost): starting it as ${jobId}`);
    return { day, action: 'started', jobId, reason: 'no run today' };
  }

  /** Whether REMINDER_CRON fired on `day` before now (a weekday-only cron does not on a Sunday). */
  private morningTickPassed(day: string): boolean {
    const tz = this.config.businessTimeZone;
    const midnight = DateTime.fromISO(day, { zone: tz }).startOf('day').toMillis();
    const tick = defaultRepeatStrategy(midnight - 1, { pattern: this.config.reminderCron, tz });
    return tick !== undefined && tick <= this.clock.now().getTime() && DateTime.fromMillis(tick, { zone: tz }).toISODate() === day;
  }
}
