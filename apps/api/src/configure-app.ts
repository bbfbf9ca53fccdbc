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

/**
 * Everything main.ts sets on the app, shared with the e2e tests so they test the same thing.
 * The app is created with `bodyParser: false`: the body parsers are these.
 */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify's own JSON parser (which refuses prototype poisoning), except that an empty body
  // sent as JSON is no body, as under Express: `POST /reminders/run` needs none
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (request, body, done) =>
    body === '' ? done(null, undefined) : json(request, body as string, done),
  );
  // multipart bodies stay unread here: the import reads its file itself (http/upload.ts, 10 MB)
  fastify.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
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
