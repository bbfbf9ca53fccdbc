import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { RollupsModule } from '@app/rollups';
import { MeetingSummaryJobs } from './meeting-summary.jobs';
import { MeetingSummaryService } from './meeting-summary.service';
import { MeetingsService } from './meetings.service';
import { SummaryFilesService } from './summary-files.service';

/** Meetings and their summaries; the queue comes from the global QueueModule of each app. */
@Module({
  imports: [RollupsModule, NotificationsModule],
  providers: [MeetingsService, MeetingSummaryService, MeetingSummaryJobs, SummaryFilesService],
  exports: [MeetingsService, MeetingSummaryService, MeetingSummaryJobs, SummaryFilesService, RollupsModule],
})
export class MeetingsModule {}
