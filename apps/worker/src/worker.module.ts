import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule, loadConfig } from '@app/config';
import { ClockModule } from '@app/common';
import { DatabaseModule } from '@app/data-source';
import { QueueModule, RedisModule } from '@app/queue';
import { SummariesModule } from './summaries/summaries.module';
import { RemindersWorkerModule } from './reminders/reminders-worker.module';
import { DeliveriesWorkerModule } from './deliveries/deliveries-worker.module';
import { ReportsWorkerModule } from './reports/reports-worker.module';

/** The worker: BullMQ processors only, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), ClockModule, DatabaseModule, RedisModule, QueueModule, SummariesModule,
        RemindersWorkerModule.forRoot(config), DeliveriesWorkerModule.forRoot(config), ReportsWorkerModule],
    };
  }
}
