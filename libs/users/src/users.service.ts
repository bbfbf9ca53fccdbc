import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryDeepPartialEntity, Repository } from 'typeorm';
import { AppConfig, CONFIG } from '@app/config';
import { conflictOnDuplicate, invalid, notFound, Page, PageQuery, pageOf, staleVersion } from '@app/common';
import { DepartmentsService } from '@app/departments';
import { LoginThrottle } from './login-throttle';
import { passwords } from './passwords';
import { TokenService } from './token.service';
import { Role, User } from './user.entity';

export interface UserInput {
  email: string;
  fullName: string;
  password: string;
  role: Role;
  departmentId?: string | null;
}
/** An admin's edit; `version` is the one the admin read (409 USER_VERSION_STALE when it moved). */
export type UserPatch = Partial<UserInput> & { active?: boolean; version: number };

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly departments: DepartmentsService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * In production a password chosen by someone else (ADMIN_PASSWORD, an admin creating or
   * resetting a user) is known to them: its user must change it at first sign-in.
   */
  private get setByOthersMustChange(): boolean {
    return this.config.nodeEnv === 'production';
  }

  async list(query: PageQuery): Promise<Page<User>> {
    const [items, total] = await this.users.findAndCount({
      order: { email: 'ASC' },
      skip: (query.page - 1) * query.limit,
      take: query.limit,
    });
    return pageOf(items, total, query);
  }

  async get(id: string): Promise<User> {
    const found = await this.users.findOneBy({ id });
    if (!found) throw notFound('user', id);
    return found;
  }

  async create(input: UserInput): Promise<User> {
    const departmentId = await this.checkDepartment(input.role, input.departmentId ?? null);
    const user = this.users.create({
      email: input.email.trim().toLowerCase(),
      fullName: input.fullName,
      role: input.role,
      departmentId,
      passwordHash: await passwords.hash(input.password),
      mustChangePassword: this.setByOthersMustChange,
    });
    const saved = await conflictOnDuplicate(() => this.users.save(user), () => 'a user with this email already exists');
    return this.get(saved.id);
  }

  /**
   * One atomic `UPDATE … WHERE id AND version`: of two admins acting on the same version, the
   * second gets 409. A password reset, a deactivation, a change of role or department bumps the
   * token version: every token of the user ends at once, in every API process.
   */
  async update(id: string, patch: UserPatch): Promise<User> {
    const current = await this.get(id);
    if (patch.version !== current.version) throw staleVersion('user', patch.version, current.version);
    const role = patch.role ?? current.role;
    const departmentId = await this.checkDepartment(role, patch.departmentId !== undefined ? patch.departmentId : role === 'focal_point' ? current.departmentId : null);
    const set: QueryDeepPartialEntity<User> = { role, departmentId };
    if (patch.email !== undefined) set.email = patch.email.trim().toLowerCase();
    if (patch.fullName !== undefined) set.fullName = patch.fullName;
    if (patch.active !== undefined) set.active = patch.active;
    if (patch.password !== undefined) {
      set.passwordHash = await passwords.hash(patch.password);
      set.mustChangePassword = this.setByOthersMustChange;
    }
    const endsSessions =
      patch.password !== undefined || (patch.active === false && current.active) || role !== current.role || departmentId !== current.departmentId;
    if (endsSessions) set.tokenVersion = () => 'token_version + 1';
    // TypeORM adds `version = version + 1` and `updated_at` to this UPDATE
    const result = await conflictOnDuplicate(
      () => this.users.createQueryBuilder().update(User).set(set).where('id = :id AND version = :version', { id, version: patch.version }).execute(),
      () => 'a user with this email already exists',
    );
    if (!result.affected) throw staleVersion('user', patch.version, (await this.get(id)).version);
    await this.tokens.userChanged(id);
    return this.get(id);
  }

  /** The user's own new password: every earlier token ends, the forced change is done. */
  async setOwnPassword(id: string, password: string): Promise<User> {
    const hash = await passwords.hash(password);
    const result = await this.users
      .createQueryBuilder()
      .update(User)
      .set({ passwordHash: hash, mustChangePassword: false, tokenVersion: () => 'token_version + 1' })
      .where('id = :id AND active', { id })
      .execute();
    if (!result.affected) throw notFound('user', id);
    await this.tokens.userChanged(id);
    return this.findWithHash(id);
  }

  /** An admin's unlock: the user's failed sign-ins are forgotten, from every address. */
  async unlock(id: string): Promise<void> {
    await this.throttle.unlock((await this.get(id)).email);
  }

  /** The user and its hash and token version, for sign-in only. */
  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect(['u.passwordHash', 'u.tokenVersion'])
      .where('u.email = :email AND u.active', { email: email.trim().toLowerCase() })
      .getOne();
  }

  /** An active user with its hash and token version (a change of one's own password). */
  async findWithHash(id: string): Promise<User> {
    const found = await this.users
      .createQueryBuilder('u')
      .addSelect(['u.passwordHash', 'u.tokenVersion'])
      .where('u.id = :id AND u.active', { id })
      .getOne();
    if (!found) throw notFound('user', id);
    return found;
  }

  /** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when there is no admin yet (in production it must change that password at first sign-in). */
  async ensureFirstAdmin(email?: string, password?: string): Promise<User | null> {
    if (!email || !password) return null;
    if (await this.users.existsBy({ role: 'admin' })) return null;
    const admin = await this.create({ email, password, fullName: 'Quản trị hệ thống', role: 'admin' }).catch(async (error) => {
      // replicas of the API start together: another one made the same first admin a moment ago
      if (await this.users.existsBy({ role: 'admin' })) return null;
      throw error;
    });
    if (!admin) return null;
    this.logger.log(`created the first admin ${admin.email}${admin.mustChangePassword ? ' (must change the password of ADMIN_PASSWORD at first sign-in)' : ''}`);
    return admin;
  }

  /** A focal point belongs to exactly one department; the other roles to none. */
  private async checkDepartment(role: Role, departmentId: string | null): Promise<string | null> {
    if (role !== 'focal_point') {
      if (departmentId) throw invalid('departmentId: only a focal_point belongs to a department');
      return null;
    }
    if (!departmentId) throw invalid('departmentId: a focal_point must belong to a department');
    await this.departments.get(departmentId).catch(() => {
      throw invalid(`departmentId: unknown department ${departmentId}`);
    });
    return departmentId;
  }
}
