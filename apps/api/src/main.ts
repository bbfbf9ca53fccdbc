import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { closeOnSignals } from '@app/common';
import { configOrExit, loadConfig } from '@app/config';
import { UsersService } from '@app/users';
import { ApiModule } from './api.module';
import { apiAdapter, configureApp } from './configure-app';
import { PinoNestLogger } from './http/logging';

async function main(): Promise<void> {
  // every variable is read and checked here, once: a bad one stops the start with one line
  const config = configOrExit(() => loadConfig());
  const adapter = apiAdapter({ trustProxy: config.trustProxy, logLevel: config.logLevel });
  // Nest logs through Fastify's pino logger from the start (a database still starting, too): all output is JSON
  const logger = new PinoNestLogger(adapter.getInstance().log);
  const app = configureApp(await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, { bodyParser: false, logger }));
  await app.get(UsersService).ensureFirstAdmin(config.adminEmail, config.adminPassword);
  // 127.0.0.1 outside production unless HOST says otherwise (libs/config)
  await app.listen(config.port, config.host);
  closeOnSignals(app, 'api');
  const shown = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  app.getHttpAdapter().getInstance().log.info(`API on http://${shown}:${config.port}/api/v1 — docs on http://${shown}:${config.port}/api/docs (listening on ${config.host})`);
}

main().catch((error) => {
  console.error(`API failed to start: ${error?.message ?? error}`);
  process.exit(1);
});
