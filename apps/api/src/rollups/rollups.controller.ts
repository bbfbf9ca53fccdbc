import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsOptional, IsUUID } from 'class-validator';
import { Transform } from 'class-transformer';
import { RollupsService } from '@app/rollups';
import { IsDay, toList } from '../http/dto';
import { JSON_TYPE } from '../http/json-text';

export class RollupQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'one plan, or several comma-separated; none: every plan' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'planId must be a UUID (or several, comma-separated)' })
  planId?: string[];
  @ApiPropertyOptional({ format: 'uuid', description: 'only the tasks this department leads (children of collective tasks included)' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
  @ApiPropertyOptional({ example: '2024-06-30', description: 'default today; a past day is rebuilt from the task history at the end of that day' })
  @IsOptional()
  @IsDay()
  asOf?: string;
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
  rollup(@Query() query: RollupQuery) {
    return this.rollups.rollupJson({ planIds: query.planId, departmentId: query.departmentId, asOf: query.asOf });
  }
}
