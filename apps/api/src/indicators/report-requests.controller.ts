import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import { ReportJobs, ReportRequestsService } from '@app/indicators';
import { CurrentActor, Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';
import { ApiJobAcceptedResponse } from '../http/responses';
import {
  AnswerDto, CreateRequestDto, CreateSeriesDto, ReportCreatedDto, ReportGridDto, ReportRequestDetailDto, ReportRequestListDto, ReportSeriesListDto, RequestsQueryDto, TriggerQueryDto,
} from './report-request.dto';

@ApiTags('report requests')
@ApiBearerAuth()
@Controller()
export class ReportRequestsController {
  constructor(
    private readonly reports: ReportRequestsService,
    private readonly reportJobs: ReportJobs,
  ) {}

  @Post('report-series')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Define a recurring report request (secretariat): the periods already begun get their request at once, each later one by itself on the period\'s first day, once' })
  @ApiCreatedResponse({ type: ReportCreatedDto })
  async createSeries(@CurrentActor() actor: Actor, @Body() body: CreateSeriesDto) {
    return { id: await this.reports.createSeries(actor, body) };
  }

  @Get('report-series')
  @ApiOperation({ summary: 'The recurring report requests' })
  @ApiOkResponse({ type: ReportSeriesListDto })
  listSeries() {
    return this.reports.listSeries();
  }

  @Get('report-series/:id/grid')
  @ApiOperation({ summary: 'The grid of a recurring request: departments × periods, each on time, late or not yet' })
  @ApiOkResponse({ type: ReportGridDto })
  grid(@Param('id', IdPipe) id: string, @Query() query: RequestsQueryDto) {
    return this.reports.grid(id, query.year);
  }

  @Post('report-requests')
  @Roles('secretariat')
  @ApiOperation({ summary: 'A one-off report request (secretariat)' })
  @ApiCreatedResponse({ type: ReportCreatedDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateRequestDto) {
    return { id: await this.reports.createRequest(actor, body) };
  }

  @Post('report-requests/run')
  @Roles('secretariat', 'admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the periodic reports\' tick now (the scheduler runs it every morning): the periods begun get their request, the missing answers their reminders; idempotent' })
  @ApiJobAcceptedResponse('the tick is queued')
  run(@Query() query: TriggerQueryDto) {
    return this.reportJobs.trigger(query.asOf);
  }

  @Get('report-requests')
  @ApiOperation({ summary: 'Report requests with how many answered on time, late, not yet' })
  @ApiOkResponse({ type: ReportRequestListDto })
  list(@Query() query: RequestsQueryDto) {
    return this.reports.list(query);
  }

  @Get('report-requests/:id')
  @ApiOperation({ summary: 'A report request with each department\'s answer' })
  @ApiOkResponse({ type: ReportRequestDetailDto })
  get(@Param('id', IdPipe) id: string) {
    return this.reports.get(id);
  }

  @Post('report-requests/:id/answers')
  @Roles('focal_point', 'secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a department\'s answer: its report\'s number and date (its focal point; the secretariat for any department asked)' })
  @ApiOkResponse({ type: ReportRequestDetailDto })
  answer(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: AnswerDto) {
    return this.reports.answer(actor, id, body);
  }
}
