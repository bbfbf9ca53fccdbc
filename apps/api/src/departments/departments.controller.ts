import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '@app/common';
import { DepartmentsService } from '@app/departments';
import { Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';

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
export class UpdateDepartmentDto extends PartialType(CreateDepartmentDto) {
  @ApiPropertyOptional({ description: 'the version you read; a stale one answers 409' }) @IsOptional() @IsInt() version?: number;
}
export class CreateGroupDto extends CreateDepartmentDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) departmentIds?: string[];
}
export class UpdateGroupDto extends PartialType(CreateGroupDto) {
  @ApiPropertyOptional({ description: 'the version you read; a stale one answers 409' }) @IsOptional() @IsInt() version?: number;
}

@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @ApiOperation({ summary: 'List departments (everyone signed in)' })
  list(@Query() query: PageQuery) {
    return this.departments.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One department' })
  get(@Param('id', IdPipe) id: string) {
    return this.departments.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a department (admin); code and name unique' })
  create(@Body() body: CreateDepartmentDto) {
    return this.departments.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Edit a department (admin)' })
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
  list(@Query() query: PageQuery) {
    return this.departments.listGroups(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One department group' })
  get(@Param('id', IdPipe) id: string) {
    return this.departments.getGroup(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a department group (admin)' })
  create(@Body() body: CreateGroupDto) {
    return this.departments.createGroup(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Edit a group or its members (admin); existing collective tasks keep their children' })
  update(@Param('id', IdPipe) id: string, @Body() body: UpdateGroupDto) {
    return this.departments.updateGroup(id, body);
  }
}
