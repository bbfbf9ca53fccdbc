import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { TasksModule } from '@app/tasks';
import { UrgingsService } from './urgings.service';
import { ReminderJobs } from './reminder-run.jobs';
import { ReminderRunsService } from './reminder-runs.service';
import { RemindersService } from './reminders.service';

@Module({
  imports: [NotificationsModule, TasksModule],
  providers: [
    RemindersService,
    ReminderRunsService,
    UrgingsService,
    ReminderJobs,
  ],
  exports: [RemindersService, ReminderRunsService, UrgingsService, ReminderJobs],
})
export class RemindersModule {}
