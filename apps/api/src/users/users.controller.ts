import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '@app/common';
import { Role, ROLES, UsersService } from '@app/users';
import { Roles } from '../http/auth.guard';
import { IdPipe } from '../http/id.pipe';
import { ApiPageResponse } from '../http/responses';

/** A user as the API shows it: never a password hash or a token version. */
export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'daumoi.stttt@example.gov.vn' }) email: string;
  @ApiProperty({ example: 'Nguyễn Văn A' }) fullName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'a focal point\'s department; null for other roles' }) departmentId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'true: the user must change the password (POST /me/password) before anything else' }) mustChangePassword: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(320) email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) fullName: string;
  @ApiProperty({ minLength: 8 }) @IsString() @MinLength(8) @MaxLength(200) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'required for focal_point, absent or null otherwise' })
  @IsOptional()
  @IsUUID()
  departmentId?: string | null;
}
export class UpdateUserDto extends PartialType(CreateUserDto) {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty({ description: 'the version you read (required); a stale one answers 409 USER_VERSION_STALE' }) @IsInt() version: number;
}

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users (admin)' })
  @ApiPageResponse(UserDto)
  list(@Query() query: PageQuery) {
    return this.users.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (admin); a focal point needs its department' })
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() body: CreateUserDto) {
    return this.users.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (admin)' })
  @ApiOkResponse({ type: UserDto })
  get(@Param('id', IdPipe) id: string) {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Edit a user (admin): role, department, password, active; `version` required. A new password, a deactivation, a new role or department ends the user\'s tokens at once; in production a new password must be changed by its user at first sign-in',
  })
  @ApiOkResponse({ type: UserDto })
  update(@Param('id', IdPipe) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(id, body);
  }

  @Post(':id/unlock')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the failed sign-ins of this user, from every address (admin)' })
  @ApiNoContentResponse()
  async unlock(@Param('id', IdPipe) id: string): Promise<void> {
    await this.users.unlock(id);
  }
}
