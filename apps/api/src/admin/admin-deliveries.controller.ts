import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '@app/common';
import { DeliveriesService, DeliveryChannel, DeliveryStatus } from '@app/notifications';
import { Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';

const STATUSES: DeliveryStatus[] = ['pending', 'sent', 'failed'];
const CHANNELS: DeliveryChannel[] = ['email', 'webhook'];

export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: DeliveryStatus;
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: DeliveryChannel;
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/deliveries')
export class AdminDeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @ApiOperation({ summary: 'E-mails and webhook calls, newest first, with attempts and last error (admin); ?status=failed for the failed ones' })
  list(@Query() query: DeliveryQuery) {
    return this.deliveries.list(query);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Try a failed delivery again with fresh attempts (admin); one already sent answers 409' })
  retry(@Param('id', IdPipe) id: string) {
    return this.deliveries.retry(id);
  }
}
