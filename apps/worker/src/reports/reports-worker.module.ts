import { Module } from '@nestjs/common';
import { IndicatorsModule } from '@app/indicators';
import { RemindersModule } from '@app/reminders';
import { ReportScheduleKeeper, ReportsProcessor } from './reports.processor';

@Module({ imports: [IndicatorsModule, RemindersModule], providers: [ReportsProcessor, ReportScheduleKeeper] })
export class ReportsWorkerModule {}
