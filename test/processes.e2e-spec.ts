// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it starts and stops the built API and worker processes.
import { createTestDatabase, deleteRedisKeys, onServer, TEST_REDIS_URL, uniqueName } from './support/databases';
import { startProcess, waitForExit, waitForOutput } from './support/processes';
import { startTestApp } from './support/test-app';

/** The apps as processes: configuration refused with one line, a clean stop on SIGTERM, health. */
describe('processes and health', () => {
  it('refuses a bad configuration with one line naming the variable', async () => {
    const cases: [ReturnType<typeof startProcess>, string][] = [
      [startProcess('api', { PORT: 'eighty' }), 'Configuration error: PORT must be a port number between 1 and 65535, got "eighty"'],
      [startProcess('worker', { NODE_ENV: 'production', JWT_SECRET: '' }), 'Configuration error: JWT_SECRET is required when NODE_ENV=production'],
      [startProcess('worker', { DELIVERY_ATTEMPTS: '2' }), 'Configuration error: DELIVERY_ATTEMPTS must be a whole number ≥ 5, got "2"'],
      // read by the reminders' service once, checked with the rest before anything starts
      [
        startProcess('worker', { REMINDER_ESCALATION: '7:mayor' }),
        'Configuration error: REMINDER_ESCALATION must list steps "days:recipient[,recipient];…" with days ≥ 1 and recipients among focal_point, department_head, committee_member, secretariat (or be "none"), got "7:mayor"',
      ],
    ];
    const codes = await Promise.all(cases.map(([child]) => waitForExit(child, 110_000)));
    expect(codes).toEqual([1, 1, 1, 1]);
    expect(cases.map(([child]) => child.output().trim())).toEqual(cases.map(([, line]) => line));
  }, 120_000);

  it('starts the worker against PostgreSQL and Redis and stops it cleanly on SIGTERM with nothing queued', async () => {
    const db = await createTestDatabase();
    const prefix = uniqueName('steering-test-');
    try {
      const worker = startProcess('worker', { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix });
      await waitForOutput(worker, /worker started/);
      worker.kill('SIGTERM');
      expect(await waitForExit(worker)).toBe(0);
    } finally {
      await deleteRedisKeys(prefix);
      await db.drop();
    }
  });

  it('answers 503 when Redis is unreachable', async () => {
    const env = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await env.http().get('/health').expect(503);
      expect(res.body).toEqual({ status: 'unavailable', database: 'up', redis: 'down' });
    } finally {
      await env.close().catch(() => undefined);
    }
  });

  it('answers 503 when PostgreSQL is unreachable', async () => {
    const env = await startTestApp();
    try {
      // no new connections to its database, and the open ones cut: PostgreSQL is gone for this app
      const name = new URL(env.config.databaseUrl).pathname.slice(1);
      await onServer(async (c) => {
        await c.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
        await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
      });
      const res = await env.http().get('/health').expect(503);
      expect(res.body).toMatchObject({ status: 'unavailable', database: 'down' });
    } finally {
      await env.close().catch(() => undefined);
    }
  });
});
