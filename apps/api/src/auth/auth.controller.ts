import { Body, Controller, Get, HttpCode, Inject, Ip, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiForbiddenResponse, ApiPropertyOptional, ApiQuery, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, CONFIG } from '@app/config';
import { DomainError } from '@app/common';
import { AuthService, SignedIn, UsersService } from '@app/users';
import { Actor, AllowedBeforePasswordChange, CurrentActor, CurrentSession, Public, Session, ViaCookie } from '../http/auth.guard';
import { clearSessionCookie, setSessionCookie } from '../http/session-cookie';
import { UserDto } from '../users/users.controller';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.gov.vn' }) @IsString() @MinLength(3) @MaxLength(320) email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password: string;
}
export class ChangePasswordDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) currentPassword: string;
  @ApiProperty({ minLength: 8, description: 'at least 8 characters, not the current password' }) @IsString() @MinLength(8) @MaxLength(200) newPassword: string;
}
class SignInDto {
  @ApiPropertyOptional({ description: 'JWT (expires after JWT_EXPIRES_IN); send as `Authorization: Bearer …`. Absent when signed in by the cookie (`?cookie=true`, the web pages): the token is then the cookie, never in a body' })
  accessToken?: string;
  @ApiProperty({ description: 'true: change the password (POST /me/password) before anything else; other routes answer 403 PASSWORD_CHANGE_REQUIRED' })
  mustChangePassword: boolean;
}

/** A 429 carries Retry-After (the error filter writes the body; a header set here stays on the reply). */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const seconds = error instanceof DomainError ? error.details?.retryAfterSeconds : undefined;
    if (typeof seconds === 'number') reply.header('Retry-After', String(seconds));
    throw error;
  }
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in; failures are counted per account and address, per account, per address: past a limit 429 LOGIN_THROTTLED with Retry-After',
    description:
      'With `?cookie=true` (the web pages) the token is set as an httpOnly, SameSite=Strict cookie that page scripts cannot read, and the answer carries only `mustChangePassword`; changes made with that cookie must come from this origin (403 CROSS_SITE_REQUEST).',
  })
  @ApiOkResponse({ type: SignInDto })
  @ApiTooManyRequestsResponse({ description: 'LOGIN_THROTTLED; Retry-After says how many seconds to wait' })
  @ApiQuery({ name: 'cookie', required: false, type: Boolean })
  async login(
    @Body() body: LoginDto,
    @Ip() ip: string,
    @Query('cookie') cookie: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignInDto> {
    // @Ip() is Fastify's request.ip: X-Forwarded-For is believed only as TRUST_PROXY says
    const signedIn = await withRetryAfter(reply, () => this.auth.login(body.email, body.password, ip));
    return this.answer(signedIn, cookie === 'true', request, reply);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Ends the token of this request, in every API process' })
  @ApiNoContentResponse()
  async logout(@CurrentSession() session: Session, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(session);
    clearSessionCookie(reply, request);
  }

  @Post('me/password')
  @HttpCode(200)
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change my password: every earlier token of mine ends; answers a fresh token' })
  @ApiOkResponse({ type: SignInDto, description: 'signed in by the cookie: the fresh token is set as the cookie, not in the body' })
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentSession() session: Session,
    @Ip() ip: string,
    @ViaCookie() viaCookie: boolean,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignInDto> {
    const signedIn = await withRetryAfter(reply, () => this.auth.changePassword(session, body.currentPassword, body.newPassword, ip));
    return this.answer(signedIn, viaCookie, request, reply);
  }

  /** A Bearer client gets its token; the web pages get it as their cookie, never in the body. */
  private answer(signedIn: SignedIn, asCookie: boolean, request: FastifyRequest, reply: FastifyReply): SignInDto {
    if (!asCookie) return signedIn;
    setSessionCookie(reply, request, signedIn.accessToken, this.config.jwtExpiresInSeconds);
    return { mustChangePassword: signedIn.mustChangePassword };
  }

  @Get('me')
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user, with role, department and mustChangePassword' })
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ description: 'never PASSWORD_CHANGE_REQUIRED: open before the change' })
  me(@CurrentActor() actor: Actor) {
    return this.users.get(actor.id);
  }
}
