import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json, NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationPipe } from './http/validation';

function bodyErrors(err: { type?: string; status?: number } | undefined, _req: Request, res: Response, next: NextFunction): void {
  if (!err) return next();
  const [status, error, message] =
    err.type === 'entity.too.large'
      ? [413, 'Payload Too Large', 'the request body is too large (at most 1 MB)']
      : err.type === 'entity.parse.failed'
        ? [400, 'Bad Request', 'the request body is not valid JSON']
        : [err.status && err.status < 500 ? err.status : 400, 'Bad Request', 'the request body cannot be read'];
  res.status(status).json({ statusCode: status, error, message });
}

/** Everything main.ts sets on the app, shared with the e2e tests so they test the same thing. */
export function configureApp(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Our own JSON parser (the app is created with bodyParser: false) so that its errors
  // leave in the CONTRACT's shape like every other error.
  express.use(json({ limit: '1mb' }), bodyErrors);
  return configureRoutes(app);
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
