import { Global, Module } from '@nestjs/common';
import { QUEUE_CONNECTION_ROLE, QueueConnectionRole } from '@app/queue';

/**
 * Marks this Nest context as the worker: QueueModule then gives its queues and BullMQ
 * workers connections that wait for Redis through an outage (a job's completion is kept,
 * not lost to a fail-fast error), where the API's fail at once.
 */
@Global()
@Module({
  providers: [{ provide: QUEUE_CONNECTION_ROLE, useValue: 'worker' satisfies QueueConnectionRole }],
  exports: [QUEUE_CONNECTION_ROLE],
})
export class WorkerConnectionModule {}
