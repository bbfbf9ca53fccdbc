import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DepartmentRankingService } from '@app/rollups';
import { IsDay } from '../http/dto';
import { PlansAsOfQuery } from './rollups.controller';

const DAY = { type: String, format: 'date', example: '2024-05-27' } as const;

/** One department compared (issue 16 item 5). */
export class DepartmentRankDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ example: 'Sở Thông tin và Truyền thông' }) name: string;
  @ApiProperty({ type: Number, nullable: true, example: 1, description: '1 the best, by on-time rate then fewer overdue; ties share a rank (1, 2, 2, 4); null when it leads nothing' })
  rank: number | null;
  @ApiProperty({ description: 'tasks it leads (chủ trì), children of collective tasks included' }) led: number;
  @ApiProperty({ description: 'Đã hoàn thành' }) completed: number;
  @ApiProperty({ description: 'Hoàn thành đúng hạn' }) completedOnTime: number;
  @ApiProperty({ description: 'Hoàn thành quá hạn' }) completedLate: number;
  @ApiProperty({ description: 'Chưa hoàn thành, trong hạn' }) withinDeadline: number;
  @ApiProperty({ description: 'Chưa hoàn thành, quá hạn' }) overdue: number;
  @ApiProperty({ description: 'recurring or cancelled: led, judged neither way' }) other: number;
  @ApiProperty({ type: Number, nullable: true, example: 86.32, description: 'completedOnTime ÷ (completed + overdue) × 100, half-up to two decimals; null when nothing was due or delivered' })
  onTimeRate: number | null;
  @ApiProperty({ description: 'tasks it coordinates (phối hợp)' }) coordinating: number;
  @ApiProperty({ description: 'of those, completed' }) coordinatingCompleted: number;
  @ApiProperty({ description: 'of those, overdue' }) coordinatingOverdue: number;
}

export class DepartmentRankingDto {
  @ApiProperty(DAY) asOf: string;
  @ApiProperty({ ...DAY, nullable: true, description: 'the assignment window asked for' }) assignedFrom: string | null;
  @ApiProperty({ ...DAY, nullable: true }) assignedTo: string | null;
  @ApiProperty({ type: [DepartmentRankDto], description: 'departments that lead something, best first; then those that only coordinate, by name' })
  departments: DepartmentRankDto[];
}

export class DepartmentRankingQuery extends PlansAsOfQuery {
  @ApiPropertyOptional({ example: '2024-01-01', description: 'only tasks assigned on or after this day (their own assignment day, else their plan’s issue date)' })
  @IsOptional()
  @IsDay()
  assignedFrom?: string;
  @ApiPropertyOptional({ example: '2024-05-27', description: 'only tasks assigned on or before this day (their own assignment day, else their plan’s issue date)' })
  @IsOptional()
  @IsDay()
  assignedTo?: string;
}

@ApiTags('rollups')
@ApiBearerAuth()
@Controller('rollups')
export class DepartmentRankingController {
  constructor(private readonly ranking: DepartmentRankingService) {}

  @Get('departments')
  @ApiOperation({
    summary: 'Departments compared: tasks led, completed on time and late, within deadline, overdue, on-time rate and rank; tasks coordinated',
    description: 'Over an assignment window when assignedFrom / assignedTo are given (seed 004 Phụ lục 3: "Từ 01/01 đến 27/5"), as of asOf.',
  })
  @ApiOkResponse({ type: DepartmentRankingDto })
  departments(@Query() query: DepartmentRankingQuery) {
    return this.ranking.ranking({ planIds: query.planId, asOf: query.asOf, assignedFrom: query.assignedFrom, assignedTo: query.assignedTo });
  }
}
