import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PERIODS, Period, RECURRENCES, Recurrence } from '@app/indicators';
import { IsDay } from '../http/dto';

const STATES = ['on_time', 'late', 'not_yet'];

class WhoDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'a group: every member answers (as it is when each period\'s request is made)' }) @IsOptional() @IsUUID() groupId?: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) departmentIds?: string[];
}

export class CreateSeriesDto extends WhoDto {
  @ApiProperty({ example: '2062/SKH-THQH' }) @IsString() @MinLength(1) @MaxLength(200) number: string;
  @ApiProperty({ example: 'Sở Kế hoạch và Đầu tư' }) @IsString() @MinLength(1) @MaxLength(300) issuer: string;
  @ApiProperty({ example: 'Báo cáo tình hình kinh tế - xã hội' }) @IsString() @MinLength(1) @MaxLength(2000) title: string;
  @ApiProperty({ enum: RECURRENCES, description: 'monthly: M1…M12 due day N of the month; quarterly: Q1…Q4 due day N of the quarter\'s last month; half_yearly: 6M (June) and Y (December); yearly: Y (December)' })
  @IsIn(RECURRENCES as unknown as string[], { message: `recurrence must be one of ${RECURRENCES.join(', ')}` }) recurrence: Recurrence;
  @ApiProperty({ example: 15, description: 'the due day of the month (past a month\'s end: its last day)' }) @IsInt() @Min(1) @Max(31) dueDay: number;
  @ApiProperty({ example: '2024-05-01', description: 'the first period is the first one due on or after this day' }) @IsDay() startsOn: string;
  @ApiPropertyOptional({ example: '2024-12-31' }) @IsOptional() @IsDay() endsOn?: string;
}

export class CreateRequestDto extends WhoDto {
  @ApiProperty({ example: '2226/UBND-KTTH' }) @IsString() @MinLength(1) @MaxLength(200) number: string;
  @ApiProperty({ example: 'UBND tỉnh' }) @IsString() @MinLength(1) @MaxLength(300) issuer: string;
  @ApiProperty({ example: 'Báo cáo kiểm điểm 6 tháng đầu năm 2024' }) @IsString() @MinLength(1) @MaxLength(2000) title: string;
  @ApiProperty({ example: 2024 }) @IsInt() @Min(1900) @Max(2200) year: number;
  @ApiProperty({ enum: PERIODS }) @IsIn(PERIODS as unknown as string[], { message: `period must be one of ${PERIODS.join(', ')}` }) period: Period;
  @ApiProperty({ example: '2024-06-10' }) @IsDay() dueDate: string;
}

export class AnswerDto {
  @ApiProperty({ example: '512/BC-STTTT', description: 'the number of the department\'s report' }) @IsString() @MinLength(1) @MaxLength(200) number: string;
  @ApiProperty({ example: '2024-06-08', description: 'its date; on time when not after the due date' }) @IsDay() issuedOn: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the secretariat recording a department\'s answer; a focal point answers for its own' }) @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ description: 'the name of the report\'s file, where it is kept' }) @IsOptional() @IsString() @MaxLength(500) fileName?: string;
}

export class RequestsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() seriesId?: string;
  @ApiPropertyOptional({ example: 2024 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'year must be a whole year' }) @Min(1900) @Max(2200) year?: number;
}

export class TriggerQueryDto {
  @ApiPropertyOptional({ example: '2024-06-03', description: 'default today' }) @IsOptional() @IsDay() asOf?: string;
}

export class ReportRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) seriesId: string | null;
  @ApiProperty() number: string;
  @ApiProperty() issuer: string;
  @ApiProperty() title: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: PERIODS }) period: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ description: 'departments asked' }) departments: number;
  @ApiProperty() onTime: number;
  @ApiProperty() late: number;
  @ApiProperty() notYet: number;
}
export class AnswerStateDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ type: String, nullable: true }) number: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) issuedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) fileName: string | null;
  @ApiProperty({ enum: STATES, description: 'on_time (đúng hạn), late (trễ hạn), not_yet (chưa gửi)' }) state: string;
  @ApiProperty({ description: 'not answered and past the due date' }) overdue: boolean;
}
export class ReportRequestDetailDto extends ReportRequestDto {
  @ApiProperty({ type: [AnswerStateDto] }) answers: AnswerStateDto[];
}
export class ReportRequestListDto {
  @ApiProperty({ type: [ReportRequestDto] }) items: ReportRequestDto[];
}
export class GridPeriodDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: PERIODS }) period: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
}
export class GridCellDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ enum: STATES }) state: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: String, nullable: true }) number: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) issuedOn: string | null;
}
export class GridRowDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ type: [GridCellDto], description: 'one per period, in the order of periods' }) cells: GridCellDto[];
}
export class ReportGridDto {
  @ApiProperty({ format: 'uuid' }) seriesId: string;
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [GridPeriodDto] }) periods: GridPeriodDto[];
  @ApiProperty({ type: [GridRowDto] }) rows: GridRowDto[];
}
export class ReportCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}
export class ReportSeriesDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: string;
  @ApiProperty() issuer: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: RECURRENCES }) recurrence: string;
  @ApiProperty() dueDay: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) groupId: string | null;
  @ApiProperty({ type: String, nullable: true }) groupName: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) departmentIds: string[];
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endsOn: string | null;
  @ApiProperty({ description: 'the periods whose request has been made so far' }) periods: number;
}
export class ReportSeriesListDto {
  @ApiProperty({ type: [ReportSeriesDto] }) items: ReportSeriesDto[];
}
