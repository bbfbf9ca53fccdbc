import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested,
} from 'class-validator';
import { PageQuery } from '@app/common';
import {
  DOCUMENT_KINDS, DocumentKind, REPORT_PERIOD_PATTERN, REVIEWED_STATUSES, ReviewedStatus, TASK_SORTS, TASK_STATUSES, TaskSort, TaskStatus, TIMELINESS, Timeliness,
} from '@app/tasks';
import { IsDay, toBoolean, toList } from '../http/dto';
import { VersionField } from '../http/version';

export class OutputDocumentDto {
  @ApiProperty({ example: '185/KH-UBND', description: 'kept exactly, Vietnamese letters included' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  number: string;
  @ApiProperty({ example: '2024-01-12' }) @IsDay() issuedOn: string;
  @ApiProperty({ enum: DOCUMENT_KINDS, description: 'submitted = văn bản trình, issued = văn bản ban hành' }) @IsIn(DOCUMENT_KINDS) kind: DocumentKind;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) title?: string;
}

export class CreateTaskDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() planId: string;
  @ApiProperty({ example: 'A.II.1', description: 'unique within the plan' }) @IsString() @MinLength(1) @MaxLength(100) code: string;
  @ApiPropertyOptional({ description: 'the numbering as written in the plan' }) @IsOptional() @IsString() @MaxLength(100) sourceRef?: string;
  @ApiPropertyOptional({ description: 'the section heading as written' }) @IsOptional() @IsString() @MaxLength(1000) group?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(5000) title: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the lead department (chủ trì); or leadGroupId' }) @IsOptional() @IsUUID() leadDepartmentId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'a collective assignment: one child task per member' }) @IsOptional() @IsUUID() leadGroupId?: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  coordinatingDepartmentIds?: string[];
  @ApiPropertyOptional({ example: 'Quý II/2024', description: 'the deadline as written; read per DOMAIN.md' }) @IsOptional() @IsString() @MaxLength(200) deadlineText?: string;
  @ApiPropertyOptional({ example: '2024-06-30', description: 'wins over deadlineText when both are given' }) @IsOptional() @IsDay() dueDate?: string;
  @ApiPropertyOptional({ example: 'Kế hoạch' }) @IsOptional() @IsString() @MaxLength(500) expectedOutput?: string;
  @ApiPropertyOptional({ example: 'UBND tỉnh' }) @IsOptional() @IsString() @MaxLength(200) submissionLevel?: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() requiresOutputDocument?: boolean;
  @ApiPropertyOptional({ description: 'Ghi chú' }) @IsOptional() @IsString() @MaxLength(5000) note?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2024-03-05',
    description: "the day the task was assigned (giao), when not its plan's issue date; not after today; null: the plan's issue date",
  })
  @IsOptional()
  @IsDay()
  assignedOn?: string | null;
}

export class UpdateTaskDto extends PartialType(OmitType(CreateTaskDto, ['planId', 'leadGroupId'] as const)) {
  @VersionField('task') version: number;
}

export class ProgressReportDto {
  @VersionField('task') version: number;
  @ApiPropertyOptional({
    enum: TASK_STATUSES,
    description: `a focal point cannot set ${REVIEWED_STATUSES.join(' or ')} itself (403 TASK_STATUS_NEEDS_REVIEW): it asks through POST /tasks/:id/status-requests`,
  })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;
  @ApiPropertyOptional({
    description: 'kết quả thực hiện; from a coordinating department, its own note (coordinatorNotes), never the lead\'s progressNote',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  progressNote?: string;
  @ApiPropertyOptional({
    example: '2024-6M',
    description: 'a recurring task only (else 400): the report period of the note, <year>-<M1…M12|Q1…Q4|6M|9M|Y>; default the half-year of today',
  })
  @IsOptional()
  @Matches(REPORT_PERIOD_PATTERN, { message: 'reportPeriod must be <year>-<M1…M12|Q1…Q4|6M|9M|Y>, e.g. 2024-6M' })
  reportPeriod?: string;
  @ApiPropertyOptional({ example: '2024-01-12', description: 'required when reporting completed' }) @IsOptional() @IsDay() completedOn?: string;
  @ApiPropertyOptional({ type: [OutputDocumentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OutputDocumentDto)
  outputDocuments?: OutputDocumentDto[];
}

export class ReviewDto {
  @ApiProperty({ description: 'true confirms the reported completion; false returns it (back to in_progress) and needs a note' })
  @IsBoolean()
  confirm: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
  @VersionField('task') version: number;
}

export class ExtensionRequestDto {
  @ApiProperty({ example: '2024-09-30' }) @IsDay() proposedDueDate: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(5000) reason: string;
}

export class ExtensionDecisionDto {
  @ApiProperty() @IsBoolean() approve: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
  @VersionField('task') version: number;
}

export class StatusChangeRequestDto {
  @ApiProperty({ enum: REVIEWED_STATUSES, description: 'the status asked for: cancelled (không thực hiện) or recurring (thực hiện thường xuyên)' })
  @IsIn(REVIEWED_STATUSES)
  status: ReviewedStatus;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(5000) reason: string;
}

export class StatusChangeDecisionDto {
  @ApiProperty({ description: 'true makes the task the status asked for; false keeps it and needs a note' }) @IsBoolean() approve: boolean;
  @ApiPropertyOptional({ description: 'required when rejecting' }) @IsOptional() @IsString() @MaxLength(5000) note?: string;
  @VersionField('task') version: number;
}

export class StatusChangeQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() taskId?: string;
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'] }) @IsOptional() @IsIn(['pending', 'approved', 'rejected']) state?: string;
}

export class TaskQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() planId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the lead department' }) @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'tasks this department coordinates (đơn vị phối hợp)' })
  @IsOptional()
  @IsUUID()
  coordinatingDepartmentId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'tasks this department leads or coordinates: a focal point\'s "mine" (the web pages\' /tasks?mine=1)',
  })
  @IsOptional()
  @IsUUID()
  involvedDepartmentId?: string;
  @ApiPropertyOptional({ type: String, description: '"null" for top-level tasks only, or the id of a collective task' })
  @IsOptional()
  @Transform(({ value }) => (value === 'null' ? null : value))
  @IsUUID('all', { message: 'parentId must be a UUID or null' })
  parentId?: string | null;
  @ApiPropertyOptional({ description: `one or more of ${TASK_STATUSES.join(', ')}, comma-separated` })
  @IsOptional()
  @Transform(toList)
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];
  @ApiPropertyOptional({ description: `one or more of ${TIMELINESS.join(', ')}, comma-separated` })
  @IsOptional()
  @Transform(toList)
  @IsIn(TIMELINESS, { each: true })
  timeliness?: Timeliness[];
  @ApiPropertyOptional({ example: '2024-01-01' }) @IsOptional() @IsDay() dueFrom?: string;
  @ApiPropertyOptional({ example: '2024-12-31' }) @IsOptional() @IsDay() dueTo?: string;
  @ApiPropertyOptional({ description: 'code, content or document number; diacritics optional ("chuyen doi so")' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({
    enum: TASK_SORTS,
    default: 'plan',
    description: 'plan: the order of the source document; urgency: overdue, due soon, within deadline, completed late, on time, then recurring and cancelled, each by due date',
  })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: TaskSort;
  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only completions waiting for the secretariat (status completed, not yet confirmed; a collective task is reviewed in its children, so never listed); false: every other task',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'awaitingReview must be true or false' })
  awaitingReview?: boolean;
}

export class ExtensionQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() taskId?: string;
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'] }) @IsOptional() @IsIn(['pending', 'approved', 'rejected']) status?: string;
}
