import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { IndicatorImportService } from './indicator-import.service';
import { IndicatorsService } from './indicators.service';
import { ReportRequestsService } from './report-requests.service';
import { MeetingIndicatorsService } from './meeting-indicators.service';
import { ReportJobs } from './report.jobs';

@Module({
  imports: [NotificationsModule],
  providers: [IndicatorsService, IndicatorImportService, ReportRequestsService, ReportJobs, MeetingIndicatorsService],
  exports: [IndicatorsService, IndicatorImportService, ReportRequestsService, ReportJobs, MeetingIndicatorsService],
})
export class IndicatorsModule {}
