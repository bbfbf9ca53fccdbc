import { failFastRedisOptions, isRedisUnavailable, patientRedisOptions } from './redis.provider';

describe('Redis connections: producers fail fast, workers wait', () => {
  it('gives producers no offline queue, no resend, no retry and short timeouts', () => {
    expect(failFastRedisOptions('redis://:secret@redis.local:6380/2')).toMatchObject({
      host: 'redis.local', port: 6380, password: 'secret', db: 2,
      enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0, connectTimeout: 1_500, commandTimeout: 5_000,
    });
  });

  it('lets workers wait for Redis (BullMQ needs maxRetriesPerRequest null), reconnecting within 2 s', () => {
    const options = patientRedisOptions('redis://127.0.0.1:6379');
    expect(options).toMatchObject({ maxRetriesPerRequest: null });
    expect(options.enableOfflineQueue).toBeUndefined();
    expect([1, 5, 50].map((n) => options.retryStrategy!(n))).toEqual([200, 1_000, 2_000]);
  });

  it('knows what ioredis and BullMQ say when Redis is down, and nothing else', () => {
    expect(isRedisUnavailable(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isRedisUnavailable(new Error('Command timed out'))).toBe(true);
    expect(isRedisUnavailable(new Error('Connection is closed.'))).toBe(true);
    expect(isRedisUnavailable(Object.assign(new Error('Reached the max retries per request limit (which is 0).'), { name: 'MaxRetriesPerRequestError' }))).toBe(true);
    expect(isRedisUnavailable(new Error('ERR wrong number of arguments'))).toBe(false);
    expect(isRedisUnavailable(undefined)).toBe(false);
  });
});
