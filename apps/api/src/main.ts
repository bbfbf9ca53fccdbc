import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { closeOnSignals } from '@app/common';
import { configOrExit, loadConfig } from '@app/config';
import { loadDeliverySettings } from '@app/notifications';
import { UsersService } from '@app/users';
import { ApiModule } from './api.module';
import { apiAdapter, configureApp } from './configure-app';
import { createExpressApp } from './http/express';

async function main(): Promise<void> {
  // the delivery settings are read by the notifications module: check them here, in one line too
  const config = configOrExit(() => {
    loadDeliverySettings();
    return loadConfig();
  });
  // Fastify is the product's adapter; Express only for measuring it (BENCHMARKS.md)
  const adapter = process.env.HTTP_ADAPTER?.trim() || 'fastify';
  if (adapter !== 'express' && adapter !== 'fastify') {
    console.error(`Configuration error: HTTP_ADAPTER must be express or fastify, got "${adapter}"`);
    process.exit(1);
  }
  const app =
    adapter === 'express'
      ? await createExpressApp(ApiModule.forRoot(config), ['warn', 'error'])
      : configureApp(await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), apiAdapter(), { bodyParser: false, logger: ['warn', 'error'] }));
  await app.get(UsersService).ensureFirstAdmin(config.adminEmail, config.adminPassword);
  await app.listen(config.port, '0.0.0.0');
  closeOnSignals(app, 'api');
  console.log(`API on http://127.0.0.1:${config.port}/api/v1 — docs on http://127.0.0.1:${config.port}/api/docs`);
}

main().catch((error) => {
  console.error(`API failed to start: ${error?.message ?? error}`);
  process.exit(1);
});
