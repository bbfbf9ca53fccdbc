import { WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '@app/config';
import { DeliveriesService, DeliveryOutcome } from '@app/notifications';
import { DeliverJob, JOBS, QUEUES } from '@app/queue';
import { closeWorker, crashSafeOptions, declareProcessor } from '../worker-options';

/**
 * Sends one e-mail or webhook call per job; the rules (once, retries, failed) are in DeliveriesService.
 * Declared the deliveries' processor by `deliveriesProcessor`, with its worker's options.
 */
@Injectable()
export class DeliveriesProcessor extends WorkerHost implements BeforeApplicationShutdown {
  /** The job names this processor handles (checked by test/reminders-job-handlers.e2e-spec.ts). */
  static readonly handles = [JOBS.deliver] as const;

  constructor(private readonly deliveries: DeliveriesService) {
    super();
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

/**
 * DELIVERY_CONCURRENCY sends at once; a job cut off by a crash is picked up again once, a
 * second crash on it fails it (the sweep tries it again later).
 */
export function deliveriesProcessor(config: AppConfig): typeof DeliveriesProcessor {
  return declareProcessor(DeliveriesProcessor, QUEUES.deliveries, crashSafeOptions(config.delivery, config.delivery.concurrency, 1));
}
