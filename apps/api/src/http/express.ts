import { DynamicModule, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { json, NextFunction, Request, Response } from 'express';
import { configureRoutes, JSON_BODY_LIMIT } from '../configure-app';
import { BODY_ERRORS } from './error.filter';

/**
 * The API on Express instead of Fastify (HTTP_ADAPTER=express), kept to measure the two
 * adapters in `npm run bench:api` (BENCHMARKS.md); Fastify is the product's adapter. Every
 * route works on both (the import reads its upload itself, files go out as StreamableFile,
 * Bull Board is an Express app mounted on either). Mirrors configureApp minus its
 * Fastify-only line, plus body-parser's errors answered in the same words (BODY_ERRORS).
 */
export async function createExpressApp(module: DynamicModule, logger: LogLevel[]): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, new BytesExpressAdapter(), { bodyParser: false, logger });
  app.disable('x-powered-by');
  app.use(json({ limit: JSON_BODY_LIMIT }), bodyErrors);
  return configureRoutes(app);
}

function bodyErrors(err: { type?: string; status?: number } | undefined, _req: Request, res: Response, next: NextFunction): void {
  if (!err) return next();
  const [status, error, message] =
    err.type === 'entity.too.large'
      ? [413, 'Payload Too Large', BODY_ERRORS.tooLarge]
      : err.type === 'entity.parse.failed'
        ? [400, 'Bad Request', BODY_ERRORS.invalidJson]
        : [err.status && err.status < 500 ? err.status : 400, 'Bad Request', BODY_ERRORS.unreadable];
  res.status(status).json({ statusCode: status, error, message });
}

/** Sends a handler's bytes as they are (a task list is UTF-8 JSON already), as Fastify does; Nest's Express adapter would write a Buffer out as JSON. */
class BytesExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (!Buffer.isBuffer(body)) return super.reply(response, body, statusCode);
    if (statusCode) response.status(statusCode);
    return response.send(body);
  }
}
