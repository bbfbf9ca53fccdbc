export * from './task.entity';
export * from './timeliness';
export * from './collective-status';
export * from './task-queries';
export * from './task-history';
export * from './tasks.service';
export * from './task-progress.service';
export * from './tasks.module';
