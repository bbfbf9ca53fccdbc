import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { preparedQuery } from '@app/database';
import { storeUnavailable } from './login-throttle';
import { SESSION_MARKS, SessionMarks } from './session-marks';
import { Role } from './user.entity';

/** What every token we sign carries: the user, its token version, an id of its own, an expiry. */
export interface TokenClaims {
  sub: string;
  /** The user's token_version when signed: a bump ends every earlier token. */
  tv: number;
  jti: string;
  /** Seconds since the epoch; a token without it is refused. */
  exp: number;
}

/** A signed-in request: who, and which token (to end it). */
export interface Session {
  actor: Actor;
  mustChangePassword: boolean;
  jti: string;
  /** ms since the epoch */
  expiresAt: number;
}

interface CachedUser {
  actor: Actor;
  tokenVersion: number;
  mustChangePassword: boolean;
}

// A backstop only: a change made through the API reaches every process at once (see userChanged);
// one made behind its back (SQL by hand) within this many milliseconds.
const USER_CACHE_MS = 10_000;
// Both caches are cleared when they grow past this: a bound on memory, not an eviction policy.
const CACHE_LIMIT = 50_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const unauthorized = () => new DomainError('unauthorized', 'sign in first: a valid bearer token is required');
export const sessionEnded = () =>
  new DomainError('unauthorized', 'this session has ended (signed out, or the password or the access changed): sign in again', undefined, 'SESSION_ENDED');

/**
 * The one place that signs tokens and turns a token into a session (the API's guard and the
 * queue dashboard both ask here). A request costs one Redis round trip (MGET of the token's
 * "ended" mark and the user's revision counter; with REDIS_URL=embedded one indexed read of
 * session_marks, see session-marks.ts), shared by every API process, so a sign-out or
 * a change of the user is seen by all of them at once; the user row itself is read from
 * PostgreSQL only when its revision moved (or after USER_CACHE_MS).
 */
@Injectable()
export class TokenService {
  /**
   * Tokens already verified. A client sends the same token for hours and verifying it costs more
   * than the rest of a simple request; a signature cannot become valid or invalid later, so the
   * check is remembered, and expiry checked each time.
   */
  private readonly verified = new Map<string, TokenClaims>();
  private readonly users = new Map<string, { revision: string | null; user: CachedUser | null; until: number }>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(SESSION_MARKS) private readonly marks: SessionMarks,
    private readonly dataSource: DataSource,
  ) {}

  /** A fresh token of the user's current token version (exp from JWT_EXPIRES_IN). */
  sign(user: { id: string; tokenVersion: number }): Promise<string> {
    return this.jwt.signAsync({ sub: user.id, tv: user.tokenVersion, jti: randomUUID() });
  }

  /**
   * The session a bearer token opens. 401 UNAUTHORIZED for a token that is not ours, expired or
   * of an unknown or deactivated user; 401 SESSION_ENDED for one signed out or of an older token
   * version; 503 when Redis (or session_marks) cannot be reached (never let a token through unchecked).
   */
  async authenticate(token: string): Promise<Session> {
    const claims = await this.verify(token);
    let ended: boolean;
    let revision: string | null;
    try {
      ({ ended, revision } = await this.marks.read(claims.jti, claims.sub));
    } catch {
      throw storeUnavailable('signing in', this.marks.store);
    }
    if (ended) throw sessionEnded();
    let user = await this.user(claims.sub, revision, false);
    // a token newer than the cached row: its change may be committed and not yet announced
    if (user && user.tokenVersion < claims.tv) user = await this.user(claims.sub, revision, true);
    if (!user) throw unauthorized();
    if (user.tokenVersion !== claims.tv) throw sessionEnded();
    return { actor: user.actor, mustChangePassword: user.mustChangePassword, jti: claims.jti, expiresAt: claims.exp * 1000 };
  }

  /** Ends one token (sign-out), in every process: marked (Redis, or session_marks) until it would have expired. */
  async end(session: Pick<Session, 'jti' | 'expiresAt'>): Promise<void> {
    const seconds = Math.max(1, Math.ceil((session.expiresAt - Date.now()) / 1000));
    try {
      await this.marks.end(session.jti, seconds);
    } catch {
      throw storeUnavailable('signing out', this.marks.store);
    }
  }

  /**
   * Tells every API process that a user changed (role, department, activity, token version):
   * each reads the row again on its next request. Call after the change is committed.
   */
  async userChanged(userId: string): Promise<void> {
    try {
      await this.marks.bump(userId);
    } catch {
      throw storeUnavailable('ending the sessions of a changed user', this.marks.store);
    }
  }

  private async verify(token: string): Promise<TokenClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > Date.now()) return known;
      this.verified.delete(token);
      throw unauthorized();
    }
    let claims: Partial<TokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<Partial<TokenClaims>>(token);
    } catch {
      throw unauthorized();
    }
    // every token we sign has all four: one without exp (or without a session id) is refused
    if (typeof claims.exp !== 'number' || typeof claims.tv !== 'number' || typeof claims.jti !== 'string' || typeof claims.sub !== 'string' || !UUID.test(claims.sub)) {
      throw unauthorized();
    }
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    this.verified.set(token, claims as TokenClaims);
    return claims as TokenClaims;
  }

  private async user(id: string, revision: string | null, fresh: boolean): Promise<CachedUser | null> {
    const now = Date.now();
    const hit = this.users.get(id);
    if (!fresh && hit && hit.revision === revision && hit.until > now) return hit.user;
    const [row] = await preparedQuery<{ role: Role; department_id: string | null; token_version: number; must_change_password: boolean }>(
      this.dataSource,
      `SELECT role, department_id, token_version, must_change_password FROM users WHERE id = $1 AND active`,
      [id],
    );
    const user = row
      ? { actor: { id, role: row.role, departmentId: row.department_id }, tokenVersion: row.token_version, mustChangePassword: row.must_change_password }
      : null;
    if (this.users.size > CACHE_LIMIT) this.users.clear();
    this.users.set(id, { revision, user, until: now + USER_CACHE_MS });
    return user;
  }
}
