import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '@app/common';
import { PLAN_KINDS, PlanKind, PlansService } from '@app/plans';
import { cascadeRollup, RollupsService } from '@app/rollups';
import { DepartmentRollupDto, RollupCountsDto } from '../rollups/rollups.controller';
import { Roles } from '../http/auth.guard';
import { IsDay } from '../http/dto';
import { IdPipe } from '../http/id.pipe';
import { ApiPageResponse } from '../http/responses';
import { VersionField } from '../http/version';

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '1446/KH-BĐHCĐS' }) number: string;
  @ApiProperty({ enum: PLAN_KINDS }) kind: PlanKind;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date', example: '2024-04-04' }) issuedOn: string;
  @ApiProperty({ example: 'UBND tỉnh Ninh Thuận' }) issuer: string;
  @ApiProperty({ example: 2024 }) year: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the plan of the tracker this one implements, named by hand' }) parentPlanId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the task of that plan this one answers (its output document)' }) parentTaskId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Kế hoạch số 10/KH-BCĐCĐS', description: 'the plan implemented when it is outside the tracker' }) parentText: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the meeting a conclusion notice concludes' }) meetingId: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CreatePlanDto {
  @ApiProperty({ example: '1446/KH-BĐHCĐS' }) @IsString() @MinLength(1) @MaxLength(100) number: string;
  @ApiProperty({ enum: PLAN_KINDS }) @IsIn(PLAN_KINDS) kind: PlanKind;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) title: string;
  @ApiProperty({ example: '2024-04-04' }) @IsDay() issuedOn: string;
  @ApiProperty({ example: 'UBND tỉnh Ninh Thuận' }) @IsString() @MinLength(1) @MaxLength(300) issuer: string;
  @ApiProperty({ example: 2024 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'the plan of the tracker this one implements (null: none); a cycle is refused' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() parentPlanId?: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'the task this plan answers, as its output document; sets parentPlanId to its plan' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() parentTaskId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the plan implemented when it is outside the tracker, as written (not with parentPlanId)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(500) parentText?: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'the meeting a conclusion notice (kind conclusion_notice) concludes' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() meetingId?: string | null;
}
export class UpdatePlanDto extends PartialType(CreatePlanDto) {
  @VersionField('plan') version: number;
}
export class PlanQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class PlanLinkTaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '5' }) code: string;
  @ApiProperty({ example: 'Kế hoạch Chuyển đổi số năm 2024' }) title: string;
}
export class PlanLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '36/QĐ-UBND' }) number: string;
  @ApiProperty({ enum: PLAN_KINDS }) kind: PlanKind;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) issuedOn: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ['manual', 'document'], description: 'named by hand, or read from a task\'s output document carrying the plan\'s number' }) link: 'manual' | 'document';
  @ApiProperty({ type: PlanLinkTaskDto, nullable: true, description: 'the task of the parent plan that the child plan implements' }) task: PlanLinkTaskDto | null;
}
export class PlanDetailDto extends PlanDto {
  @ApiProperty({ type: PlanLinkDto, nullable: true, description: 'the plan of the tracker this one implements' }) parent: PlanLinkDto | null;
  @ApiProperty({ type: [PlanLinkDto], description: 'the plans that implement this one' }) children: PlanLinkDto[];
}
export class CascadePlanRollupDto extends RollupCountsDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ example: '1446/KH-BĐHCĐS' }) number: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: '0 for the plan asked for, 1 for the plans implementing it…' }) depth: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentPlanId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentTaskId: string | null;
  @ApiProperty({ enum: ['manual', 'document'], nullable: true, type: String }) link: 'manual' | 'document' | null;
}
export class CascadeRollupDto {
  @ApiProperty({ format: 'uuid', description: 'the plan at the top of the cascade' }) planId: string;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ type: RollupCountsDto, description: 'the whole cascade: each plan\'s top-level tasks' }) total: RollupCountsDto;
  @ApiProperty({ type: [CascadePlanRollupDto], description: 'each plan of the cascade, depth first' }) plans: CascadePlanRollupDto[];
  @ApiProperty({ type: [DepartmentRollupDto] }) byDepartment: DepartmentRollupDto[];
}
export class CascadeQuery {
  @ApiPropertyOptional({ example: '2024-06-30', description: 'default today; a past day is rebuilt from the history' })
  @IsOptional() @IsDay() asOf?: string;
}

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly rollups: RollupsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List plans, newest first' })
  @ApiPageResponse(PlanDto)
  list(@Query() query: PlanQuery) {
    return this.plans.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One plan, with the plan it implements (parent) and the plans implementing it (children)' })
  @ApiOkResponse({ type: PlanDetailDto })
  get(@Param('id', IdPipe) id: string) {
    return this.plans.detail(id);
  }

  @Get(':id/cascade')
  @ApiOperation({
    summary: 'Roll-up of a plan and every plan beneath it',
    description: 'The plans that implement it, by hand or through a task\'s output document, and theirs, walked down; each plan counts its own top-level tasks.',
  })
  @ApiOkResponse({ type: CascadeRollupDto })
  async cascade(@Param('id', IdPipe) id: string, @Query() query: CascadeQuery) {
    return cascadeRollup(this.rollups, await this.plans.cascade(id), query.asOf);
  }

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Enter a plan (secretariat); the number is unique per issuer and year' })
  @ApiCreatedResponse({ type: PlanDto })
  create(@Body() body: CreatePlanDto) {
    return this.plans.create(body);
  }

  @Patch(':id')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Edit a plan (secretariat); send the version you read (409 PLAN_VERSION_STALE when it changed since)' })
  @ApiOkResponse({ type: PlanDetailDto })
  async update(@Param('id', IdPipe) id: string, @Body() body: UpdatePlanDto) {
    // answered as GET /plans/:id reads it, parent and children included
    return this.plans.detail((await this.plans.update(id, body)).id);
  }
}
