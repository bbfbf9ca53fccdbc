import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig, CONFIG } from '@app/config';
import { QUEUES } from './queues';
import { queueConnection, QueueConnectionRole } from './queue-backend';

/**
 * Provided (globally) by the worker app: its queues and workers then use patient connections.
 * Without it (the API, the demo loader) every queue is a producer that fails fast.
 */
export const QUEUE_CONNECTION_ROLE = Symbol('QUEUE_CONNECTION_ROLE');
export type { QueueConnectionRole };

/**
 * BullMQ on REDIS_URL, every key under QUEUE_PREFIX; registers every queue. In the API a
 * queue's command fails at once while Redis is down (the request answers 503 and is never
 * run later); the worker's connections wait for Redis instead (see redis.provider.ts).
 * With REDIS_URL=embedded, BullMQ's PostgreSQL backend in the schema of QUEUE_PREFIX instead
 * (queue-backend.ts).
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [CONFIG, { token: QUEUE_CONNECTION_ROLE, optional: true }],
      useFactory: (config: AppConfig, role?: QueueConnectionRole) => ({
        // ioredis options, which BullMQ passes to the ioredis it makes for each queue and worker;
        // or the PostgreSQL pool options of each (REDIS_URL=embedded)
        connection: queueConnection(config, role ?? 'producer'),
        prefix: config.queuePrefix,
      }),
    }),
    ...Object.values(QUEUES).map((name) => BullModule.registerQueue({ name })),
  ],
  exports: [BullModule],
})
export class QueueModule {}
