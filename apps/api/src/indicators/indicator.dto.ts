import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { PageQuery } from '@app/common';
import { INDICATOR_STATUSES, PERIODS, Period, VALUE_KINDS, ValueKind } from '@app/indicators';
import { IsDay, toBoolean } from '../http/dto';

const PERIOD_DOC = 'M1…M12 a month, Q1…Q4 a quarter, 6M the first 6 months, 9M the first 9 months, Y the year';
const REVIEW_STATUSES = ['reported', 'confirmed', 'returned'];
const Year = () => Type(() => Number);

export class TargetInputDto {
  @ApiProperty({ example: 2024 }) @IsInt({ message: 'targets.year must be a whole year' }) @Min(1900) @Max(2200) year: number;
  @ApiPropertyOptional({ example: 17, description: 'the target as one number; or text' }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-1e15) @Max(1e15) value?: number;
  @ApiPropertyOptional({ example: '100% cấp tỉnh, 80% cấp huyện, 40% cấp xã', description: 'a compound target as written; its percentages are kept as parts' })
  @IsOptional() @IsString() @MaxLength(2000) text?: string;
}

export class CreateIndicatorDto {
  @ApiProperty({ example: '7', description: 'the number in the decision (1, 2 …; a sub-indicator 7.1); unique per decision' }) @IsString() @MinLength(1) @MaxLength(50) code: string;
  @ApiProperty({ example: 'Số giờ phát sóng phát thanh' }) @IsString() @MinLength(1) @MaxLength(2000) name: string;
  @ApiPropertyOptional({ example: 'Giờ/ năm' }) @IsOptional() @IsString() @MaxLength(100) unit?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the responsible department; a sub-indicator takes its parent\'s when omitted' }) @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the indicator this one is part of ("Trong đó: …")' }) @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the assigning decision as a plan of the tracker; or decisionNumber and decisionDate' }) @IsOptional() @IsUUID() planId?: string;
  @ApiPropertyOptional({ example: '1508/QĐ-UBND' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) decisionNumber?: string;
  @ApiPropertyOptional({ example: '2024-12-20' }) @IsOptional() @IsDay() decisionDate?: string;
  @ApiPropertyOptional({ example: 2023, description: 'the year of the baseline (the value of the previous year)' }) @IsOptional() @IsInt() @Min(1900) @Max(2200) baselineYear?: number;
  @ApiPropertyOptional({ example: 20659 }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-1e15) @Max(1e15) baselineValue?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) baselineText?: string;
  @ApiPropertyOptional({ type: [TargetInputDto] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => TargetInputDto) targets?: TargetInputDto[];
}

export class ValueInputDto {
  @ApiProperty({ example: 2024 }) @IsInt({ message: 'year must be a whole year' }) @Min(1900) @Max(2200) year: number;
  @ApiProperty({ enum: PERIODS, description: PERIOD_DOC }) @IsIn(PERIODS as unknown as string[], { message: `period must be one of ${PERIODS.join(', ')}` }) period: Period;
  @ApiProperty({ enum: VALUE_KINDS, description: 'estimate = ước thực hiện; final = số chính thức; kept apart' }) @IsIn(VALUE_KINDS as unknown as string[], { message: 'kind must be estimate or final' }) kind: ValueKind;
  @ApiPropertyOptional({ example: 16.7, description: 'the value as one number; or text' }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a number' }) @Min(-1e15) @Max(1e15) value?: number;
  @ApiPropertyOptional({ example: '100% cấp tỉnh, 60% cấp huyện, 30% cấp xã', description: 'a compound value as written; its percentages are compared with the target\'s, part by part' })
  @IsOptional() @IsString() @MaxLength(2000) text?: string;
  @ApiPropertyOptional({ description: 'the department\'s note' }) @IsOptional() @IsString() @MaxLength(5000) note?: string;
  @ApiPropertyOptional({ description: 'the version of the value of this period and kind you read; required to replace one (a stale one answers 409)' })
  @IsOptional() @IsInt({ message: 'version must be an integer' }) @Min(1) version?: number;
}

export class ValueReviewDto {
  @ApiProperty({ description: 'true confirms the reported value; false returns it (it no longer counts) and needs a note' }) @IsBoolean() confirm: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
  @ApiProperty({ description: 'the version of the value you read; a stale one answers 409', example: 1 }) @IsInt({ message: 'version is required: the version of the value you read' }) @Min(1) version: number;
}

export class StandingQueryDto {
  @ApiProperty({ example: 2024 }) @Year() @IsInt({ message: 'year must be a whole year' }) @Min(1900) @Max(2200) year: number;
  @ApiProperty({ enum: PERIODS, description: PERIOD_DOC, example: '6M' }) @IsIn(PERIODS as unknown as string[], { message: `period must be one of ${PERIODS.join(', ')}` }) period: Period;
  @ApiPropertyOptional({ enum: VALUE_KINDS, description: 'default: the final value where there is one, else the estimate' })
  @IsOptional() @IsIn(VALUE_KINDS as unknown as string[], { message: 'kind must be estimate or final' }) kind?: ValueKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the indicators this plan assigned' }) @IsOptional() @IsUUID() planId?: string;
  @ApiPropertyOptional({ example: '36/QĐ-UBND', description: 'the indicators this document assigned (not a plan of the tracker)' }) @IsOptional() @IsString() @MaxLength(200) decisionNumber?: string;
}

export class ValuesQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'true: the values waiting for the secretariat\'s review; false: the others' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'awaitingReview must be true or false' }) awaitingReview?: boolean;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() departmentId?: string;
}

