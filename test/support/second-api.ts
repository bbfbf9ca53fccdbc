import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Clock } from '@app/common';
import { ApiModule } from '../../apps/api/src/api.module';
import { apiAdapter, configureApp } from '../../apps/api/src/configure-app';
import { TestEnv } from './test-app';

/**
 * A second API process on the same database and Redis prefix as `env` (its own Nest app, its
 * own caches and connections), for what every process must see at once. close() drops nothing.
 */
export async function startSecondApi(env: TestEnv): Promise<{ http: () => ReturnType<typeof request>; close: () => Promise<void> }> {
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(env.config)] })
    .overrideProvider(Clock)
    .useValue(env.clock)
    .compile();
  const app = configureApp(moduleRef.createNestApplication<NestFastifyApplication>(apiAdapter({ trustProxy: env.config.trustProxy, logLevel: process.env.LOG_LEVEL ?? 'error' }), { bodyParser: false, logger: ['error'] }));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { http: () => request(app.getHttpServer()), close: () => app.close() };
}
