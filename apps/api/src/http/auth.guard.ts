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
// Both caches are cleared when they grow past this: a bound on memory, not an eviction policy.
const CACHE_LIMIT = 50_000;

const unauthorized = () => new DomainError('unauthorized', 'sign in first: a valid bearer token is required');

/**
 * Every route needs a valid bearer token unless marked @Public; @Roles narrows it.
 * Missing, expired, tampered tokens and unknown users all answer the same 401.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly cache = new Map<string, { actor: Actor | null; until: number }>();
  /**
   * Tokens already verified, with their subject and expiry. A client sends the same token for
   * hours and verifying it costs more than the rest of a simple request (jsonwebtoken first
   * tries the secret as a PEM public key, failing, on every call); a token's signature cannot
   * become valid or invalid later, so the check is remembered, and expiry checked each time.
   */
  private readonly verified = new Map<string, { sub: string; expiresAt: number }>();

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
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) throw unauthorized();
    const sub = await this.subjectOf(header.slice(7).trim());
    const actor = await this.loadActor(sub);
    if (!actor) throw unauthorized();
    return actor;
  }

  private async subjectOf(token: string): Promise<string> {
    const now = Date.now();
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt > now) return known.sub;
      this.verified.delete(token);
      throw unauthorized();
    }
    let claims: TokenClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & { exp?: number }>(token);
    } catch {
      throw unauthorized();
    }
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    // every token we sign expires; one without exp is still only trusted for the user cache's span
    this.verified.set(token, { sub: claims.sub, expiresAt: claims.exp ? claims.exp * 1000 : now + USER_CACHE_MS });
    return claims.sub;
  }

  private async loadActor(id: string): Promise<Actor | null> {
    const now = Date.now();
    const hit = this.cache.get(id);
    if (hit && hit.until > now) return hit.actor;
    const user = typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? await this.users.findOneBy({ id, active: true }) : null;
    const actor = user ? { id: user.id, role: user.role, departmentId: user.departmentId } : null;
    if (this.cache.size > CACHE_LIMIT) this.cache.clear();
    this.cache.set(id, { actor, until: now + USER_CACHE_MS });
    return actor;
  }
}
