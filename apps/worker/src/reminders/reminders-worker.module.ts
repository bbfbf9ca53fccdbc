import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { RemindersModule } from '@app/reminders';
import { RemindersProcessor } from './reminders.processor';

@Module({ imports: [RemindersModule, NotificationsModule], providers: [RemindersProcessor] })
export class RemindersWorkerModule {}
