import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals } from '@app/common';
import { configOrExit, loadConfig } from '@app/config';
import { loadDeliverySettings } from '@app/notifications';
import { loadReminderRunSettings } from '@app/reminders';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  // the delivery and run settings are read by their modules: check them here, in one line too
  const config = configOrExit(() => {
    loadDeliverySettings();
    loadReminderRunSettings();
    return loadConfig();
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['warn', 'error'] });
  await app.init();
  closeOnSignals(app, 'worker');
  console.log(`worker started (queues under prefix "${config.queuePrefix}")`);
}

main().catch((error) => {
  console.error(`worker failed to start: ${error?.message ?? error}`);
  process.exit(1);
});
