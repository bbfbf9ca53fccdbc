import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { Clock } from '@app/common';
import { DatabaseModule } from '@app/database';
import { DepartmentsModule } from '@app/departments';
import { QueueModule, RedisModule } from '@app/queue';
import { User, UsersModule } from '@app/users';
import { AuthController } from './auth/auth.controller';
import { DepartmentGroupsController, DepartmentsController } from './departments/departments.controller';
import { HealthController } from './health/health.controller';
import { AuthGuard } from './http/auth.guard';
import { ErrorFilter } from './http/error.filter';
import { UsersController } from './users/users.controller';

@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        QueueModule,
        TypeOrmModule.forFeature([User]),
        DepartmentsModule,
        UsersModule,
      ],
      controllers: [HealthController, AuthController, UsersController, DepartmentsController, DepartmentGroupsController],
      providers: [
        Clock,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
