import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Type } from '@nestjs/common';
import { WorkerOptions } from 'bullmq';
import { DeliverySettings } from '@app/config';

/** What @Processor takes besides the connection (shared from the queue's). */
export type ProcessorWorkerOptions = Omit<WorkerOptions, 'connection'>;

/**
 * The options of a worker whose jobs a dying worker may cut off: its lock lives WORKER_LOCK_MS,
 * a dead worker's job is looked for every WORKER_STALLED_MS and picked up again at most
 * `maxStalledCount` times.
 */
export function crashSafeOptions(settings: DeliverySettings, concurrency: number, maxStalledCount: number): ProcessorWorkerOptions {
  return { concurrency, lockDuration: settings.lockMs, stalledInterval: settings.stalledCheckMs, maxStalledCount };
}

/**
 * `base` declared as the processor of `queue` with these worker options. @Processor takes its
 * options when a class is declared, and these come from the validated configuration, which
 * exists only when a WorkerModule is built (and differs between the apps of one test process):
 * so the module declares the class then, and @nestjs/bullmq builds the Worker from exactly these
 * options; nothing is changed on it afterwards.
 */
export function declareProcessor<T extends Type<WorkerHost & Pick<WorkerHost, 'process'>>>(base: T, queue: string, options: ProcessorWorkerOptions): T {
  @Processor(queue, options)
  class DeclaredProcessor extends base {}
  // the base's name in logs and in test/reminders-scheduler.e2e-spec.ts's list of handlers
  Object.defineProperty(DeclaredProcessor, 'name', { value: base.name });
  return DeclaredProcessor;
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
