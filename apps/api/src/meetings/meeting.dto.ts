import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '@app/common';
import { IsDay } from '../http/dto';

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
