export * from './queues';
export * from './queue.module';
export * from './redis.provider';
export * from './queue-backend';
export * from './postgres-queue-schema';
