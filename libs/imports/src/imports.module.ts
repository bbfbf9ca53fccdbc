import { Module } from '@nestjs/common';
import { PlansModule } from '@app/plans';
import { TasksModule } from '@app/tasks';
import { PlanImportService } from './plan-import.service';

@Module({ imports: [PlansModule, TasksModule], providers: [PlanImportService], exports: [PlanImportService] })
export class ImportsModule {}
