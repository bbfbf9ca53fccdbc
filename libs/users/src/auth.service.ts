import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as bcrypt from 'bcryptjs';
import Redis from 'ioredis';
import { DomainError } from '@app/common';
import { REDIS } from '@app/queue/redis.provider';
import { UsersService } from './users.service';

/** After this many failed sign-ins for one e-mail, or from one address (an office shares one), wait. */
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 50;
const WINDOW_SECONDS = 15 * 60;
// Compared against when the e-mail is unknown, so both failures take the same time.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', 10);

export interface TokenClaims {
  sub: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async login(email: string, password: string, clientIp: string): Promise<{ accessToken: string }> {
    const keys = [`login-fail:email:${email.trim().toLowerCase()}`, `login-fail:ip:${clientIp}`];
    const counts = await this.redis.mget(...keys);
    if (Number(counts[0]) >= MAX_FAILURES_PER_EMAIL || Number(counts[1]) >= MAX_FAILURES_PER_IP) {
      const ttl = Math.max(...(await Promise.all(keys.map((k) => this.redis.ttl(k)))));
      throw new DomainError('too_many_requests', `too many failed sign-ins; try again in ${Math.ceil(Math.max(ttl, 60) / 60)} minutes`);
    }
    const user = await this.users.findForLogin(email);
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      const tx = this.redis.multi();
      for (const key of keys) tx.incr(key).expire(key, WINDOW_SECONDS);
      await tx.exec();
      throw new DomainError('unauthorized', 'wrong e-mail or password');
    }
    await this.redis.del(keys[0]);
    return { accessToken: await this.jwt.signAsync({ sub: user.id } satisfies TokenClaims) };
  }
}
