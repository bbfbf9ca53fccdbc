import { DynamicModule, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureRoutes } from '../configure-app';

/**
 * The API on Fastify instead of Express (HTTP_ADAPTER=fastify), kept to measure the two
 * adapters in `npm run bench:api` (see BENCHMARKS.md). Express stays the product's adapter:
 * under Fastify the import upload (multer) answers 415, the XLSX export and the health check
 * (Express response methods) answer 500, and Bull Board is left out.
 * @nestjs/platform-fastify is a dev dependency, loaded only here and only when asked for.
 *
 * Mirrors configureApp (configure-app.ts) minus its Express-only lines: Fastify parses JSON
 * itself with a 1 MB limit and answers its parser errors as { statusCode, error, message }.
 */
export async function createFastifyApp(module: DynamicModule, logger: LogLevel[]): Promise<INestApplication> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { FastifyAdapter } = require('@nestjs/platform-fastify') as typeof import('@nestjs/platform-fastify');
  const app = await NestFactory.create(module, new FastifyAdapter({ bodyLimit: 1024 * 1024 }), { logger });
  return configureRoutes(app);
}
