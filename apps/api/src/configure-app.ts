import fastifyCors from '@fastify/cors';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet, { FastifyHelmetOptions } from '@fastify/helmet';
import { RequestMethod } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { allErrorCodes, invalid } from '@app/common';
import { AppConfig, CONFIG } from '@app/config';
import { loggerOptions, PinoNestLogger, REQUEST_ID_HEADER } from './http/logging';
import { jsonTextPastLimits, MAX_JSON_DEPTH, MAX_JSON_MEMBERS, refuseNulCharacters } from './http/request-limits';
import { validationPipe } from './http/validation';
import { webDistDir, webPages } from './http/web-pages';

/** JSON bodies up to this size; a larger one answers 413 (imports have their own limit). */
export const JSON_BODY_LIMIT = 1024 * 1024;

export interface AdapterOptions {
  /** Fastify's `trustProxy` (config.trustProxy): when X-Forwarded-For gives the client's address. */
  trustProxy?: AppConfig['trustProxy'];
  /** Pino level (AppConfig.logLevel in main.ts); `info` when not given. */
  logLevel?: string;
  /** Where the JSON log lines go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
}

/**
 * The API's HTTP adapter: Fastify (BENCHMARKS.md, `npm run bench:api`), with its pino logger
 * writing one JSON line per event, each carrying the request's id. main.ts and the e2e tests
 * both build on it.
 */
export function apiAdapter(options: AdapterOptions = {}): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    ...loggerOptions(options.logLevel ?? 'info', options.logStream),
  });
}

/**
 * The Content-Security-Policy of everything the API serves: the web pages (React, Vite, Ant
 * Design, from this origin at /) and the Swagger UI at /api/docs. Scripts only from this origin
 * (no inline script, no eval); styles may be inline because Ant Design injects <style> elements;
 * images from here or data: URLs (Swagger UI's icons); no framing, plugins, foreign form targets.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/**
 * Helmet's headers with that policy. HSTS only in production, where the API is served over
 * https (behind TLS); outside it, over plain http, browsers would ignore it, and on a developer's
 * https proxy it would pin localhost. Not for subdomains: the province's other sites under the
 * same domain are not ours to pin. 180 days, no preload.
 */
export function helmetOptions(config: Pick<AppConfig, 'nodeEnv'>): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    strictTransportSecurity: config.nodeEnv === 'production' ? { maxAge: 15_552_000, includeSubDomains: false, preload: false } : false,
  };
}

export interface AppOptions {
  /**
   * The built web pages served at / (http/web-pages.ts); default WEB_DIST_DIR, else
   * apps/web/dist found from the source or the build; null: none (a page says how to build them).
   */
  webDistDir?: string | null;
}

/**
 * Everything main.ts sets on the app, shared with the e2e tests so they test the same thing.
 * The app is created with `bodyParser: false`: the body parsers are these.
 */
export function configureApp(app: NestFastifyApplication, options: AppOptions = {}): NestFastifyApplication {
  const config = app.get<AppConfig>(CONFIG);
  const fastify = app.getHttpAdapter().getInstance();
  // Nest's own log lines go through the same pino logger, as JSON
  app.useLogger(new PinoNestLogger(fastify.log));

  // the request id goes back to the caller, who can quote it (it is also in every error answer)
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });

  void fastify.register(fastifyHelmet, helmetOptions(config));
  // the web pages' sign-in cookie (http/session-cookie.ts): parsed here, unsigned (it holds a JWT)
  void fastify.register(fastifyCookie);
  // CORS is off (no Access-Control-* header at all) unless CORS_ORIGINS lists origins: then
  // exactly those, without credentials (the API's tokens travel in Authorization headers)
  if (config.corsOrigins.length) {
    void fastify.register(fastifyCors, {
      origin: config.corsOrigins,
      credentials: false,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
      exposedHeaders: [REQUEST_ID_HEADER, 'content-disposition'],
      maxAge: 600,
    });
  }

  // Fastify's own JSON parser (which refuses prototype poisoning), except that an empty body
  // sent as JSON is no body: `POST /reminders/run` needs none; and a body nested deeper, or
  // holding more keys and items, than any request of the API is refused before parsing
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    const past = jsonTextPastLimits(body as string, MAX_JSON_DEPTH, MAX_JSON_MEMBERS);
    if (past === 'depth') return done(invalid(`the request body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    if (past === 'members') return done(invalid(`the request body holds more than ${MAX_JSON_MEMBERS} keys and items`), undefined);
    json(request, body as string, done);
  });
  // multipart bodies stay unread here: the import reads its file itself (http/upload.ts, 10 MB)
  fastify.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
  // no string holding NUL reaches PostgreSQL, whichever route it is sent to
  fastify.addHook('preValidation', async (request) => refuseNulCharacters(request));
  // the web pages at /, after helmet so its headers cover them; the API's paths stay the API's
  void fastify.register(webPages, { root: options.webDistDir === undefined ? webDistDir(config.webDistDir) : options.webDistDir });

  configureRoutes(app);
  return app;
}

/** Base path, validation and the OpenAPI document. */
export function configureRoutes(app: NestFastifyApplication): NestFastifyApplication {
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
  SwaggerModule.setup('api/docs', app, withErrorResponses(document), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/**
 * Adds the error answer to every operation of the document: an `ErrorResponse` schema whose
 * `code` lists every stable code with its meaning (libs/common/src/error-codes.ts), as the
 * 4XX, 5XX and default response. The web pages translate by `code`.
 */
export function withErrorResponses(document: OpenAPIObject): OpenAPIObject {
  const codes = allErrorCodes();
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.ErrorResponse = {
    type: 'object',
    required: ['statusCode', 'error', 'code', 'message', 'requestId'],
    properties: {
      statusCode: { type: 'integer', example: 409 },
      error: { type: 'string', description: 'the HTTP reason phrase', example: 'Conflict' },
      code: {
        type: 'string',
        enum: Object.keys(codes),
        description: 'stable machine word of the error:\n' + Object.entries(codes).map(([code, meaning]) => `- \`${code}\`: ${meaning}`).join('\n'),
        example: 'TASK_VERSION_STALE',
      },
      message: { type: 'string', description: 'what is wrong, naming the field at fault (English)', example: 'task has changed since you read it' },
      requestId: { type: 'string', description: 'the id of the request in the log (also the X-Request-Id header)' },
    },
    additionalProperties: true,
  };
  document.components.responses ??= {};
  document.components.responses.Error = {
    description: 'an error: see `code`',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
  };
  const error = { $ref: '#/components/responses/Error' };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const) {
      const operation = item[method];
      if (!operation) continue;
      operation.responses ??= {};
      for (const status of ['4XX', '5XX', 'default']) operation.responses[status] ??= error;
    }
  }
  return document;
}
