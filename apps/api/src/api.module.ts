import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AppConfig, ConfigModule } from '@app/config';
import { ClockModule } from '@app/common';
import { DatabaseModule } from '@app/data-source';
import { DepartmentsModule } from '@app/departments';
import { QueueModule, RedisModule } from '@app/queue';
import { ImportsModule } from '@app/imports';
import { IndicatorsModule } from '@app/indicators';
import { MeetingsModule } from '@app/meetings';
import { NotificationsModule } from '@app/notifications';
import { PlansModule } from '@app/plans';
import { RemindersModule } from '@app/reminders';
import { TasksModule } from '@app/tasks';
import { UsersModule } from '@app/users';
import { AdminModule } from './admin/admin.module';
import { AuthController } from './auth/auth.controller';
import { DepartmentGroupsController, DepartmentsController } from './departments/departments.controller';
import { HealthController } from './health/health.controller';
import { AuthGuard } from './http/auth.guard';
import { ErrorFilter } from './http/error.filter';
import { ImportsController } from './imports/imports.controller';
import { IndicatorsController } from './indicators/indicators.controller';
import { ReportRequestsController } from './indicators/report-requests.controller';
import { MeetingIndicatorsController } from './indicators/meeting-indicators.controller';
import { MeetingsController } from './meetings/meetings.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { PlansController } from './plans/plans.controller';
import { RemindersController } from './reminders/reminders.controller';
import { RollupsController } from './rollups/rollups.controller';
import { DepartmentRankingController } from './rollups/department-ranking.controller';
import { AppendixController } from './appendices/appendix.controller';
import { TasksController } from './tasks/tasks.controller';
import { UsersController } from './users/users.controller';
import { UrgingsController } from './urgings/urgings.controller';
import { ConclusionsController } from './conclusions/conclusions.controller';

@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        DatabaseModule,
        RedisModule,
        QueueModule,
        DepartmentsModule,
        UsersModule,
        PlansModule,
        TasksModule,
        NotificationsModule,
        MeetingsModule,
        ImportsModule,
        RemindersModule,
        AdminModule,
        IndicatorsModule,
      ],
      controllers: [
        HealthController, AuthController, UsersController, DepartmentsController, DepartmentGroupsController,
        PlansController, TasksController, NotificationsController, ImportsController,
        RollupsController, MeetingsController, RemindersController, DepartmentRankingController, AppendixController,
        IndicatorsController, ReportRequestsController, MeetingIndicatorsController, UrgingsController, ConclusionsController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
