import { Module } from '@nestjs/common';
import { DepartmentsModule } from '@app/departments';
import { NotificationsModule } from '@app/notifications';
import { PlansModule } from '@app/plans';
import { TaskHistory } from './history/task-history';
import { TaskProgressService } from './progress/task-progress.service';
import { TaskQueries } from './reading/task-queries';
import { TasksService } from './tasks.service';

@Module({
  imports: [PlansModule, DepartmentsModule, NotificationsModule],
  providers: [TasksService, TaskProgressService, TaskQueries, TaskHistory],
  exports: [TasksService, TaskProgressService, TaskQueries, TaskHistory],
})
export class TasksModule {}
