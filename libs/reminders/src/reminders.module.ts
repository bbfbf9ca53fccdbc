import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { TasksModule } from '@app/tasks';
import { UrgingsService } from './urgings.service';
import { ReminderJobs } from './reminder-run.jobs';
import { loadReminderRunSettings, REMINDER_RUN_SETTINGS } from './reminder-run-settings';
import { ReminderRunsService } from './reminder-runs.service';
import { RemindersService } from './reminders.service';

@Module({
  imports: [NotificationsModule, TasksModule],
  providers: [
    RemindersService,
    ReminderRunsService,
    UrgingsService,
    ReminderJobs,
    { provide: REMINDER_RUN_SETTINGS, useFactory: () => loadReminderRunSettings() },
  ],
  exports: [RemindersService, ReminderRunsService, UrgingsService, ReminderJobs, REMINDER_RUN_SETTINGS],
})
export class RemindersModule {}
