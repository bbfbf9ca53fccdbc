import { Injectable } from '@nestjs/common';
import { DomainError, forbidden, invalid } from '@app/common';
import { LoginThrottle } from './login-throttle';
import { passwords } from './passwords';
import { Session, TokenService, unauthorized } from './token.service';
import { Role } from './user.entity';
import { UsersService } from './users.service';

export interface SignedIn {
  accessToken: string;
  /** True: every route but GET /me, POST /me/password and POST /auth/logout answers 403 PASSWORD_CHANGE_REQUIRED until it is changed. */
  mustChangePassword: boolean;
}

/** What a route asks of the token's holder. */
export interface SessionNeeds {
  /** Only these roles (403 FORBIDDEN for others); none: any signed-in user. */
  roles?: readonly Role[];
  /** Open to a user who must still change a password someone else chose (else 403 PASSWORD_CHANGE_REQUIRED). */
  beforePasswordChange?: boolean;
}

/** Sign-in, sign-out, a user's change of its own password, and the one way a token becomes an actor. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Counted before the password is checked (429 LOGIN_THROTTLED past a limit); `address` is the client's, as Fastify's trustProxy sees it. */
  async login(email: string, password: string, address: string): Promise<SignedIn> {
    await this.throttle.attempt(email, address);
    const user = await this.users.findForLogin(email);
    if (!(await passwords.matches(password, user?.passwordHash)) || !user) {
      throw new DomainError('unauthorized', 'wrong e-mail or password');
    }
    await this.throttle.succeeded(email, address);
    return { accessToken: await this.tokens.sign(user), mustChangePassword: user.mustChangePassword };
  }

  /**
   * The session of a token, for the API's guard and the queue dashboard alike: missing, expired,
   * tampered tokens and unknown users 401 UNAUTHORIZED, ended sessions 401 SESSION_ENDED, Redis
   * down 503 (TokenService.authenticate); then the forced password change, then the role.
   */
  async authorize(token: string | undefined, needs: SessionNeeds = {}): Promise<Session> {
    if (!token) throw unauthorized();
    const session = await this.tokens.authenticate(token);
    if (session.mustChangePassword && !needs.beforePasswordChange) {
      throw forbidden('change your password first (POST /me/password): it was chosen by someone else', 'PASSWORD_CHANGE_REQUIRED');
    }
    if (needs.roles && !needs.roles.includes(session.actor.role)) throw forbidden(`this needs the role ${needs.roles.join(' or ')}`);
    return session;
  }

  /** Ends the token of this request, in every API process. */
  logout(session: Session): Promise<void> {
    return this.tokens.end(session);
  }

  /**
   * The user's own change: the current password is checked (counted as a sign-in attempt, so a
   * stolen token cannot be used to guess it), every earlier token ends, and a fresh one is answered.
   */
  async changePassword(session: Session, currentPassword: string, newPassword: string, address: string): Promise<SignedIn> {
    if (newPassword === currentPassword) throw invalid('newPassword: must differ from the current password', undefined, 'PASSWORD_UNCHANGED');
    const user = await this.users.findWithHash(session.actor.id);
    await this.throttle.attempt(user.email, address);
    if (!(await passwords.matches(currentPassword, user.passwordHash))) {
      throw invalid('currentPassword: is not your current password', undefined, 'CURRENT_PASSWORD_WRONG');
    }
    await this.throttle.succeeded(user.email, address);
    const changed = await this.users.setOwnPassword(user.id, newPassword);
    return { accessToken: await this.tokens.sign(changed), mustChangePassword: false };
  }
}
