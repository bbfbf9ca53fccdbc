import { Module } from '@nestjs/common';
import { IndicatorsModule } from '@app/indicators';
import { ReportsProcessor } from './reports.processor';

@Module({ imports: [IndicatorsModule], providers: [ReportsProcessor] })
export class ReportsWorkerModule {}
