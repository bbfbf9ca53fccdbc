import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeetingIndicatorsService } from '@app/indicators';
import { IdPipe } from '../http/id.pipe';
import { MeetingIndicatorsDto, MeetingIndicatorsQuery } from './meeting-indicators.dto';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings/:id')
export class MeetingIndicatorsController {
  constructor(private readonly meetings: MeetingIndicatorsService) {}

  @Get('indicators')
  @ApiOperation({ summary: 'The indicators of the meeting\'s plans as known at its cut-off, and the report requests of the period with who had not answered' })
  @ApiOkResponse({ type: MeetingIndicatorsDto })
  get(@Param('id', IdPipe) id: string, @Query() query: MeetingIndicatorsQuery) {
    return this.meetings.forMeeting(id, query.period);
  }
}
