import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Actor, DomainError, forbidden } from '@app/common';
import { Role, TokenClaims, User } from '@app/users';

export type { Actor };

const PUBLIC = 'public';
const ROLES = 'roles';
/** No sign-in needed (login, health). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles; without it, any signed-in user. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);

// A deactivated user or a changed role takes effect within this many milliseconds,
// without a database read on every request.
const USER_CACHE_MS = 10_000;

/**
 * Every route needs a valid bearer token unless marked @Public; @Roles narrows it.
 * Missing, expired, tampered tokens and unknown users all answer the same 401.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly cache = new Map<string, { actor: Actor | null; until: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const actor = await this.authenticate(request.headers.authorization);
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(actor.role)) throw forbidden(`this needs the role ${roles.join(' or ')}`);
    return true;
  }

  private async authenticate(header: unknown): Promise<Actor> {
    const unauthorized = new DomainError('unauthorized', 'sign in first: a valid bearer token is required');
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) throw unauthorized;
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(header.slice(7).trim());
    } catch {
      throw unauthorized;
    }
    const actor = await this.loadActor(claims.sub);
    if (!actor) throw unauthorized;
    return actor;
  }

  private async loadActor(id: string): Promise<Actor | null> {
    const now = Date.now();
    const hit = this.cache.get(id);
    if (hit && hit.until > now) return hit.actor;
    const user = typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? await this.users.findOneBy({ id, active: true }) : null;
    const actor = user ? { id: user.id, role: user.role, departmentId: user.departmentId } : null;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(id, { actor, until: now + USER_CACHE_MS });
    return actor;
  }
}
