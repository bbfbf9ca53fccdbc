import { DynamicModule, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { configureRoutes, JSON_BODY_LIMIT } from '../configure-app';

/**
 * The API on Express instead of Fastify (HTTP_ADAPTER=express), kept to measure the two
 * adapters in `npm run bench:api` (BENCHMARKS.md); Fastify is the product's adapter. Every
 * route works on both (the import reads its upload itself, files go out as StreamableFile,
 * Bull Board is an Express app mounted on either). Mirrors configureApp minus its
 * Fastify-only line; body-parser's errors reach the error filter like Fastify's do.
 */
export async function createExpressApp(module: DynamicModule, logger: LogLevel[]): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bodyParser: false, logger });
  app.disable('x-powered-by');
  app.use(json({ limit: JSON_BODY_LIMIT }));
  return configureRoutes(app);
}
