import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { IndicatorsModule } from '@app/indicators';
import { NotificationsModule } from '@app/notifications';
import { RemindersModule } from '@app/reminders';
import { ReminderSchedulesKeeper } from './reminder-schedules.keeper';
import { RemindersProcessor, remindersProcessor } from './reminders.processor';

@Module({})
export class RemindersWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RemindersWorkerModule,
      imports: [RemindersModule, NotificationsModule, IndicatorsModule],
      providers: [{ provide: RemindersProcessor, useClass: remindersProcessor(config) }, ReminderSchedulesKeeper],
    };
  }
}
