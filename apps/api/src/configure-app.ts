import { INestApplication, RequestMethod } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationPipe } from './http/validation';

/** JSON bodies up to this size; a larger one answers 413 (imports have their own limit). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * The API's HTTP adapter: Fastify, chosen by measurement (BENCHMARKS.md, `npm run bench:api`):
 * Nest on Express spent twice the CPU per request. main.ts and the e2e tests both build on it.
 */
export function apiAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: JSON_BODY_LIMIT });
}

/** Everything main.ts sets on the app, shared with the e2e tests so they test the same thing. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  // multipart bodies stay unread here: the import reads its file itself (http/upload.ts, 10 MB)
  app.getHttpAdapter().getInstance().addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
  configureRoutes(app);
  return app;
}

/** Base path, validation and the OpenAPI document: the same whatever the HTTP adapter. */
export function configureRoutes(app: INestApplication): INestApplication {
  app.setGlobalPrefix('api/v1', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(validationPipe);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Steering committee task tracker')
      .setDescription('Plans, tasks, deadlines, reminders and meeting roll-ups of a provincial steering committee.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
