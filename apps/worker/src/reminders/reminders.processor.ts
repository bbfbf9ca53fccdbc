import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { Clock } from '@app/common';
import { DELIVERY_SETTINGS, DeliverySettings } from '@app/notifications';
import { JOBS, QUEUES, ReminderRunJob } from '@app/queue';
import { ReminderJobs, ReminderRunResult, RemindersService } from '@app/reminders';
import { closeWorker, fillWorkerOptions, ProcessorWorkerOptions } from '../deliveries/worker-options';

const WORKER_OPTIONS: ProcessorWorkerOptions = {};

/** The morning reminder run: the scheduler's ticks and the manual triggers; the rules are in RemindersService. */
@Processor(QUEUES.reminders, WORKER_OPTIONS)
export class RemindersProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** The job names this processor handles (checked by test/reminders-job-handlers.e2e-spec.ts). */
  static readonly handles = [JOBS.reminderRun] as const;

  constructor(
    private readonly reminders: RemindersService,
    private readonly jobs: ReminderJobs,
    private readonly clock: Clock,
    @Inject(DELIVERY_SETTINGS) settings: DeliverySettings,
  ) {
    super();
    fillWorkerOptions(WORKER_OPTIONS, settings);
  }

  /** Every worker upserts the same scheduler on boot: idempotent, one job per tick. */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule();
  }

  async process(job: Job<ReminderRunJob>): Promise<ReminderRunResult> {
    if (job.name !== JOBS.reminderRun) throw new UnrecoverableError(`queue ${QUEUES.reminders} has no handler for job ${job.name}`);
    // a scheduler tick carries no day: it is today's morning
    return this.reminders.run(job.data.asOf ?? this.clock.today());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await closeWorker(this);
  }
}
