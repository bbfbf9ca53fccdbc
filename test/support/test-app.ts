import 'reflect-metadata';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@app/config';
import { Clock, FixedClock } from '@app/common';
import { Role, UsersService } from '@app/users';
import { ApiModule } from '../../apps/api/src/api.module';
import { apiAdapter, configureApp } from '../../apps/api/src/configure-app';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createTestDatabase, deleteRedisKeys, TEST_REDIS_URL, uniqueName } from './databases';

export interface TestEnv {
  config: AppConfig;
  clock: FixedClock;
  app: INestApplication;
  db: DataSource;
  http: () => ReturnType<typeof request>;
  /** Starts a real BullMQ worker in this process (same database, same queue prefix). */
  startWorker: () => Promise<INestApplicationContext>;
  close: () => Promise<void>;
}

/** Delivery settings that retry within a second: five tries, 100 ms apart at first, swept every 200 ms. */
export const FAST_RETRIES = { DELIVERY_ATTEMPTS: '5', DELIVERY_BACKOFF_MS: '100', DELIVERY_SWEEP_MS: '200' };

/** Today in the tests unless a test sets the clock: 2024-06-15 08:00 in Vietnam. */
export const DEFAULT_NOW = '2024-06-15T01:00:00Z';

/**
 * The API as main.ts builds it, on a fresh database and its own queue prefix, with a
 * clock the test sets. Everything it made is dropped by close().
 */
export interface TestAppOptions {
  /** Where the API's JSON log lines go (a test that reads them); by default only errors, to stdout. */
  logStream?: NodeJS.WritableStream;
  logLevel?: string;
  /** The built web pages served at / (configureApp's webDistDir); by default as main.ts finds them. */
  webDistDir?: string | null;
}

export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestEnv> {
  const database = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: database.url,
    // the app connects as the application role, as in production; database.url stays the owner's
    DATABASE_APP_URL: database.appUrl,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniqueName('steering-test-'),
    // a secret of this run only, long enough for production tests too
    JWT_SECRET: randomBytes(36).toString('base64url'),
    ...env,
  });
  const clock = new FixedClock(new Date(DEFAULT_NOW), config.businessTimeZone);
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const adapter = apiAdapter({ trustProxy: config.trustProxy, logLevel: options.logLevel ?? process.env.LOG_LEVEL ?? 'error', logStream: options.logStream });
  const app = configureApp(moduleRef.createNestApplication<NestFastifyApplication>(adapter, { bodyParser: false, logger: ['error'] }), {
    webDistDir: options.webDistDir,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const workers: INestApplicationContext[] = [];
  return {
    config,
    clock,
    app,
    db: app.get(DataSource),
    http: () => request(app.getHttpServer()),
    startWorker: async () => {
      const ref = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] })
        .overrideProvider(Clock)
        .useValue(clock)
        .compile();
      ref.useLogger(['error']);
      await ref.init();
      workers.push(ref);
      return ref;
    },
    close: async () => {
      for (const worker of workers) await worker.close();
      await app.close();
      await deleteRedisKeys(config.queuePrefix);
      await database.drop();
    },
  };
}

let userCounter = 0;
/** The password of every user signIn() makes: of this run only. */
export const TEST_PASSWORD = randomBytes(12).toString('base64url');

/** Creates a user of that role (through the service) and signs it in through the API. */
export async function signIn(
  env: TestEnv,
  role: Role,
  departmentId: string | null = null,
): Promise<{ id: string; token: string; auth: { Authorization: string } }> {
  const email = `${role}.${++userCounter}.${Date.now()}@test.local`;
  const password = TEST_PASSWORD;
  const user = await env.app.get(UsersService).create({ email, password, fullName: `Test ${role}`, role, departmentId });
  const res = await env.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
  return { id: user.id, token: res.body.accessToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}
