import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { ReminderJobs } from './reminder-run.jobs';
import { RemindersService } from './reminders.service';

@Module({
  imports: [NotificationsModule],
  providers: [RemindersService, ReminderJobs],
  exports: [RemindersService, ReminderJobs],
})
export class RemindersModule {}
