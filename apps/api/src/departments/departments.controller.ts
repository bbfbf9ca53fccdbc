import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, IntersectionType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '@app/common';
import { DepartmentsService } from '@app/departments';
import { Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';
import { ApiPageResponse } from '../http/responses';
import { VersionField } from '../http/version';

class DepartmentFieldsDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'STTTT' }) code: string;
  @ApiProperty({ example: 'Sở Thông tin và Truyền thông' }) name: string;
  @ApiProperty({ type: [String], example: ['Sở TTTT'] }) aliases: string[];
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
export class DepartmentDto extends DepartmentFieldsDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the head (lãnh đạo đơn vị): overdue tasks climb to them (REMINDER_ESCALATION)' }) headUserId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the committee member the department belongs to (thành viên Ban Chỉ đạo)' }) committeeMemberId: string | null;
}
export class DepartmentGroupDto extends DepartmentFieldsDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'its member departments' }) departmentIds: string[];
}

export class CreateDepartmentDto {
  @ApiProperty({ example: 'STTTT' }) @IsString() @Matches(/^[A-Za-z0-9_.-]{1,40}$/, { message: 'code must be 1–40 letters, digits, _ . or -' }) code: string;
  @ApiProperty({ example: 'Sở Thông tin và Truyền thông' }) @IsString() @MinLength(1) @MaxLength(300) name: string;
  @ApiPropertyOptional({ example: ['Sở TTTT', 'Sở TT&TT'], type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  aliases?: string[];
}
export class DepartmentLeadersDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'an active user with role viewer; null clears' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() headUserId?: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'an active user with role viewer; null clears' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() committeeMemberId?: string | null;
}
export class CreateDepartmentWithLeadersDto extends IntersectionType(CreateDepartmentDto, DepartmentLeadersDto) {}
export class UpdateDepartmentDto extends PartialType(CreateDepartmentWithLeadersDto) {
  @VersionField('department') version: number;
}
export class CreateGroupDto extends CreateDepartmentDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) departmentIds?: string[];
}
export class UpdateGroupDto extends PartialType(CreateGroupDto) {
  @VersionField('department group') version: number;
}

@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @ApiOperation({ summary: 'List departments (everyone signed in)' })
  @ApiPageResponse(DepartmentDto)
  list(@Query() query: PageQuery) {
    return this.departments.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One department' })
  @ApiOkResponse({ type: DepartmentDto })
  get(@Param('id', IdPipe) id: string) {
    return this.departments.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a department (admin); code and name unique' })
  @ApiCreatedResponse({ type: DepartmentDto })
  create(@Body() body: CreateDepartmentWithLeadersDto) {
    return this.departments.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Edit a department (admin); send the version you read (409 DEPARTMENT_VERSION_STALE when it changed since)' })
  @ApiOkResponse({ type: DepartmentDto })
  update(@Param('id', IdPipe) id: string, @Body() body: UpdateDepartmentDto) {
    return this.departments.update(id, body);
  }
}

@ApiTags('departments')
@ApiBearerAuth()
@Controller('department-groups')
export class DepartmentGroupsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @ApiOperation({ summary: 'List department groups with their member ids' })
  @ApiPageResponse(DepartmentGroupDto)
  list(@Query() query: PageQuery) {
    return this.departments.listGroups(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One department group' })
  @ApiOkResponse({ type: DepartmentGroupDto })
  get(@Param('id', IdPipe) id: string) {
    return this.departments.getGroup(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a department group (admin)' })
  @ApiCreatedResponse({ type: DepartmentGroupDto })
  create(@Body() body: CreateGroupDto) {
    return this.departments.createGroup(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Edit a group or its members (admin); existing collective tasks keep their children; send the version you read (409 DEPARTMENT_GROUP_VERSION_STALE)',
  })
  @ApiOkResponse({ type: DepartmentGroupDto })
  update(@Param('id', IdPipe) id: string, @Body() body: UpdateGroupDto) {
    return this.departments.updateGroup(id, body);
  }
}
