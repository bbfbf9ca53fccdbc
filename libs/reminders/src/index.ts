export * from './reminder-rules';
export * from './reminder-texts';
export * from './reminders.service';
export * from './reminder-run.jobs';
export * from './reminders.module';
