import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PERIODS, Period, VALUE_KINDS } from '@app/indicators';
import { IndicatorCountsDto, IndicatorDto } from './indicator.dto';

export class MeetingIndicatorsQuery {
  @ApiPropertyOptional({ enum: PERIODS, description: 'default: the cumulative period of the cut-off (Q1, 6M, 9M, Y)' })
  @IsOptional() @IsIn(PERIODS as unknown as string[], { message: `period must be one of ${PERIODS.join(', ')}` }) period?: Period;
}
export class KnownValueDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: VALUE_KINDS }) kind: string;
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty({ type: String, nullable: true }) text: string | null;
  @ApiProperty({ type: [Number] }) parts: number[];
  @ApiProperty({ enum: ['reported', 'confirmed'], description: 'as it stood at the cut-off' }) reviewStatus: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'when it came to stand so' }) reportedAt: string;
}
export class MeetingIndicatorDto extends OmitType(IndicatorDto, ['value'] as const) {
  @ApiProperty({ type: KnownValueDto, nullable: true, description: 'the value as known at the end of the cut-off day' }) value: KnownValueDto | null;
}
export class MissingDepartmentDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() departmentName: string;
}
export class MeetingReportRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: PERIODS }) period: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty() departments: number;
  @ApiProperty({ type: [MissingDepartmentDto], description: 'the departments that had not answered by the cut-off' }) notAnswered: MissingDepartmentDto[];
}
export class MeetingIndicatorCountsDto extends OmitType(IndicatorCountsDto, ['confirmed'] as const) {}
export class AppendixDecisionDto {
  @ApiProperty() number: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) date: string | null;
}
export class MeetingIndicatorsDto {
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ format: 'date', description: 'the cut-off' }) asOf: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: PERIODS }) period: string;
  @ApiProperty({ enum: VALUE_KINDS, description: 'the values the appendix shows: final where there is one, else the estimates' }) kind: string;
  @ApiProperty({ type: AppendixDecisionDto, nullable: true, description: 'the plan that assigned them all, when it is one: the appendix\'s columns (7) and (6)/(7)' })
  decision: AppendixDecisionDto | null;
  @ApiProperty({ type: MeetingIndicatorCountsDto }) counts: MeetingIndicatorCountsDto;
  @ApiProperty({ type: [MeetingIndicatorDto], description: 'the indicators the meeting\'s plans assigned' }) indicators: MeetingIndicatorDto[];
  @ApiProperty({ type: [MeetingReportRequestDto], description: 'the report requests due in the period by the cut-off' }) reportRequests: MeetingReportRequestDto[];
}

/** The indicators in a frozen meeting summary (the same as GET /meetings/:id/indicators, without the meeting's id and cut-off). */
export class SummaryIndicatorsDto {
  @ApiProperty() year: number;
  @ApiProperty({ enum: PERIODS, description: 'the cumulative period of the cut-off (Q1, 6M, 9M, Y)' }) period: string;
  @ApiProperty({ enum: VALUE_KINDS }) kind: string;
  @ApiProperty({ type: AppendixDecisionDto, nullable: true }) decision: AppendixDecisionDto | null;
  @ApiProperty({ type: MeetingIndicatorCountsDto }) counts: MeetingIndicatorCountsDto;
  @ApiProperty({ type: [MeetingIndicatorDto], description: 'the indicators the meeting\'s plans assigned, their values as known at the end of the cut-off day' }) items: MeetingIndicatorDto[];
}
