import { Injectable } from '@nestjs/common';
import { MeetingSummaryService } from './meeting-summary.service';
import { summaryCsv } from './summary-csv';
import { summaryFileNames } from './summary-labels';
import { summaryWorkbook } from './summary-xlsx';

export interface SummaryFile {
  /** ASCII file name, and the Vietnamese one for clients that read RFC 6266 filename*. */
  fileName: { ascii: string; utf8: string };
  contentType: string;
  body: Buffer;
}

/** The latest summary of a meeting as a file to take away (404 before the first, like the summary). */
@Injectable()
export class SummaryFilesService {
  constructor(private readonly summaries: MeetingSummaryService) {}

  async xlsx(meetingId: string): Promise<SummaryFile> {
    const summary = await this.summaries.latest(meetingId);
    return {
      fileName: summaryFileNames(summary.meeting, 'xlsx'),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: await summaryWorkbook(summary),
    };
  }

  async csv(meetingId: string): Promise<SummaryFile> {
    const summary = await this.summaries.latest(meetingId);
    return { fileName: summaryFileNames(summary.meeting, 'csv'), contentType: 'text/csv; charset=utf-8', body: summaryCsv(summary) };
  }
}
