import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MeetingsService, MeetingSummaryService, SummaryFile, SummaryFilesService } from '@app/meetings';
import { Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';
import { CreateMeetingDto, MeetingQuery } from './meeting.dto';

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
  list(@Query() query: MeetingQuery) {
    return this.meetings.list(query);
  }

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Enter a meeting: its date, the cut-off of its figures, the plans it reviews (secretariat)' })
  create(@Body() body: CreateMeetingDto) {
    return this.meetings.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One meeting' })
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
  requestSummary(@Param('id', IdPipe) id: string) {
    return this.meetings.requestSummary(id);
  }

  @Get(':id/summary')
  @ApiOperation({ summary: 'The latest frozen summary (404 before the first)' })
  summary(@Param('id', IdPipe) id: string) {
    return this.summaries.latest(id);
  }

  @Get(':id/summary.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The latest summary as a workbook: Tổng hợp, Theo đơn vị, Nhiệm vụ quá hạn, Đã hoàn thành, Sắp đến hạn' })
  async xlsx(@Param('id', IdPipe) id: string) {
    return download(await this.files.xlsx(id));
  }

  @Get(':id/summary.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The counts of the latest summary (by plan with the total, then by department) as UTF-8 CSV with a BOM' })
  async csv(@Param('id', IdPipe) id: string) {
    return download(await this.files.csv(id));
  }
}
