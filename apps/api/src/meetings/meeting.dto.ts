import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '@app/common';
import { DOCUMENT_KINDS, TASK_STATUSES } from '@app/tasks';
import { IsDay } from '../http/dto';
import { RollupDto } from '../rollups/rollups.controller';
import { DepartmentRankingDto } from '../rollups/department-ranking.controller';
import { AppendixPartsDto, AppendixTableDto } from '../appendices/appendix.controller';
import { MeetingReportRequestDto, SummaryIndicatorsDto } from '../indicators/meeting-indicators.dto';

export class CreateMeetingDto {
  @ApiProperty({ example: 'Phiên họp Ban Chỉ đạo chuyển đổi số 6 tháng đầu năm 2024' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;
  @ApiProperty({ example: '2024-07-05', description: 'the day of the meeting' }) @IsDay() heldOn: string;
  @ApiProperty({ example: '2024-06-30', description: 'the cut-off of the figures ("kết quả đến ngày …"), on or before heldOn' }) @IsDay() asOf: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'the plans the meeting reviews' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  planIds: string[];
  @ApiPropertyOptional({ example: '2024-12-20', description: 'the next meeting: its summary lists what falls due before it' })
  @IsOptional()
  @IsDay()
  nextMeetingOn?: string;
}

export class MeetingQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only meetings reviewing this plan' }) @IsOptional() @IsUUID() planId?: string;
}

const DAY = { type: String, format: 'date', example: '2024-06-30' } as const;

export class MeetingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty(DAY) heldOn: string;
  @ApiProperty({ ...DAY, description: 'the cut-off of the figures' }) asOf: string;
  @ApiProperty({ ...DAY, nullable: true }) nextMeetingOn: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) planIds: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the latest summary was computed; null before the first' }) lastSummaryAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

class SummaryPlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: string;
  @ApiProperty() title: string;
}
class SummaryMeetingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty(DAY) heldOn: string;
  @ApiProperty(DAY) asOf: string;
  @ApiProperty({ ...DAY, nullable: true }) nextMeetingOn: string | null;
  @ApiProperty({ type: [SummaryPlanDto] }) plans: SummaryPlanDto[];
}
class PreviousMeetingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty(DAY) heldOn: string;
  @ApiProperty(DAY) asOf: string;
}
/** A task of a summary's lists: the department's own task (a child of a collective task, or one it leads). */
class SummaryTaskDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty() planNumber: string;
  @ApiProperty({ format: 'uuid' }) leadDepartmentId: string;
  @ApiProperty({ description: 'its name' }) leadDepartment: string;
  @ApiProperty({ ...DAY, nullable: true }) dueDate: string | null;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
}
class OverdueTaskDto extends SummaryTaskDto {
  @ApiProperty() daysOverdue: number;
  @ApiPropertyOptional({ type: AppendixPartsDto, nullable: true, description: 'a part of a collective task: that task\'s "x/y đơn vị" at the cut-off' })
  collectiveParts?: AppendixPartsDto | null;
}
class SummaryDocumentDto {
  @ApiProperty() number: string;
  @ApiProperty(DAY) issuedOn: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
}
class CompletedTaskDto extends SummaryTaskDto {
  @ApiProperty(DAY) completedOn: string;
  @ApiProperty({ enum: ['on_time', 'late'] }) timeliness: string;
  @ApiProperty() confirmed: boolean;
  @ApiProperty({ type: [SummaryDocumentDto] }) documents: SummaryDocumentDto[];
}
class DueTaskDto extends SummaryTaskDto {
  @ApiProperty() daysLeft: number;
}
class CompletedSinceDto {
  @ApiProperty({ ...DAY, nullable: true, description: "the previous meeting's cut-off; null: everything completed" }) since: string | null;
  @ApiProperty({ type: [CompletedTaskDto] }) tasks: CompletedTaskDto[];
}
class DueBeforeNextMeetingDto {
  @ApiProperty(DAY) from: string;
  @ApiProperty({ ...DAY, nullable: true, description: "the next meeting's date; null: none set, and no task listed" }) until: string | null;
  @ApiProperty({ type: [DueTaskDto] }) tasks: DueTaskDto[];
}

class UrgingLetterDto {
  @ApiProperty({ example: '168/STTTT-CNTT' }) number: string;
  @ApiProperty(DAY) issuedOn: string;
}
class UrgedTaskDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty() planNumber: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadDepartmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) leadDepartment: string | null;
  @ApiProperty({ ...DAY, nullable: true }) dueDate: string | null;
  @ApiProperty({ description: 'how many letters urged it up to the cut-off' }) times: number;
  @ApiProperty({ type: [UrgingLetterDto] }) letters: UrgingLetterDto[];
}

class CarriedOverSourceDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ example: '10/KH-BCĐCĐS' }) number: string;
  @ApiProperty({ example: 8 }) carried: number;
  @ApiProperty({ example: 53, description: "the plan's top-level tasks" }) total: number;
  @ApiProperty({ example: 15.1, description: 'carried ÷ total × 100, to one decimal' }) rate: number;
  @ApiProperty({ example: 'Còn 08/53 nhiệm vụ đang thực hiện (chiếm 15,1%) theo Kế hoạch số 10/KH-BCĐCĐS' }) text: string;
}
class CarriedOverTaskDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() planNumber: string;
  @ApiProperty({ ...DAY, nullable: true }) dueDate: string | null;
  @ApiProperty({ enum: TASK_STATUSES, description: 'at the cut-off' }) status: string;
  @ApiProperty({ ...DAY, nullable: true }) completedOn: string | null;
  @ApiProperty({ example: 'Hoàn thành ngày 10/06/2024', description: 'the result at the cut-off in words' }) result: string;
}
class CarriedOverDepartmentDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) departmentId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ type: [CarriedOverTaskDto] }) tasks: CarriedOverTaskDto[];
}
class CarriedOverSectionDto {
  @ApiProperty({ format: 'uuid' }) noticeId: string;
  @ApiProperty({ example: '25/TB-VPUBND' }) number: string;
  @ApiProperty(DAY) issuedOn: string;
  @ApiProperty({ example: 'Kết quả thực hiện các nhiệm vụ chưa hoàn thành theo Thông báo kết luận số 25/TB-VPUBND ngày 30/01/2024' }) heading: string;
  @ApiProperty({ type: [CarriedOverSourceDto] }) sources: CarriedOverSourceDto[];
  @ApiProperty() carried: number;
  @ApiProperty({ description: 'of the carried tasks, completed at the cut-off' }) completed: number;
  @ApiProperty({ type: [CarriedOverDepartmentDto] }) departments: CarriedOverDepartmentDto[];
}

/** A frozen summary: the roll-up and the lists of a meeting as of its cut-off. */
export class MeetingSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty(DAY) asOf: string;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
  @ApiProperty({ type: SummaryMeetingDto }) meeting: SummaryMeetingDto;
  @ApiProperty({ type: PreviousMeetingDto, nullable: true, description: 'the latest meeting with an earlier cut-off that reviewed one of the same plans' })
  previousMeeting: PreviousMeetingDto | null;
  @ApiProperty({ type: RollupDto }) rollup: RollupDto;
  @ApiProperty({ type: [OverdueTaskDto], description: 'open tasks past their due date at the cut-off, the longest overdue first' }) overdue: OverdueTaskDto[];
  @ApiProperty({ type: CompletedSinceDto }) completedSince: CompletedSinceDto;
  @ApiProperty({ type: DueBeforeNextMeetingDto }) dueBeforeNextMeeting: DueBeforeNextMeetingDto;
  @ApiPropertyOptional({ type: DepartmentRankingDto, description: 'departments compared at the cut-off over the meeting\'s plans (not in summaries made before it existed)' })
  departmentRanking?: DepartmentRankingDto;
  @ApiPropertyOptional({ type: [AppendixTableDto], description: 'the per-task appendix of each plan at the cut-off (not in summaries made before it existed)' })
  appendices?: AppendixTableDto[];
  @ApiPropertyOptional({ type: [UrgedTaskDto], description: 'tasks urged by letters up to the cut-off, the most urged first (absent in summaries made before urgings were kept)' })
  urged?: UrgedTaskDto[];
  @ApiPropertyOptional({ type: [CarriedOverSectionDto], description: "conclusion notices among the meeting's plans or concluding the previous meeting: their carried tasks at the cut-off (absent in summaries made before)" })
  carriedOver?: CarriedOverSectionDto[];
  @ApiPropertyOptional({ type: SummaryIndicatorsDto, description: 'the indicators of the meeting\'s plans as known at the end of the cut-off day (absent in summaries made before)' })
  indicators?: SummaryIndicatorsDto;
  @ApiPropertyOptional({ type: [MeetingReportRequestDto], description: 'the report requests of the period due by the cut-off, with the departments that had not answered by then (absent in summaries made before)' })
  reportRequests?: MeetingReportRequestDto[];
}

/** Where the computation of a meeting's summary stands, for a page that waits on it. */
export class SummaryStatusDto {
  @ApiProperty({
    enum: ['none', 'queued', 'running', 'done', 'failed'],
    description: 'none: never asked; queued: waiting (or waiting to try again after a failed attempt); running; done: no job left and a summary is kept; failed: every attempt failed (asking again tries again)',
  })
  state: string;
  @ApiProperty({ type: String, nullable: true, description: 'the error of the latest failed attempt' }) failedReason: string | null;
  @ApiProperty({ description: 'attempts made by the job kept (0 when none is)' }) attemptsMade: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the latest summary was computed' }) lastSummaryAt: string | null;
}
