import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, PageQuery } from '@app/common';
import { NotificationsService } from '@app/notifications';
import { CurrentActor } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'My inbox, newest first, with the unread count' })
  inbox(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.notifications.inbox(actor.id, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  read(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.notifications.markRead(actor.id, id);
  }
}
