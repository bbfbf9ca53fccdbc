import { Controller, Get, HttpCode, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { Actor, invalid } from '@app/common';
import { PlanImportService } from '@app/imports';
import { CurrentActor, Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';
import { rawRequest, readUploadedFile } from '../http/upload';

/** Larger task tables than this are not plans but mistakes; the reader keeps no more than this. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

const toBoolean = ({ value, key }: { value: unknown; key: string }) => {
  if (value === undefined || value === true || value === false) return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return `invalid ${key}`;
};

export class ImportQuery {
  @ApiPropertyOptional({ default: true, description: 'true: answer what would be created and every row error, write nothing' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;

  @ApiPropertyOptional({ default: false, description: 'update tasks whose code already exists in the plan instead of refusing them' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'update must be true or false' })
  update?: boolean;
}

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans/:id')
export class ImportsController {
  constructor(private readonly imports: PlanImportService) {}

  @Post('imports')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'CSV (UTF-8) or XLSX task table' } } } })
  @ApiOperation({
    summary: "Import a plan's task table (secretariat)",
    description: 'Dry run (default) answers the parsed rows and every row error. A real run imports all rows or none: with any error it answers 400 with the same body.',
  })
  async import(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) planId: string,
    @Query() query: ImportQuery,
    @Req() req: unknown,
  ) {
    const file = await readUploadedFile(rawRequest(req), { field: 'file', maxBytes: MAX_IMPORT_BYTES, tooLarge: 'the file is too large: task tables up to 10 MB' });
    if (!file) throw invalid('file: attach the task table (CSV or XLSX) as the multipart field "file"');
    return this.imports.import(actor, planId, file, { dryRun: query.dryRun ?? true, update: query.update });
  }

  @Get('tasks.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: "The plan's tasks as XLSX, in the layout the import reads" })
  async export(@Param('id', IdPipe) planId: string) {
    const { fileName, buffer } = await this.imports.export(planId);
    return new StreamableFile(buffer, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      length: buffer.length,
      disposition: `attachment; filename="plan-tasks.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    });
  }
}
