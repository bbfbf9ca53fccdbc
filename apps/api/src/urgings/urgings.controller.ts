import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Actor, PageQuery } from '@app/common';
import { UrgingsService } from '@app/reminders';
import { CurrentActor, Roles } from '../http/auth.guard';
import { IsDay } from '../http/dto';
import { IdPipe } from '../http/id.pipe';
import { ApiPageResponse } from '../http/responses';

export class UrgingTaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '5' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: '36/QĐ-UBND' }) planNumber: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadDepartmentId: string | null;
}
export class UrgingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '168/STTTT-CNTT' }) number: string;
  @ApiProperty({ format: 'date', example: '2025-02-10' }) issuedOn: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'the departments it is sent to' }) departmentIds: string[];
  @ApiProperty({ type: [UrgingTaskDto] }) tasks: UrgingTaskDto[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
export class CreateUrgingDto {
  @ApiProperty({ example: '168/STTTT-CNTT', description: 'the letter\'s number' }) @IsString() @MinLength(1) @MaxLength(100) number: string;
  @ApiProperty({ example: '2025-02-10', description: 'the letter\'s date' }) @IsDay() issuedOn: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'the open tasks it urges' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsUUID('all', { each: true }) taskIds: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'the departments it is sent to; default the lead departments of its tasks' })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) departmentIds?: string[];
  @ApiPropertyOptional({ description: 'what the letter asks' }) @IsOptional() @IsString() @MaxLength(4000) note?: string;
}
export class UrgingQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() taskId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() departmentId?: string;
}

@ApiTags('urgings')
@ApiBearerAuth()
@Controller('urgings')
export class UrgingsController {
  constructor(private readonly urgings: UrgingsService) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({
    summary: 'Record an urging letter (secretariat)',
    description: 'Its number and date, the open tasks it urges and the departments it goes to: an `urged` row in each task\'s history, a notice to the focal points and heads of those departments; 409 DUPLICATE for a number already recorded on that date.',
  })
  @ApiCreatedResponse({ type: UrgingDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateUrgingDto) {
    return this.urgings.create(actor.id, body);
  }

  @Get()
  @ApiOperation({ summary: 'Urging letters, newest first; of one task or one department' })
  @ApiPageResponse(UrgingDto)
  list(@Query() query: UrgingQuery) {
    return this.urgings.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One urging letter' })
  @ApiOkResponse({ type: UrgingDto })
  get(@Param('id', IdPipe) id: string) {
    return this.urgings.get(id);
  }
}
