import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import { MeetingSummaryService } from './meeting-summary.service';
import { summaryCsv } from './summary-csv';
import { summaryFileNames } from './summary-labels';
import { summaryWorkbook } from './summary-xlsx';
import { appendixCsv } from './appendix-files';
import { rankingCsv } from './ranking-files';

/** 404 for a part a summary made before that part existed does not hold. */
const partMissing = (summaryId: string, part: string) =>
  new DomainError('not_found', `summary ${summaryId} was made before ${part} were part of a summary: make the summary again`, undefined, 'SUMMARY_PART_MISSING');

export interface SummaryFile {
  /** ASCII file name, and the Vietnamese one for clients that read RFC 6266 filename*. */
  fileName: { ascii: string; utf8: string };
  contentType: string;
  body: Buffer;
}

/** The latest summary of a meeting as a file to take away (404 before the first, like the summary). */
/** "tong-hop-…" → "phu-luc-…", "Tổng hợp - …" → "Phụ lục - …". */
const withPrefix = (name: { ascii: string; utf8: string }, ascii: string, utf8: string) => ({
  ascii: name.ascii.replace(/^tong-hop/, ascii),
  utf8: name.utf8.replace(/^Tổng hợp/, utf8),
});

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

  /** Departments compared (404 for a summary made before the comparison existed: ask for a new one). */
  async departmentsCsv(meetingId: string): Promise<SummaryFile> {
    const summary = await this.summaries.latest(meetingId);
    if (!summary.departmentRanking) throw partMissing(summary.id, 'the departments compared');
    return { fileName: withPrefix(summaryFileNames(summary.meeting, 'csv'), 'xep-hang-don-vi', 'Xếp hạng đơn vị'), contentType: 'text/csv; charset=utf-8', body: rankingCsv(summary.departmentRanking) };
  }

  /** The per-task appendices of the summary's plans, flat (404 for a summary made before them). */
  async appendixCsv(meetingId: string): Promise<SummaryFile> {
    const summary = await this.summaries.latest(meetingId);
    if (!summary.appendices) throw partMissing(summary.id, 'the appendices');
    return { fileName: withPrefix(summaryFileNames(summary.meeting, 'csv'), 'phu-luc', 'Phụ lục'), contentType: 'text/csv; charset=utf-8', body: appendixCsv(summary.appendices) };
  }
}
