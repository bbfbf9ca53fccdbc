import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath,
} from '@nestjs/swagger';
import { Actor, invalid } from '@app/common';
import { IMPORT_LIMITS, importLimitError } from '@app/imports';
import { IndicatorImportService, IndicatorStanding, IndicatorsService } from '@app/indicators';
import { CurrentActor, Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';
import { ApiFileResponse, ApiPageResponse } from '../http/responses';
import { rawRequest, readUploadedFile } from '../http/upload';
import {
  CreatedDto, CreateIndicatorDto, ImportQueryDto, IndicatorDetailDto, IndicatorImportResultDto, IndicatorListDto, IndicatorRollupDto,
  IndicatorValueDto, QueuedValueDto, StandingQueryDto, ValueInputDto, ValueReviewDto, ValuesQueryDto,
} from './indicator.dto';

/** The answer of a standing: the exact decimals it keeps for the appendix stay inside. */
const answer = ({ figures: _figures, ...view }: IndicatorStanding) => view;

const fileTooLarge = () => importLimitError('IMPORT_FILE_TOO_LARGE', `the file is too large: indicator tables up to ${IMPORT_LIMITS.fileBytes / 1024 / 1024} MB`);

@ApiTags('indicators')
@ApiBearerAuth()
@Controller()
export class IndicatorsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly imports: IndicatorImportService,
  ) {}

  @Post('indicators')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Define an indicator (secretariat): decision, responsible department, baseline, targets per year; a sub-indicator under its parent' })
  @ApiCreatedResponse({ type: CreatedDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateIndicatorDto) {
    return { id: await this.indicators.create(actor, body) };
  }

  @Get('indicators')
  @ApiOperation({ summary: 'Every indicator with its target, the value of a period, the achievement ratio and the status (everyone reads)' })
  @ApiOkResponse({ type: IndicatorListDto })
  async list(@Query() query: StandingQueryDto) {
    return { items: (await this.indicators.standing(query)).map(answer) };
  }

  @Get('indicators/rollup')
  @ApiOperation({ summary: 'Indicators reached, not reached, without value, per department, per assigning decision and in all (SQL grouping sets)' })
  @ApiOkResponse({ type: IndicatorRollupDto })
  rollup(@Query() query: StandingQueryDto) {
    return this.indicators.rollup(query);
  }

  @Get('indicators/appendix.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The indicator appendix of a period as XLSX, in seed 004 Phụ lục 1\'s layout (two heading rows, numbering row (1) … (6)/(5))' })
  @ApiFileResponse('the workbook (Content-Disposition names it)')
  async appendix(@Query() query: StandingQueryDto) {
    const { fileName, buffer } = await this.imports.appendix(query);
    return new StreamableFile(buffer, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      length: buffer.length,
      disposition: `attachment; filename="indicators.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    });
  }

  @Post('indicators/imports')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'CSV (UTF-8) or XLSX indicator table' } } } })
  @ApiOperation({
    summary: 'Import an indicator table laid out as seed 004 Phụ lục 1 or seed 003 §II.1 (secretariat)',
    description:
      'Dry run (default) answers the rows read and every row error, and notes where a printed ratio is not value ÷ target. A real run imports every indicator, ' +
      'target and value or none: with any error it answers 400 with the same body. The file is read in a thread of its own under the task import\'s limits (IMPORT_LIMITS).',
  })
  @ApiExtraModels(IndicatorImportResultDto)
  @ApiOkResponse({ type: IndicatorImportResultDto })
  @ApiBadRequestResponse({
    description: 'a real run with any row error: the import body, nothing written; any other refusal: the error body',
    content: { 'application/json': { schema: { oneOf: [{ $ref: getSchemaPath(IndicatorImportResultDto) }, { $ref: '#/components/schemas/ErrorResponse' }] } } },
  })
  async import(@CurrentActor() actor: Actor, @Query() query: ImportQueryDto, @Req() req: unknown) {
    const file = await readUploadedFile(rawRequest(req), { field: 'file', maxBytes: IMPORT_LIMITS.fileBytes, tooLarge: fileTooLarge });
    if (!file) throw invalid('file: attach the indicator table (CSV or XLSX) as the multipart field "file"');
    return this.imports.import(actor, file, { ...query, dryRun: query.dryRun ?? true });
  }

  @Get('indicators/:id')
  @ApiOperation({ summary: 'An indicator with its targets, every value (estimate and final apart) and its history; the standing in the period asked' })
  @ApiOkResponse({ type: IndicatorDetailDto })
  async get(@Param('id', IdPipe) id: string, @Query() query: StandingQueryDto) {
    const { figures: _figures, ...detail } = await this.indicators.get(id, query.year, query.period);
    return detail;
  }

  @Post('indicators/:id/values')
  @Roles('focal_point', 'secretariat')
  @HttpCode(200)
  @ApiOperation({
    summary: "Enter a period's value (the responsible department's focal point, or the secretariat); it waits for the secretariat's review",
    description: 'A value of the same year, period and kind is replaced only with the version read (400 without it, 409 when stale). Another department\'s indicator answers 403.',
  })
  @ApiOkResponse({ type: IndicatorValueDto })
  report(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ValueInputDto) {
    return this.indicators.report(actor, id, body);
  }

  @Get('indicator-values')
  @ApiOperation({ summary: 'Indicator values; awaitingReview=true is the secretariat\'s review queue, oldest first' })
  @ApiPageResponse(QueuedValueDto)
  values(@Query() query: ValuesQueryDto) {
    return this.indicators.values(query);
  }

  @Post('indicator-values/:id/review')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a reported value, or return it with a reason (it then no longer counts; the focal points are told), as a completion is reviewed' })
  @ApiOkResponse({ type: IndicatorValueDto })
  review(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ValueReviewDto) {
    return this.indicators.review(actor, id, body);
  }
}
