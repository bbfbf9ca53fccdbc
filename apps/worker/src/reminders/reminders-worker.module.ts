import { Module } from '@nestjs/common';
import { IndicatorsModule } from '@app/indicators';
import { NotificationsModule } from '@app/notifications';
import { RemindersModule } from '@app/reminders';
import { ReminderSchedulesKeeper } from './reminder-schedules.keeper';
import { RemindersProcessor } from './reminders.processor';

@Module({ imports: [RemindersModule, NotificationsModule, IndicatorsModule], providers: [RemindersProcessor, ReminderSchedulesKeeper] })
export class RemindersWorkerModule {}
