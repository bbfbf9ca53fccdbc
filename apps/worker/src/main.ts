import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals } from '@app/common';
import { configOrExit, loadConfig } from '@app/config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  // every variable is read and checked here, once: a bad one stops the start with one line
  const config = configOrExit(() => loadConfig());
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['warn', 'error'] });
  await app.init();
  closeOnSignals(app, 'worker');
  console.log(`worker started (queues under prefix "${config.queuePrefix}")`);
}

main().catch((error) => {
  console.error(`worker failed to start: ${error?.message ?? error}`);
  process.exit(1);
});
