import { ConnectionOptions, createPostgresBackend, PostgresPoolConfig, setDefaultBackendFactory } from 'bullmq';
import { AppConfig } from '@app/config';
import { failFastRedisOptions, patientRedisOptions } from './redis.provider';

/** Which side of the queues a process is: the API's producers fail fast, the worker's connections wait. */
export type QueueConnectionRole = 'producer' | 'worker';

/**
 * Connections of each queue, worker and scheduler on PostgreSQL (REDIS_URL=embedded): a small pool
 * each (BullMQ makes one per Queue and per Worker, plus a LISTEN connection per Worker), so the
 * API and the worker together stay well inside the application role's CONNECTION LIMIT (50).
 */
export const POSTGRES_QUEUE_POOL = { producer: 2, worker: 3 } as const;

/**
 * The `connection` BullMQ's classes get, and (for PostgreSQL) the process-wide backend they use.
 * Redis: ioredis options on REDIS_URL (see redis.provider.ts). PostgreSQL: BullMQ 6's PostgreSQL
 * backend on the application's database, in the schema `config.queueSchema` (one per
 * QUEUE_PREFIX, made by the migrations as the owner: the connections never migrate).
 */
export function queueConnection(config: AppConfig, role: QueueConnectionRole = 'producer'): ConnectionOptions {
  if (config.queueBackend === 'postgres') {
    // every Queue, Worker and FlowProducer of this process built after this call is on PostgreSQL;
    // @nestjs/bullmq passes no factory of its own
    setDefaultBackendFactory(createPostgresBackend);
    const pool: PostgresPoolConfig = {
      connectionString: config.databaseAppUrl ?? config.databaseUrl,
      schema: config.queueSchema,
      migrate: false,
      max: POSTGRES_QUEUE_POOL[role],
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: 5_000,
      application_name: `steering-queues-${role}`,
    };
    return pool as unknown as ConnectionOptions;
  }
  setDefaultBackendFactory(undefined);
  return (role === 'worker' ? patientRedisOptions(config.redisUrl) : failFastRedisOptions(config.redisUrl)) as ConnectionOptions;
}
