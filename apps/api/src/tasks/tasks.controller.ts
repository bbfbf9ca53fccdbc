import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import { TaskHistory, TaskProgressService, TasksService } from '@app/tasks';
import { CurrentActor, Roles } from '../http/auth.guard';
import { JSON_TYPE } from '../http/json-text';
import { IdPipe } from '../http/id.pipe';
import {
  CreateTaskDto, ExtensionDecisionDto, ExtensionQuery, ExtensionRequestDto, ProgressReportDto, ReviewDto, TaskQuery, UpdateTaskDto,
} from './task.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly progress: TaskProgressService,
    private readonly history: TaskHistory,
  ) {}

  @Get('tasks')
  @ApiOperation({ summary: 'List tasks (children of collective tasks included); filters combine freely' })
  @Header('Content-Type', JSON_TYPE)
  list(@Query() query: TaskQuery) {
    return this.tasks.listJson(query);
  }

  @Post('tasks')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Create a task (secretariat); leadGroupId makes a collective task with one child per member' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTaskDto) {
    const { planId, ...task } = body;
    return this.tasks.create(actor, planId, task);
  }

  @Get('tasks/:id')
  @ApiOperation({ summary: 'One task with timeliness, documents, children and version' })
  @Header('Content-Type', JSON_TYPE)
  get(@Param('id', IdPipe) id: string) {
    return this.tasks.getJson(id);
  }

  @Patch('tasks/:id')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Edit task fields and deadline (secretariat); a deadline change goes on the record' })
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: UpdateTaskDto) {
    return this.tasks.update(actor, id, body);
  }

  @Post('tasks/:id/updates')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Report progress: status, note, completion date, output documents',
    description: 'Focal points of the lead department and the secretariat; a coordinating department may add a note only. Send the version you read.',
  })
  report(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ProgressReportDto) {
    return this.progress.report(actor, id, body);
  }

  @Get('tasks/:id/updates')
  @ApiOperation({ summary: 'The history of a task, oldest first' })
  async updates(@Param('id', IdPipe) id: string) {
    await this.tasks.get(id);
    return this.history.list(id);
  }

  @Post('tasks/:id/review')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a reported completion, or return it with a reason (secretariat)' })
  review(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ReviewDto) {
    return this.progress.review(actor, id, body);
  }

  @Post('tasks/:id/extension-requests')
  @Roles('focal_point')
  @ApiOperation({ summary: 'Ask for a later due date (focal point of the lead department)' })
  requestExtension(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ExtensionRequestDto) {
    return this.progress.requestExtension(actor, id, body);
  }

  @Get('extension-requests')
  @ApiOperation({ summary: 'Extension requests, newest first (filter by task or status)' })
  extensions(@Query() query: ExtensionQuery) {
    return this.progress.listExtensions(query);
  }

  @Post('extension-requests/:id/decision')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (moves the due date) or reject an extension request (secretariat)' })
  decide(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ExtensionDecisionDto) {
    return this.progress.decideExtension(actor, id, body);
  }
}
