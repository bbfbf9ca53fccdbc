import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { DELIVERY_SETTINGS, DeliverySettings } from '@app/config';
import { DeliverJob, JOBS, QUEUES } from '@app/queue';

const ADD_CHUNK = 500;

/**
 * Produces delivery jobs; the options of every delivery job are decided here. The job id
 * is the delivery id, so adding a delivery that is already queued, running or waiting to
 * retry adds nothing.
 */
@Injectable()
export class DeliveryJobs {
  constructor(
    @InjectQueue(QUEUES.deliveries) private readonly queue: Queue<DeliverJob>,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  /** `singleTry`: the sweep's retry of a failed delivery, one try (the sweep spaces its tries itself). */
  options(deliveryId: string, { singleTry = false } = {}): JobsOptions {
    return {
      jobId: deliveryId,
      attempts: singleTry ? 1 : this.settings.attempts,
      backoff: { type: 'exponential', delay: this.settings.backoffMs },
      // kept a while for the dashboard; the deliveries table is the record
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 14 * 24 * 3600 },
    };
  }

  async enqueue(deliveryIds: string[]): Promise<void> {
    for (let i = 0; i < deliveryIds.length; i += ADD_CHUNK) {
      await this.queue.addBulk(
        deliveryIds.slice(i, i + ADD_CHUNK).map((deliveryId) => ({ name: JOBS.deliver, data: { deliveryId }, opts: this.options(deliveryId) })),
      );
    }
  }

  /**
   * Queues deliveries again with fresh attempts, replacing their finished jobs (a failed job
   * keeps its id for two weeks, and adding an id that exists adds nothing).
   */
  async replaceMany(deliveryIds: string[]): Promise<void> {
    for (let i = 0; i < deliveryIds.length; i += ADD_CHUNK) {
      const chunk = deliveryIds.slice(i, i + ADD_CHUNK);
      // a job still running is not removed (nor added twice): its delivery is picked up by the sweep
      await Promise.all(chunk.map((id) => this.queue.remove(id)));
      await this.enqueue(chunk);
    }
  }

  /** Whether the delivery's job is waiting, running or between retries (not finished, not missing). */
  async isLive(deliveryId: string): Promise<boolean> {
    const job = await this.queue.getJob(deliveryId);
    if (!job) return false;
    const state = await job.getState();
    return state !== 'completed' && state !== 'failed' && state !== 'unknown';
  }

  /** Queues the delivery again, replacing a finished job of the same id. */
  async replace(deliveryId: string, options: { singleTry?: boolean } = {}): Promise<void> {
    await (await this.queue.getJob(deliveryId))?.remove().catch(() => undefined);
    await this.queue.add(JOBS.deliver, { deliveryId }, this.options(deliveryId, options));
  }
}
