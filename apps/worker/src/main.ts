import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals } from '@app/common';
import { ConfigError, loadConfig } from '@app/config';
import { WorkerModule } from './worker.module';

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
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['warn', 'error'] });
  await app.init();
  closeOnSignals(app, 'worker');
  console.log(`worker started (queues under prefix "${config.queuePrefix}")`);
}

main().catch((error) => {
  console.error(`worker failed to start: ${error?.message ?? error}`);
  process.exit(1);
});
