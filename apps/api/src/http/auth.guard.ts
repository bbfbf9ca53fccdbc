import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor } from '@app/common';
import { AppConfig, CONFIG } from '@app/config';
import { AuthService, Role, Session, unauthorized } from '@app/users';
import { checkCookieOrigin, sessionCookieToken } from './session-cookie';

export type { Actor, Session };

const PUBLIC = 'public';
const ROLES = 'roles';
const BEFORE_PASSWORD_CHANGE = 'before-password-change';
/** No sign-in needed (login, health). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles; without it, any signed-in user. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
/** Open to a user who must still change a password someone else chose (GET /me, POST /me/password, POST /auth/logout). */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE, true);
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);
/** True when this request was signed in by the web pages' cookie, not a Bearer header. */
export const ViaCookie = createParamDecorator((_: unknown, ctx: ExecutionContext): boolean => ctx.switchToHttp().getRequest().viaCookie === true);
/** The token of this request, to end it. */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): Session => ctx.switchToHttp().getRequest().session);

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(header: unknown): string | undefined {
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() || undefined : undefined;
}

/**
 * Every route needs a valid token unless marked @Public; @Roles narrows it. The token comes in
 * the Authorization header, else in the web pages' sign-in cookie (http/session-cookie.ts, whose
 * changes must come from this origin). It is turned into a session by AuthService.authorize (the
 * queue dashboard asks the same): missing, expired, tampered tokens and unknown users all answer
 * the same 401; ended sessions 401 SESSION_ENDED; then the forced password change and the roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const bearer = bearerToken(request.headers.authorization);
    const token = bearer ?? sessionCookieToken(request);
    if (!token) throw unauthorized();
    if (!bearer) checkCookieOrigin(request, this.config.corsOrigins);
    const session = await this.auth.authorize(token, {
      roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets),
      beforePasswordChange: this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE, targets),
    });
    request.viaCookie = !bearer;
    request.actor = session.actor;
    request.session = session;
    return true;
  }
}
