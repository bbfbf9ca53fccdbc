import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Actor, PageQuery } from '@app/common';
import { NotificationsService } from '@app/notifications';
import { CurrentActor } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';
import { ApiPageResponse } from '../http/responses';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'extension_decided', description: 'what happened: task_due_soon, completion_returned, extension_requested, summary_ready, …' }) kind: string;
  @ApiProperty({ example: 'Đề nghị gia hạn nhiệm vụ 5 được chấp thuận' }) title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the task it is about, to link to' }) taskId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'details by kind (ids of the request, the meeting…)' }) data: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while unread' }) readAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class NotificationReadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time', description: 'when it was first read' }) readAt: string;
}

export class NotificationsMarkedDto {
  @ApiProperty({ description: 'how many unread notifications were marked read' }) marked: number;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'My inbox, newest first, with the unread count' })
  @ApiPageResponse(NotificationDto, { extra: { unread: { type: 'integer', description: 'my unread notifications, over all pages' } } })
  inbox(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.notifications.inbox(actor.id, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my unread notifications read' })
  @ApiOkResponse({ type: NotificationsMarkedDto })
  readAll(@CurrentActor() actor: Actor) {
    return this.notifications.markAllRead(actor.id);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiOkResponse({ type: NotificationReadDto })
  read(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.notifications.markRead(actor.id, id);
  }
}
