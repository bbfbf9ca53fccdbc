import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MeetingsService, MeetingSummaryService, SummaryFile, SummaryFilesService } from '@app/meetings';
import { Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';
import { ApiFileResponse, ApiJobAcceptedResponse, ApiPageResponse } from '../http/responses';
import { CreateMeetingDto, MeetingDto, MeetingQuery, MeetingSummaryDto, SummaryStatusDto } from './meeting.dto';

/** RFC 5987 value: percent-encode all but attr-chars (encodeURIComponent leaves ' ( ) * alone). */
const rfc5987 = (text: string) => encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const download = (file: SummaryFile) =>
  new StreamableFile(file.body, {
    type: file.contentType,
    length: file.body.length,
    disposition: `attachment; filename="${file.fileName.ascii}"; filename*=UTF-8''${rfc5987(file.fileName.utf8)}`,
  });

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly summaries: MeetingSummaryService,
    private readonly files: SummaryFilesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Meetings, latest first' })
  @ApiPageResponse(MeetingDto)
  list(@Query() query: MeetingQuery) {
    return this.meetings.list(query);
  }

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Enter a meeting: its date, the cut-off of its figures, the plans it reviews (secretariat)' })
  @ApiCreatedResponse({ type: MeetingDto })
  create(@Body() body: CreateMeetingDto) {
    return this.meetings.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One meeting' })
  @ApiOkResponse({ type: MeetingDto })
  get(@Param('id', IdPipe) id: string) {
    return this.meetings.get(id);
  }

  @Post(':id/summary')
  @Roles('secretariat')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue the computation of the summary as of the cut-off (secretariat)',
    description: 'Answers the job id; asking again while that job waits or runs queues nothing new. The secretariat is notified when it is ready.',
  })
  @ApiJobAcceptedResponse('the computation is queued (or already was)')
  requestSummary(@Param('id', IdPipe) id: string) {
    return this.meetings.requestSummary(id);
  }

  @Get(':id/summary-status')
  @ApiOperation({ summary: 'Where the computation of the summary stands: none, queued, running, done or failed (with the reason)' })
  @ApiOkResponse({ type: SummaryStatusDto })
  summaryStatus(@Param('id', IdPipe) id: string) {
    return this.meetings.summaryStatus(id);
  }

  @Get(':id/summary')
  @ApiOperation({ summary: 'The latest frozen summary (404 before the first)' })
  @ApiOkResponse({ type: MeetingSummaryDto })
  summary(@Param('id', IdPipe) id: string) {
    return this.summaries.latest(id);
  }

  @Get(':id/summary.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The latest summary as a workbook: Tổng hợp, Theo đơn vị, Nhiệm vụ quá hạn, Đã hoàn thành, Sắp đến hạn, Xếp hạng đơn vị, then Phụ lục 1… (one per plan)' })
  @ApiFileResponse('the workbook (Content-Disposition names it)')
  async xlsx(@Param('id', IdPipe) id: string) {
    return download(await this.files.xlsx(id));
  }

  @Get(':id/summary.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The counts of the latest summary (by plan with the total, then by department) as UTF-8 CSV with a BOM' })
  @ApiFileResponse('the CSV file (Content-Disposition names it)')
  async csv(@Param('id', IdPipe) id: string) {
    return download(await this.files.csv(id));
  }

  @Get(':id/summary/departments.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Departments compared in the latest summary (rank, tasks led, on time, late, within deadline, overdue, on-time rate, coordinated) as UTF-8 CSV with a BOM' })
  @ApiFileResponse('the CSV file (Content-Disposition names it)')
  async departmentsCsv(@Param('id', IdPipe) id: string) {
    return download(await this.files.departmentsCsv(id));
  }

  @Get(':id/summary/appendix.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: "The per-task appendices of the latest summary's plans as of its cut-off, flat, as UTF-8 CSV with a BOM" })
  @ApiFileResponse('the CSV file (Content-Disposition names it)')
  async appendixCsv(@Param('id', IdPipe) id: string) {
    return download(await this.files.appendixCsv(id));
  }
}
