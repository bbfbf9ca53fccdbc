import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ReminderJobs } from '@app/reminders';
import { Roles } from '../http/auth.guard';
import { IsDay } from '../http/dto';

export class ReminderRunDto {
  @ApiPropertyOptional({ example: '2024-06-15', description: 'the morning to run (default today in TZ_BUSINESS); not after today' })
  @IsOptional()
  @IsDay()
  asOf?: string;
}

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('reminders')
export class RemindersController {
  constructor(private readonly jobs: ReminderJobs) {}

  @Post('run')
  @Roles('admin', 'secretariat')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue the morning reminder run now (admin, secretariat)',
    description: 'Answers 202 { jobId }. The same day asked twice while its run waits answers the same job; a run adds only what that morning has not had yet.',
  })
  async run(@Body() body: ReminderRunDto = {}) {
    const { jobId } = await this.jobs.trigger(body?.asOf);
    return { jobId };
  }
}
