import { WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { Job, UnrecoverableError, WaitingChildrenError } from 'bullmq';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { JOBS, QUEUES, ReminderPartJob, ReminderRunJob } from '@app/queue';
import { ReminderJobs, ReminderRunResult, ReminderRunsService, RemindersService } from '@app/reminders';
import { closeWorker, crashSafeOptions, declareProcessor } from '../worker-options';

/** What the run's job returns: its parts summed up, and whether the morning is complete. */
export interface MorningRunResult extends ReminderRunResult {
  state: 'done' | 'running' | null;
  parts: number;
  /** Parts that failed for good (the check runs the day again). */
  partsFailed: number;
}

/**
 * The morning reminder run, in small jobs: the run (a scheduler's tick or a trigger)
 * records itself in PostgreSQL, queues one part per department with tasks due and one for
 * the secretariat's digest as its children, and waits for them. Each part is idempotent
 * (the ledger's unique keys), so a part cut off by a dying worker is simply run again;
 * the rules are in RemindersService, the record in ReminderRunsService. Declared the
 * reminders' processor by `remindersProcessor`, with its worker's options.
 */
@Injectable()
export class RemindersProcessor extends WorkerHost implements BeforeApplicationShutdown {
  /** The job names this processor handles (checked by test/reminders-scheduler.e2e-spec.ts). */
  static readonly handles = [JOBS.reminderRun, JOBS.reminderPart, JOBS.reminderCheck] as const;

  constructor(
    private readonly reminders: RemindersService,
    private readonly runs: ReminderRunsService,
    private readonly jobs: ReminderJobs,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    switch (job.name) {
      case JOBS.reminderRun:
        return this.runMorning(job, token!);
      case JOBS.reminderPart: {
        const { asOf, part } = job.data as ReminderPartJob;
        const result = await this.reminders.runPart(asOf, part);
        await this.runs.partDone(asOf, part, result);
        return result;
      }
      case JOBS.reminderCheck:
        return this.jobs.check();
      default:
        throw new UnrecoverableError(`queue ${QUEUES.reminders} has no handler for job ${job.name}`);
    }
  }

  /**
   * First pass: record the run and queue its parts. Then wait for them (the job leaves the
   * worker meanwhile, so a crash cannot cut it off), and sum them up.
   */
  private async runMorning(job: Job<ReminderRunJob>, token: string): Promise<MorningRunResult> {
    // a scheduler's tick carries no day: it is today's morning, fixed at its first pass
    const asOf = job.data.asOf ?? this.clock.today();
    if (!job.data.partsQueued) {
      const parts = await this.reminders.partsOf(asOf);
      await this.runs.start(asOf, { id: job.id!, addedAt: job.timestamp }, parts);
      await this.jobs.queueParts(job, asOf, parts);
      await job.updateData({ ...job.data, asOf, partsQueued: true });
    }
    if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();

    const values = Object.values(await job.getChildrenValues<ReminderRunResult>());
    const failed = Object.keys(await job.getIgnoredChildrenFailures()).length;
    const sum = (key: keyof ReminderRunResult) => values.reduce((n, v) => n + Number(v[key] ?? 0), 0);
    return {
      asOf,
      state: await this.runs.finishIfComplete(asOf),
      parts: values.length + failed,
      partsFailed: failed,
      tasksDue: sum('tasksDue'),
      notificationsAdded: sum('notificationsAdded'),
      emailsAdded: sum('emailsAdded'),
      deliveriesQueued: sum('deliveriesQueued'),
      notifications: sum('notifications'),
      emails: sum('emails'),
    };
  }

  /** SIGTERM: let the part under way finish and be recorded before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await closeWorker(this);
  }
}

/**
 * One job at a time; a part is small and idempotent, so picking it up again after a crash is
 * always safe: up to REMINDER_MAX_STALLS times.
 */
export function remindersProcessor(config: AppConfig): typeof RemindersProcessor {
  return declareProcessor(RemindersProcessor, QUEUES.reminders, crashSafeOptions(config.delivery, 1, config.reminderRuns.maxStalls));
}
