import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '@app/common';
import { Role, ROLES, UsersService } from '@app/users';
import { Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(320) email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) fullName: string;
  @ApiProperty({ minLength: 8 }) @IsString() @MinLength(8) @MaxLength(200) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ description: 'required for focal_point, absent otherwise', nullable: true })
  @IsOptional()
  @IsUUID()
  departmentId?: string | null;
}
export class UpdateUserDto extends PartialType(CreateUserDto) {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: 'the version you read; a stale one answers 409' }) @IsOptional() @IsInt() version?: number;
}

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users (admin)' })
  list(@Query() query: PageQuery) {
    return this.users.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (admin); a focal point needs its department' })
  create(@Body() body: CreateUserDto) {
    return this.users.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (admin)' })
  get(@Param('id', IdPipe) id: string) {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a user: role, department, password, active (admin)' })
  update(@Param('id', IdPipe) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(id, body);
  }
}
