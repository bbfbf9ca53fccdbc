import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '@app/common';
import { PLAN_KINDS, PlanKind, PlansService } from '@app/plans';
import { Roles } from '../http/auth.guard';
import { IsDay } from '../http/dto';
import { IdPipe } from '../http/id.pipe';

export class CreatePlanDto {
  @ApiProperty({ example: '1446/KH-BĐHCĐS' }) @IsString() @MinLength(1) @MaxLength(100) number: string;
  @ApiProperty({ enum: PLAN_KINDS }) @IsIn(PLAN_KINDS) kind: PlanKind;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) title: string;
  @ApiProperty({ example: '2024-04-04' }) @IsDay() issuedOn: string;
  @ApiProperty({ example: 'UBND tỉnh Ninh Thuận' }) @IsString() @MinLength(1) @MaxLength(300) issuer: string;
  @ApiProperty({ example: 2024 }) @IsInt() @Min(2000) @Max(2100) year: number;
}
export class UpdatePlanDto extends PartialType(CreatePlanDto) {
  @ApiPropertyOptional({ description: 'the version you read; a stale one answers 409' }) @IsOptional() @IsInt() version?: number;
}
export class PlanQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Get()
  @ApiOperation({ summary: 'List plans, newest first' })
  list(@Query() query: PlanQuery) {
    return this.plans.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One plan' })
  get(@Param('id', IdPipe) id: string) {
    return this.plans.get(id);
  }

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Enter a plan (secretariat); the number is unique per issuer and year' })
  create(@Body() body: CreatePlanDto) {
    return this.plans.create(body);
  }

  @Patch(':id')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Edit a plan (secretariat)' })
  update(@Param('id', IdPipe) id: string, @Body() body: UpdatePlanDto) {
    return this.plans.update(id, body);
  }
}
