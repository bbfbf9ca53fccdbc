import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { DeliveriesService, DELIVERY_SETTINGS, DeliveryOutcome, DeliverySettings } from '@app/notifications';
import { DeliverJob, JOBS, QUEUES } from '@app/queue';
import { closeWorker, fillWorkerOptions, ProcessorWorkerOptions } from './worker-options';

const WORKER_OPTIONS: ProcessorWorkerOptions = {};

/** Sends one e-mail or webhook call per job; the rules (once, retries, failed) are in DeliveriesService. */
@Processor(QUEUES.deliveries, WORKER_OPTIONS)
export class DeliveriesProcessor extends WorkerHost implements BeforeApplicationShutdown {
  /** The job names this processor handles (checked by test/reminders-job-handlers.e2e-spec.ts). */
  static readonly handles = [JOBS.deliver] as const;

  constructor(
    private readonly deliveries: DeliveriesService,
    @Inject(DELIVERY_SETTINGS) settings: DeliverySettings,
  ) {
    super();
    fillWorkerOptions(WORKER_OPTIONS, settings, settings.concurrency);
  }

  async process(job: Job<DeliverJob>): Promise<DeliveryOutcome> {
    if (job.name !== JOBS.deliver) throw new UnrecoverableError(`queue ${QUEUES.deliveries} has no handler for job ${job.name}`);
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.deliveries.deliver(job.data.deliveryId, { final });
  }

  /** SIGTERM: let the sends under way finish and be recorded before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await closeWorker(this);
  }
}