export class ImportQueryDto {
  @ApiPropertyOptional({ default: true, description: 'true: answer what would be created and every row error, write nothing' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'dryRun must be true or false' }) dryRun?: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'the responsible department of rows that name none (the file has no such column)' }) @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the assigning decision as a plan; default: the decision a heading names ("Theo QĐ 36/QĐ-UBND ngày 12/01/2024"), as a plan when one has that number' })
  @IsOptional() @IsUUID() planId?: string;
  @ApiPropertyOptional({ example: '30/KH-BCĐCĐS' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) decisionNumber?: string;
  @ApiPropertyOptional({ example: '2024-02-06' }) @IsOptional() @IsDay() decisionDate?: string;
  @ApiPropertyOptional({ description: 'default: the year of the target heading ("Kế hoạch năm 2024")' }) @IsOptional() @Year() @IsInt({ message: 'year must be a whole year' }) @Min(1900) @Max(2200) year?: number;
  @ApiPropertyOptional({ enum: PERIODS, description: `default: the period the value heading names; ${PERIOD_DOC}` })
  @IsOptional() @IsIn(PERIODS as unknown as string[], { message: `period must be one of ${PERIODS.join(', ')}` }) period?: Period;
  @ApiPropertyOptional({ enum: VALUE_KINDS, description: 'default: estimate when the value heading says "Ước", else final' })
  @IsOptional() @IsIn(VALUE_KINDS as unknown as string[], { message: 'kind must be estimate or final' }) kind?: ValueKind;
}

// ---- answers

