import { Module } from '@nestjs/common';
import { MeetingsModule } from '@app/meetings';
import { MeetingSummaryProcessor } from './meeting-summary.processor';

@Module({ imports: [MeetingsModule], providers: [MeetingSummaryProcessor] })
export class SummariesModule {}
