import { Injectable } from '@nestjs/common';
import { DomainError, invalid } from '@app/common';
import { LoginThrottle } from './login-throttle';
import { passwords } from './passwords';
import { Session, TokenService } from './token.service';
import { UsersService } from './users.service';


export interface SignedIn {
  accessToken: string;
  /** True: every route but GET /me, POST /me/password and POST /auth/logout answers 403 PASSWORD_CHANGE_REQUIRED until it is changed. */
  mustChangePassword: boolean;
}

/** Sign-in, sign-out, a user's change of its own password. */
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