export class FigureDto {
  @ApiProperty({ type: Number, nullable: true, example: 17 }) value: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'as written, where it is not one number' }) text: string | null;
  @ApiProperty({ type: [Number], description: 'its percentages (a compound target)' }) parts: number[];
}
export class BaselineDto {
  @ApiProperty({ type: Number, nullable: true, example: 2023 }) year: number | null;
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty({ type: String, nullable: true }) text: string | null;
}
export class TargetDto extends FigureDto {
  @ApiProperty({ example: 2024 }) year: number;
}
export class IndicatorValueDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) indicatorId: string;
  @ApiProperty({ example: 2024 }) year: number;
  @ApiProperty({ enum: PERIODS }) period: string;
  @ApiProperty({ enum: VALUE_KINDS }) kind: string;
  @ApiProperty({ type: Number, nullable: true, example: 16.7 }) value: number | null;
  @ApiProperty({ type: String, nullable: true }) text: string | null;
  @ApiProperty({ type: [Number] }) parts: number[];
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ enum: REVIEW_STATUSES, description: 'reported: waiting for review (counts); confirmed; returned (does not count)' }) reviewStatus: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reportedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) reportedAt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reviewedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewNote: string | null;
  @ApiProperty() version: number;
}
export class QueuedValueDto extends IndicatorValueDto {
  @ApiProperty({ example: '7.1' }) indicatorCode: string;
  @ApiProperty() indicatorName: string;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
}
export class CurrentValueDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: VALUE_KINDS }) kind: string;
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty({ type: String, nullable: true }) text: string | null;
  @ApiProperty({ type: [Number] }) parts: number[];
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ enum: REVIEW_STATUSES }) reviewStatus: string;
  @ApiProperty({ type: String, format: 'date-time' }) reportedAt: string;
  @ApiProperty() version: number;
}
export class IndicatorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ example: '7.1' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, example: '%' }) unit: string | null;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) planId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '36/QĐ-UBND' }) planNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionNumber: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) decisionDate: string | null;
  @ApiProperty({ type: BaselineDto, nullable: true }) baseline: BaselineDto | null;
  @ApiProperty({ type: TargetDto, nullable: true, description: 'the target of the year asked' }) target: TargetDto | null;
  @ApiProperty({ type: CurrentValueDto, nullable: true, description: 'the value of the period that counts: the final one over the estimate, never a returned one' }) value: CurrentValueDto | null;
  @ApiProperty({ type: Number, nullable: true, example: 98.24, description: 'value ÷ target × 100, half-up to two decimals; null without a numeric value and target' }) ratio: number | null;
  @ApiProperty({ enum: INDICATOR_STATUSES, description: 'reached (đạt), not_reached, no_value; not_assessed: a value in words only' }) status: string;
  @ApiProperty() version: number;
}
export class HistoryEntryDto {
  @ApiProperty() id: number;
  @ApiProperty({ format: 'uuid' }) valueId: string;
  @ApiProperty({ enum: ['reported', 'imported', 'confirmed', 'returned'] }) action: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: PERIODS }) period: string;
  @ApiProperty({ enum: VALUE_KINDS }) kind: string;
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty({ type: String, nullable: true }) text: string | null;
  @ApiProperty({ enum: REVIEW_STATUSES, description: 'the review status after the change' }) reviewStatus: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
}
export class YearTargetDto extends FigureDto {
  @ApiProperty() year: number;
}
export class IndicatorDetailDto extends IndicatorDto {
  @ApiProperty({ type: [YearTargetDto] }) targets: YearTargetDto[];
  @ApiProperty({ type: [IndicatorValueDto], description: 'every period\'s value, estimate and final' }) values: IndicatorValueDto[];
  @ApiProperty({ type: [HistoryEntryDto] }) history: HistoryEntryDto[];
}
export class IndicatorListDto {
  @ApiProperty({ type: [IndicatorDto] }) items: IndicatorDto[];
}
export class CreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}
export class IndicatorCountsDto {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'đạt' }) reached: number;
  @ApiProperty({ description: 'chưa đạt' }) notReached: number;
  @ApiProperty({ description: 'chưa có số liệu' }) noValue: number;
  @ApiProperty({ description: 'value in words only' }) notAssessed: number;
  @ApiProperty({ description: 'values the secretariat confirmed' }) confirmed: number;
  @ApiProperty({ example: 45.45, description: 'reached ÷ total × 100, half-up to two decimals' }) reachedRate: number;
}
export class DepartmentIndicatorsDto extends IndicatorCountsDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() departmentName: string;
}
export class DecisionIndicatorsDto extends IndicatorCountsDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) planId: string | null;
  @ApiProperty({ type: String, nullable: true }) planNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionNumber: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) decisionDate: string | null;
}
export class IndicatorRollupDto {
  @ApiProperty() year: number;
  @ApiProperty({ enum: PERIODS }) period: string;
  @ApiProperty({ type: IndicatorCountsDto }) total: IndicatorCountsDto;
  @ApiProperty({ type: [DepartmentIndicatorsDto] }) byDepartment: DepartmentIndicatorsDto[];
  @ApiProperty({ type: [DecisionIndicatorsDto] }) byDecision: DecisionIndicatorsDto[];
}
export class ImportedIndicatorRowDto {
  @ApiProperty({ description: 'the row of the file' }) row: number;
  @ApiProperty({ example: '7.1' }) code: string;
  @ApiProperty({ type: String, nullable: true }) parentCode: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) unit: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) departmentId: string | null;
  @ApiProperty({ type: FigureDto, nullable: true }) baseline: FigureDto | null;
  @ApiProperty({ type: FigureDto, nullable: true }) target: FigureDto | null;
  @ApiProperty({ type: FigureDto, nullable: true }) value: FigureDto | null;
  @ApiProperty({ type: Number, nullable: true }) ratio: number | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'the indicator made (real run)' }) id?: string;
}
export class IndicatorFileProblemDto {
  @ApiProperty() row: number;
  @ApiProperty({ description: 'the column heading as written in the file' }) column: string;
  @ApiProperty() text: string;
  @ApiProperty() message: string;
}
export class ImportDecisionDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) planId: string | null;
  @ApiProperty({ type: String, nullable: true }) number: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) date: string | null;
}
export class IndicatorImportResultDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ type: ImportDecisionDto }) decision: ImportDecisionDto;
  @ApiProperty() year: number;
  @ApiProperty({ type: String, enum: PERIODS, nullable: true }) period: string | null;
  @ApiProperty({ enum: VALUE_KINDS }) kind: string;
  @ApiProperty({ type: [ImportedIndicatorRowDto] }) rows: ImportedIndicatorRowDto[];
  @ApiProperty({ type: [IndicatorFileProblemDto] }) errors: IndicatorFileProblemDto[];
  @ApiProperty({ type: [IndicatorFileProblemDto], description: 'what the file says that the rules do not (a printed ratio other than value ÷ target): not errors' }) notes: IndicatorFileProblemDto[];
}
