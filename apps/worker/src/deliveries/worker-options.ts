import { WorkerHost } from '@nestjs/bullmq';
import { WorkerOptions } from 'bullmq';
import { DeliverySettings } from '@app/notifications';

/** What @Processor takes besides the connection (shared from the queue's). */
export type ProcessorWorkerOptions = Omit<WorkerOptions, 'connection'>;

/**
 * @nestjs/bullmq builds each Worker from its @Processor options when the module
 * initialises, after every provider is constructed. A processor passes one of these
 * objects to @Processor and fills it from the validated settings in its constructor, so
 * lock and stall timings come from the environment without being read at import time.
 */
export function fillWorkerOptions(target: ProcessorWorkerOptions, settings: DeliverySettings, concurrency = 1): void {
  Object.assign(target, {
    concurrency,
    lockDuration: settings.lockMs,
    stalledInterval: settings.stalledCheckMs,
    // a job cut off by a crash is picked up again once; a second crash on it fails it
    maxStalledCount: 1,
  });
}

/** Closes a processor's worker, waiting for its running jobs; nothing to do if it never started. */
export async function closeWorker(host: WorkerHost): Promise<void> {
  let worker;
  try {
    worker = host.worker;
  } catch {
    return;
  }
  await worker.close();
}
