import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { AppendixService, AppendixTable, appendixCsv, appendixFileNames, appendixWorkbook } from '@app/meetings';
import { TASK_STATUSES } from '@app/tasks';
import { IsDay } from '../http/dto';
import { IdPipe } from '../http/id.pipe';
import { ApiFileResponse } from '../http/responses';

const DAY = { type: String, format: 'date', example: '2024-05-28' } as const;

export class AppendixDocumentDto {
  @ApiProperty({ example: '86/STTTT-TTBCXB' }) number: string;
  @ApiProperty(DAY) issuedOn: string;
}
export class AppendixPartsDto {
  @ApiProperty({ example: 2 }) completed: number;
  @ApiProperty({ example: 3 }) total: number;
}
export class AppendixRowDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ type: String, nullable: true, description: 'the section heading as written (a section row of the table)' }) group: string | null;
  @ApiProperty() code: string;
  @ApiProperty({ type: String, nullable: true, example: '155', description: 'the numbering of the source' }) sourceRef: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true, example: 'Tháng 01/2024', description: 'the deadline as written' }) deadlineText: string | null;
  @ApiProperty({ ...DAY, nullable: true, description: 'the due date at the cut-off' }) dueDate: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'UBND tỉnh', description: 'Cấp trình, ban hành' }) submissionLevel: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Kế hoạch', description: 'Sản phẩm trình' }) expectedOutput: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the lead department, or the group of a collective task' }) lead: string | null;
  @ApiProperty({ enum: TASK_STATUSES, description: 'at the cut-off' }) status: string;
  @ApiProperty({ type: String, nullable: true, example: 'Hoàn thành', description: 'Tiến độ thực hiện at the cut-off; null when not started' }) progress: string | null;
  @ApiProperty({ type: [AppendixDocumentDto], description: 'văn bản trình known at the cut-off' }) submitted: AppendixDocumentDto[];
  @ApiProperty({ type: [AppendixDocumentDto], description: 'văn bản ban hành known at the cut-off' }) issued: AppendixDocumentDto[];
  @ApiProperty({ type: AppendixPartsDto, nullable: true, description: 'a collective task\'s "x/y đơn vị" at the cut-off' }) collectiveParts: AppendixPartsDto | null;
}
export class AppendixTableDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ example: '36/QĐ-UBND' }) planNumber: string;
  @ApiProperty({ example: 'decision' }) planKind: string;
  @ApiProperty() planTitle: string;
  @ApiProperty(DAY) planIssuedOn: string;
  @ApiProperty({ example: 'UBND tỉnh Ninh Thuận' }) issuer: string;
  @ApiProperty(DAY) asOf: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "a department's cut, or null for the whole plan" }) departmentId: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentName: string | null;
  @ApiProperty({ description: 'rows name their lead (more than one lead among them); else the title names the one' }) showLead: boolean;
  @ApiProperty({ type: [AppendixRowDto] }) rows: AppendixRowDto[];
}

export class AppendixQuery {
  @ApiPropertyOptional({ example: '2024-05-28', description: 'the cut-off; default today' })
  @IsOptional()
  @IsDay()
  asOf?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "a department's cut: the tasks it leads, parts of collective tasks included" })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

const file = (body: Buffer, type: string, name: { ascii: string; utf8: string }) =>
  new StreamableFile(body, {
    type,
    length: body.length,
    disposition: `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.utf8).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
  });

/** A plan's report: its per-task appendix as of a cut-off (seed 004 Phụ lục 2 and 4), whole or a department's cut. */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans/:id')
export class AppendixController {
  constructor(private readonly appendices: AppendixService) {}

  private table(planId: string, query: AppendixQuery): Promise<AppendixTable> {
    return this.appendices.table({ planId, asOf: query.asOf, departmentId: query.departmentId });
  }

  @Get('appendix')
  @ApiOperation({ summary: "The plan's per-task appendix as of the cut-off: section, numbering, task, deadline as written, level, product, progress, documents" })
  @ApiOkResponse({ type: AppendixTableDto })
  json(@Param('id', IdPipe) planId: string, @Query() query: AppendixQuery) {
    return this.table(planId, query);
  }

  @Get('appendix.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The appendix as a workbook laid out like seed 004 Phụ lục 2: two-row header, "Kết quả thực hiện" merged over its parts, section rows' })
  @ApiFileResponse('the workbook (Content-Disposition names it)')
  async xlsx(@Param('id', IdPipe) planId: string, @Query() query: AppendixQuery) {
    const table = await this.table(planId, query);
    return file(await appendixWorkbook(table), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', appendixFileNames(table, 'xlsx'));
  }

  @Get('appendix.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The appendix as flat UTF-8 CSV with a BOM (plan and section in columns of their own)' })
  @ApiFileResponse('the CSV file (Content-Disposition names it)')
  async csv(@Param('id', IdPipe) planId: string, @Query() query: AppendixQuery) {
    const table = await this.table(planId, query);
    return file(appendixCsv([table]), 'text/csv; charset=utf-8', appendixFileNames(table, 'csv'));
  }
}
