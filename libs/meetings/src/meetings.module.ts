import { Module } from '@nestjs/common';
import { IndicatorsModule } from '@app/indicators';
import { NotificationsModule } from '@app/notifications';
import { RollupsModule } from '@app/rollups';
import { TasksModule } from '@app/tasks';
import { AppendixService } from './appendix';
import { ConclusionsService } from './conclusions.service';
import { MeetingSummaryJobs } from './meeting-summary.jobs';
import { MeetingSummaryService } from './meeting-summary.service';
import { MeetingsService } from './meetings.service';
import { SummaryFilesService } from './summary-files.service';

/** Meetings and their summaries; the queue comes from the global QueueModule of each app. */
@Module({
  imports: [RollupsModule, NotificationsModule, TasksModule, IndicatorsModule],
  providers: [MeetingsService, MeetingSummaryService, MeetingSummaryJobs, SummaryFilesService, AppendixService, ConclusionsService],
  exports: [MeetingsService, MeetingSummaryService, MeetingSummaryJobs, SummaryFilesService, RollupsModule, AppendixService, ConclusionsService],
})
export class MeetingsModule {}
