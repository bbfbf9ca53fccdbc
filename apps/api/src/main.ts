import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals } from '@app/common';
import { ConfigError, loadConfig } from '@app/config';
import { UsersService } from '@app/users';
import { ApiModule } from './api.module';
import { configureApp } from './configure-app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await NestFactory.create(ApiModule.forRoot(config), { bodyParser: false, logger: ['warn', 'error'] });
  configureApp(app);
  await app.get(UsersService).ensureFirstAdmin(config.adminEmail, config.adminPassword);
  await app.listen(config.port, '0.0.0.0');
  closeOnSignals(app, 'api');
  console.log(`API on http://127.0.0.1:${config.port}/api/v1 — docs on http://127.0.0.1:${config.port}/api/docs`);
}

main().catch((error) => {
  console.error(`API failed to start: ${error?.message ?? error}`);
  process.exit(1);
});
