import { Controller, Get, HttpCode, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { Actor, invalid } from '@app/common';
import { IMPORT_LIMITS, importLimitError, PlanImportService } from '@app/imports';
import { TASK_STATUSES } from '@app/tasks';
import { CurrentActor, Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';
import { ApiFileResponse } from '../http/responses';
import { rawRequest, readUploadedFile } from '../http/upload';

const DAY = { type: String, format: 'date', example: '2024-06-30' } as const;

class ImportedDocumentDto {
  @ApiProperty({ example: '185/KH-UBND' }) number: string;
  @ApiProperty(DAY) issuedOn: string;
  @ApiProperty({ enum: ['submitted', 'issued'] }) kind: string;
}

/** A task as it is (real run) or would be (dry run) created or updated. */
export class ImportedTaskRowDto {
  @ApiProperty({ description: 'the row of the file it comes from, as a spreadsheet shows it' }) row: number;
  @ApiProperty() code: string;
  @ApiProperty({ type: String, nullable: true }) sourceRef: string | null;
  @ApiProperty({ type: String, nullable: true }) group: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) leadDepartmentId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) leadGroupId: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) coordinatingDepartmentIds: string[];
  @ApiProperty({ type: String, nullable: true }) deadlineText: string | null;
  @ApiProperty({ ...DAY, nullable: true }) dueDate: string | null;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true }) progressNote: string | null;
  @ApiProperty({ ...DAY, nullable: true }) completedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) expectedOutput: string | null;
  @ApiProperty({ type: String, nullable: true }) submissionLevel: string | null;
  @ApiProperty() requiresOutputDocument: boolean;
  @ApiProperty({ type: [ImportedDocumentDto] }) outputDocuments: ImportedDocumentDto[];
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ ...DAY, nullable: true, description: '"Ngày giao": the day the task was assigned, when the table gives one (null: the plan\'s issue date)' })
  assignedOn: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'the task made or updated (real run)' }) id?: string;
  @ApiPropertyOptional({ description: 'true: a task of the same code is updated (update=true)' }) existing?: boolean;
}

export class ImportRowErrorDto {
  @ApiProperty({ example: 12, description: 'the row of the file' }) row: number;
  @ApiProperty({ example: 'Thời hạn', description: 'the column heading as written in the file' }) column: string;
  @ApiProperty({ description: 'the text at fault' }) text: string;
  @ApiProperty() message: string;
}

export class ImportResultDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ type: [ImportedTaskRowDto] }) rows: ImportedTaskRowDto[];
  @ApiProperty({ type: [ImportRowErrorDto] }) errors: ImportRowErrorDto[];
}

/** Larger task tables than this are not plans but mistakes; the reader keeps no more than this. */
export const MAX_IMPORT_BYTES = IMPORT_LIMITS.fileBytes;
const fileTooLarge = () => importLimitError('IMPORT_FILE_TOO_LARGE', `the file is too large: task tables up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);

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
    description:
      'Dry run (default) answers the parsed rows and every row error. A real run imports all rows or none: with any error it answers 400 with the same body. ' +
      'The file is read in a thread of its own under hard limits (IMPORT_LIMITS): 10 MB uploaded, 64 MB decompressed, 50,000 rows, 256 columns, 32,767 characters a cell, ' +
      'merges and validations within the used range, 30 s. A breach answers 413 (400 for an absurd range, 429 when too many files are being read) with a code naming the limit.',
  })
  @ApiExtraModels(ImportResultDto)
  @ApiOkResponse({ type: ImportResultDto, description: 'the rows and every row error (a dry run), or the rows imported' })
  @ApiBadRequestResponse({
    description: 'a real run with any row error: the import body, nothing written; any other refusal: the error body',
    content: {
      'application/json': {
        schema: { oneOf: [{ $ref: getSchemaPath(ImportResultDto) }, { $ref: '#/components/schemas/ErrorResponse' }] },
      },
    },
  })
  async import(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) planId: string,
    @Query() query: ImportQuery,
    @Req() req: unknown,
  ) {
    const file = await readUploadedFile(rawRequest(req), { field: 'file', maxBytes: MAX_IMPORT_BYTES, tooLarge: fileTooLarge });
    if (!file) throw invalid('file: attach the task table (CSV or XLSX) as the multipart field "file"');
    return this.imports.import(actor, planId, file, { dryRun: query.dryRun ?? true, update: query.update });
  }

  @Get('tasks.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: "The plan's tasks as XLSX, in the layout the import reads" })
  @ApiFileResponse('the workbook (Content-Disposition names it)')
  async export(@Param('id', IdPipe) planId: string) {
    const { fileName, buffer } = await this.imports.export(planId);
    return new StreamableFile(buffer, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      length: buffer.length,
      disposition: `attachment; filename="plan-tasks.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    });
  }
}
