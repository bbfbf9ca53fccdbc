import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/common';
import { TaskHistory, TaskProgressService, TasksService } from '@app/tasks';
import { CurrentActor, Roles } from '../http/auth.guard';
import { JSON_TYPE } from '../http/json-text';
import { IdPipe } from '../http/id.pipe';
import { ApiPageResponse } from '../http/responses';
import { ExtensionRequestViewDto, StatusChangeRequestViewDto, TaskDto, TaskUpdateDto } from './task-response.dto';
import {
  CreateTaskDto, ExtensionDecisionDto, ExtensionQuery, ExtensionRequestDto, ProgressReportDto, ReviewDto, StatusChangeDecisionDto,
  StatusChangeQuery, StatusChangeRequestDto, TaskQuery, UpdateTaskDto,
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
  @ApiPageResponse(TaskDto, { description: 'a page of tasks, in plan order (children of collective tasks have no `children`)' })
  list(@Query() query: TaskQuery) {
    return this.tasks.listJson(query);
  }

  @Post('tasks')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Create a task (secretariat); leadGroupId makes a collective task with one child per member' })
  @ApiCreatedResponse({ type: TaskDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTaskDto) {
    const { planId, ...task } = body;
    return this.tasks.create(actor, planId, task);
  }

  @Get('tasks/:id')
  @ApiOperation({ summary: 'One task with timeliness, documents, children and version' })
  @Header('Content-Type', JSON_TYPE)
  @ApiOkResponse({ type: TaskDto })
  get(@Param('id', IdPipe) id: string) {
    return this.tasks.getJson(id);
  }

  @Patch('tasks/:id')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Edit task fields and deadline (secretariat); a deadline change goes on the record; send the version you read' })
  @ApiOkResponse({ type: TaskDto })
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: UpdateTaskDto) {
    return this.tasks.update(actor, id, body);
  }

  @Post('tasks/:id/updates')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Report progress: status, note, completion date, output documents',
    description:
      'Focal points of the lead department and the secretariat. A focal point of a coordinating department adds its own note ' +
      '(kept in coordinatorNotes and the history, never replacing the lead\'s progressNote). A focal point asks for cancelled or ' +
      'recurring through POST /tasks/:id/status-requests (403 TASK_STATUS_NEEDS_REVIEW here). Send the version you read.',
  })
  @ApiCreatedResponse({ type: TaskDto, description: 'the task after the report' })
  report(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ProgressReportDto) {
    return this.progress.report(actor, id, body);
  }

  @Get('tasks/:id/updates')
  @ApiOperation({ summary: 'The history of a task, oldest first' })
  @ApiOkResponse({ type: [TaskUpdateDto] })
  async updates(@Param('id', IdPipe) id: string) {
    await this.tasks.get(id);
    return this.history.list(id);
  }

  @Post('tasks/:id/review')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a reported completion, or return it with a reason (secretariat); send the task version you read' })
  @ApiOkResponse({ type: TaskDto, description: 'the task after the review' })
  review(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ReviewDto) {
    return this.progress.review(actor, id, body);
  }

  @Post('tasks/:id/extension-requests')
  @Roles('focal_point')
  @ApiOperation({ summary: 'Ask for a later due date (focal point of the lead department)' })
  @ApiCreatedResponse({ type: ExtensionRequestViewDto })
  requestExtension(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ExtensionRequestDto) {
    return this.progress.requestExtension(actor, id, body);
  }

  @Get('extension-requests')
  @ApiOperation({ summary: 'Extension requests, newest first (filter by task or status)' })
  @ApiOkResponse({ type: [ExtensionRequestViewDto], description: 'at most 200, each with taskVersion' })
  extensions(@Query() query: ExtensionQuery) {
    return this.progress.listExtensions(query);
  }

  @Post('extension-requests/:id/decision')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (moves the due date) or reject an extension request (secretariat); send the task version you read' })
  @ApiOkResponse({ type: ExtensionRequestViewDto, description: 'the request as decided' })
  decide(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: ExtensionDecisionDto) {
    return this.progress.decideExtension(actor, id, body);
  }

  @Post('tasks/:id/status-requests')
  @Roles('focal_point')
  @ApiOperation({
    summary: 'Ask the secretariat to make the task cancelled or recurring, with a reason (focal point of the lead department)',
    description: 'On the record (status_change_requested) and the secretariat is told; one pending request per task (409 STATUS_CHANGE_REQUEST_PENDING).',
  })
  @ApiCreatedResponse({ type: StatusChangeRequestViewDto })
  requestStatusChange(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: StatusChangeRequestDto) {
    return this.progress.requestStatusChange(actor, id, body);
  }

  @Get('status-requests')
  @ApiOperation({ summary: 'Status change requests, newest first (filter by task or state), each with the task\'s current version' })
  @ApiOkResponse({ type: [StatusChangeRequestViewDto], description: 'at most 200' })
  statusRequests(@Query() query: StatusChangeQuery) {
    return this.progress.listStatusChanges(query);
  }

  @Post('status-requests/:id/decision')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve (the task takes the status asked for) or reject with a note a status change request (secretariat); send the task version you read',
    description: 'On the record (status_change_approved / status_change_rejected) and the requester is told. A decided request answers 409 STATUS_CHANGE_REQUEST_DECIDED.',
  })
  @ApiOkResponse({ type: StatusChangeRequestViewDto, description: 'the request as decided, with the task\'s version after it' })
  decideStatusChange(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: StatusChangeDecisionDto) {
    return this.progress.decideStatusChange(actor, id, body);
  }
}
