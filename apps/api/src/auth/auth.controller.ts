import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { AuthService, UsersService } from '@app/users';
import { Actor, CurrentActor, Public } from '../http/auth.guard';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.gov.vn' }) @IsString() @MinLength(3) @MaxLength(320) email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password: string;
}
class TokenDto {
  @ApiProperty({ description: 'JWT; send as `Authorization: Bearer …`' }) accessToken: string;
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; repeated failures are throttled (429)' })
  @ApiOkResponse({ type: TokenDto })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenDto> {
    return this.auth.login(body.email, body.password, ip);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user, with role and department' })
  me(@CurrentActor() actor: Actor) {
    return this.users.get(actor.id);
  }
}
