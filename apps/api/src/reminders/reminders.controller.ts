import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQuery } from '@app/common';
import { ReminderJobs, ReminderRunsService } from '@app/reminders';
import { Roles } from '../http/auth.guard';
import { IsDay } from '../http/dto';
import { ApiJobAcceptedResponse } from '../http/responses';

export class ReminderRunDto {
  @ApiPropertyOptional({ example: '2024-06-15', description: 'the morning to run (default today in TZ_BUSINESS); not after today' })
  @IsOptional()
  @IsDay()
  asOf?: string;
}

class ReminderRunParts {
  @ApiProperty({ description: 'one per department with tasks due, and one for the secretariat digest when a task is overdue' })
  total!: number;
  @ApiProperty()
  done!: number;
}

class ReminderRunItem {
  @ApiProperty({ example: '2024-06-15' })
  day!: string;
  @ApiProperty({ enum: ['running', 'done'], description: 'done once every part is in the ledger; a run left running with no job is finished by the hourly check' })
  state!: string;
  @ApiProperty({ description: 'how many times the morning was started: 1, then once per restart (POST /reminders/run) or resume by the check' })
  starts!: number;
  @ApiProperty({ format: 'date-time' })
  startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true })
  finishedAt!: string | null;
  @ApiProperty({ type: ReminderRunParts })
  parts!: ReminderRunParts;
  @ApiProperty({ description: 'open tasks some rule fires for (of the parts done)' })
  tasksDue!: number;
  @ApiProperty({ description: 'in-app reminders and digests the morning calls for (of the parts done), each recorded once' })
  notifications!: number;
  @ApiProperty({ description: 'e-mails the morning calls for (of the parts done), one per user' })
  emails!: number;
}

class ReminderRunPage {
  @ApiProperty({ type: [ReminderRunItem] })
  items!: ReminderRunItem[];
  @ApiProperty()
  total!: number;
  @ApiProperty()
  page!: number;
  @ApiProperty()
  limit!: number;
}

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('reminders')
export class RemindersController {
  constructor(
    private readonly jobs: ReminderJobs,
    private readonly runs: ReminderRunsService,
  ) {}

  @Post('run')
  @Roles('admin', 'secretariat')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue the morning reminder run now (admin, secretariat)',
    description:
      'Answers 202 { jobId }. The same day asked twice while its run waits answers the same job; a run adds only what that morning has not had yet, ' +
      'so a day already done (or left unfinished) can be started again safely.',
  })
  @ApiJobAcceptedResponse('the run is queued')
  async run(@Body() body: ReminderRunDto = {}) {
    const { jobId } = await this.jobs.trigger(body?.asOf);
    return { jobId };
  }

  @Get('runs')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'The morning runs, newest day first, with their state and counts (admin, secretariat)' })
  @ApiOkResponse({ type: ReminderRunPage })
  list(@Query() query: PageQuery) {
    return this.runs.list(query);
  }
}
