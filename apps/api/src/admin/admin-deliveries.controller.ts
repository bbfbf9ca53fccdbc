import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '@app/common';
import { DeliveriesService, DeliveryChannel, DeliveryStatus } from '@app/notifications';
import { Roles } from '../http/auth.guard';
import { IsDay } from '../http/dto';
import { IdPipe } from '../http/id.pipe';
import { ApiPageResponse } from '../http/responses';

const STATUSES: DeliveryStatus[] = ['pending', 'sent', 'failed'];
const CHANNELS: DeliveryChannel[] = ['email', 'webhook'];
const DAY_DESCRIPTION = 'the morning of an e-mail digest, or the day (TZ_BUSINESS) a webhook call was made';

export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: DeliveryStatus;
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: DeliveryChannel;
  @ApiPropertyOptional({ example: '2024-06-15', description: DAY_DESCRIPTION }) @IsOptional() @IsDay() day?: string;
}

export class DeliveryRetryDto {
  @ApiPropertyOptional({ enum: ['failed'], default: 'failed', description: 'only failed deliveries are retried; a sent one is never sent again' })
  @IsOptional()
  @IsIn(['failed'])
  status?: 'failed';
  @ApiPropertyOptional({ enum: CHANNELS, description: 'both channels when absent' }) @IsOptional() @IsIn(CHANNELS) channel?: DeliveryChannel;
  @ApiPropertyOptional({ example: '2024-06-15', description: `${DAY_DESCRIPTION}; every day when absent` }) @IsOptional() @IsDay() day?: string;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CHANNELS }) channel: DeliveryChannel;
  @ApiProperty({ enum: STATUSES }) status: DeliveryStatus;
  @ApiProperty({ description: 'tries made so far' }) attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ type: String, nullable: true }) userEmail: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) notificationId: string | null;
  @ApiProperty({ example: 'email:…:2024-06-15', description: 'what makes it one of a kind (one digest per user and morning)' }) dedupKey: string;
  @ApiProperty({ type: String, nullable: true, description: "the e-mail's subject or the notice's title" }) summary: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when its first try failed (the retry horizon counts from there)' }) firstFailedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the sweep tries it next; null once given up' }) nextRetryAt: string | null;
}

export class DeliveryRequeuedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pending'] }) status: 'pending';
  @ApiProperty() jobId: string;
}

export class DeliveryRetryAnswer {
  @ApiProperty({ example: 183, description: 'how many failed deliveries were queued again' }) queued: number;
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/deliveries')
export class AdminDeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @ApiOperation({ summary: 'E-mails and webhook calls, newest first, with attempts, last error and next retry (admin); ?status=failed&day=… for a morning\'s failed ones' })
  @ApiPageResponse(DeliveryDto)
  list(@Query() query: DeliveryQuery) {
    return this.deliveries.list(query);
  }

  @Post('retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Try every failed delivery the filter selects again, at once (admin)',
    description:
      'Body { day?, channel?, status?: "failed" }. Each selected failed delivery gets fresh attempts and a fresh retry horizon, ' +
      'even one past its horizon. Sent deliveries are never sent again, so an e-mail digest still goes out once per user and morning. ' +
      'Answers 202 { queued }.',
  })
  @ApiAcceptedResponse({ type: DeliveryRetryAnswer })
  retryFailed(@Body() body: DeliveryRetryDto = {}): Promise<DeliveryRetryAnswer> {
    return this.deliveries.retryFailed({ channel: body?.channel, day: body?.day });
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Try a failed delivery again with fresh attempts (admin); one already sent answers 409' })
  @ApiAcceptedResponse({ type: DeliveryRequeuedDto })
  retry(@Param('id', IdPipe) id: string) {
    return this.deliveries.retry(id);
  }
}
