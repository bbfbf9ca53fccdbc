import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';
import { Actor } from '@app/common';
import { ConclusionsService } from '@app/meetings';
import { TASK_STATUSES } from '@app/tasks';
import { CurrentActor, Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';

export class CarriedTaskDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid', description: 'the plan the task belongs to (it keeps it)' }) planId: string;
  @ApiProperty() planNumber: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadDepartmentId: string | null;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dueDate: string | null;
  @ApiProperty({ format: 'date-time' }) carriedAt: string;
}
export class CarryTasksDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'tasks of earlier plans to follow under this conclusion notice' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsUUID('all', { each: true }) taskIds: string[];
}

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class ConclusionsController {
  constructor(private readonly conclusions: ConclusionsService) {}

  @Post(':id/carried-tasks')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Carry tasks of earlier plans into a conclusion notice (secretariat)',
    description: 'Each task keeps its plan, identity and history (a carried_over row is added); it is followed under the notice too. A task carried already is left as it is. Answers the notice\'s carried tasks.',
  })
  @ApiOkResponse({ type: [CarriedTaskDto] })
  carry(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: CarryTasksDto) {
    return this.conclusions.carry(actor.id, id, body.taskIds);
  }

  @Get(':id/carried-tasks')
  @ApiOperation({ summary: 'The tasks a conclusion notice carries over from earlier plans' })
  @ApiOkResponse({ type: [CarriedTaskDto] })
  carried(@Param('id', IdPipe) id: string) {
    return this.conclusions.carried(id);
  }
}
