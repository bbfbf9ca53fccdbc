import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { Transform } from 'class-transformer';
import { RollupsService } from '@app/rollups';
import { IsDay, toBoolean, toList } from '../http/dto';
import { JSON_TYPE } from '../http/json-text';

/** One count's share of its scope's total, half-up to two decimals, and as the reports print it. */
export class ShareDto {
  @ApiProperty({ example: 27.27, description: 'count ÷ total × 100, half-up to two decimals (0 for an empty scope)' }) share: number;
  @ApiProperty({ example: '18/66 (27,27%)', description: 'as the reports print it, decimal comma' }) text: string;
}
export class SharesDto {
  @ApiProperty({ type: ShareDto }) completed: ShareDto;
  @ApiProperty({ type: ShareDto }) completedOnTime: ShareDto;
  @ApiProperty({ type: ShareDto }) completedLate: ShareDto;
  @ApiProperty({ type: ShareDto }) confirmed: ShareDto;
  @ApiProperty({ type: ShareDto }) recurring: ShareDto;
  @ApiProperty({ type: ShareDto }) inProgress: ShareDto;
  @ApiProperty({ type: ShareDto }) notStarted: ShareDto;
  @ApiProperty({ type: ShareDto }) blocked: ShareDto;
  @ApiProperty({ type: ShareDto }) cancelled: ShareDto;
  @ApiProperty({ type: ShareDto }) withinDeadline: ShareDto;
  @ApiProperty({ type: ShareDto }) overdue: ShareDto;
}

/** The counts of one scope (CONTRACT.md "Shapes"); withinDeadline + overdue = notStarted + inProgress + blocked. */
export class RollupCountsDto {
  @ApiProperty({ description: 'Tổng số nhiệm vụ' }) total: number;
  @ApiProperty({ description: 'Hoàn thành' }) completed: number;
  @ApiProperty({ description: 'Hoàn thành đúng hạn' }) completedOnTime: number;
  @ApiProperty({ description: 'Hoàn thành trễ hạn' }) completedLate: number;
  @ApiProperty({ description: 'completions the secretariat confirmed (of completed)' }) confirmed: number;
  @ApiProperty({ description: 'Thực hiện thường xuyên' }) recurring: number;
  @ApiProperty({ description: 'Đang thực hiện' }) inProgress: number;
  @ApiProperty({ description: 'Chưa thực hiện' }) notStarted: number;
  @ApiProperty({ description: 'Vướng mắc' }) blocked: number;
  @ApiProperty({ description: 'Không thực hiện' }) cancelled: number;
  @ApiProperty({ description: 'open tasks within their deadline (Trong hạn)' }) withinDeadline: number;
  @ApiProperty({ description: 'open tasks past their deadline (Quá hạn)' }) overdue: number;
  @ApiProperty({ example: 27.27, description: 'completed ÷ total × 100, half-up to two decimals' }) completionRate: number;
  @ApiPropertyOptional({ type: SharesDto, description: 'with shares=true: each count\'s share of the total ("18/66 (27,27%)")' }) shares?: SharesDto;
}
export class PlanRollupDto extends RollupCountsDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ example: '36/QĐ-UBND' }) number: string;
}
export class DepartmentRollupDto extends RollupCountsDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ example: 'Sở Thông tin và Truyền thông' }) name: string;
}
export class RollupDto {
  @ApiProperty({ format: 'date', example: '2024-06-30' }) asOf: string;
  @ApiProperty({ type: RollupCountsDto, description: 'the whole scope' }) total: RollupCountsDto;
  @ApiProperty({ type: [PlanRollupDto] }) byPlan: PlanRollupDto[];
  @ApiProperty({ type: [DepartmentRollupDto] }) byDepartment: DepartmentRollupDto[];
}

/** The plans and the day a figure is asked for: shared by the roll-up and the departments compared. */
export class PlansAsOfQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'one plan, or several comma-separated; none: every plan' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'planId must be a UUID (or several, comma-separated)' })
  planId?: string[];
  @ApiPropertyOptional({
    example: '2024-06-30',
    description: 'default today; a past day as done: by the dates the work happened (completion, documents, approved deadlines) as known now, each task from the day it was assigned',
  })
  @IsOptional()
  @IsDay()
  asOf?: string;
}

export class RollupQuery extends PlansAsOfQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only the tasks this department leads (children of collective tasks included)' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
  @ApiPropertyOptional({ description: 'true: every counts object also carries `shares`, each count\'s share of its total as the reports print it' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'shares must be true or false' })
  shares?: boolean;
}

@ApiTags('rollups')
@ApiBearerAuth()
@Controller('rollups')
export class RollupsController {
  constructor(private readonly rollups: RollupsService) {}

  @Get()
  @ApiOperation({
    summary: 'Counts for the scope, each plan and each department, with the completion rate',
    description: 'Plans count top-level tasks (a collective task once, by its derived status); departments count the tasks they lead, children included.',
  })
  @Header('Content-Type', JSON_TYPE)
  @ApiOkResponse({ type: RollupDto })
  rollup(@Query() query: RollupQuery) {
    return this.rollups.rollupJson({ planIds: query.planId, departmentId: query.departmentId, asOf: query.asOf, shares: query.shares });
  }
}
