import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { IndicatorImportService } from './indicator-import.service';
import { IndicatorsService } from './indicators.service';
import { ReportRequestsService } from './report-requests.service';
import { MeetingIndicatorsService } from './meeting-indicators.service';

@Module({
  imports: [NotificationsModule],
  providers: [IndicatorsService, IndicatorImportService, ReportRequestsService, MeetingIndicatorsService],
  exports: [IndicatorsService, IndicatorImportService, ReportRequestsService, MeetingIndicatorsService],
})
export class IndicatorsModule {}
