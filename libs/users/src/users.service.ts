import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as bcrypt from 'bcryptjs';
import { Repository } from 'typeorm';
import { conflictOnDuplicate, invalid, notFound, Page, PageQuery, pageOf, staleVersion } from '@app/common';
import { DepartmentsService } from '@app/departments';
import { Role, User } from './user.entity';

export interface UserInput {
  email: string;
  fullName: string;
  password: string;
  role: Role;
  departmentId?: string | null;
}
export type UserPatch = Partial<UserInput> & { active?: boolean; version?: number };

const BCRYPT_ROUNDS = 10;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly departments: DepartmentsService,
  ) {}

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
      passwordHash: await bcrypt.hash(input.password, BCRYPT_ROUNDS),
    });
    const saved = await conflictOnDuplicate(() => this.users.save(user), () => 'a user with this email already exists');
    return this.get(saved.id);
  }

  async update(id: string, patch: UserPatch): Promise<User> {
    const current = await this.get(id);
    if (patch.version !== undefined && patch.version !== current.version) throw staleVersion('user', patch.version, current.version);
    const role = patch.role ?? current.role;
    const departmentId = await this.checkDepartment(role, patch.departmentId !== undefined ? patch.departmentId : role === 'focal_point' ? current.departmentId : null);
    const next: Partial<User> = { ...current, role, departmentId };
    if (patch.email !== undefined) next.email = patch.email.trim().toLowerCase();
    if (patch.fullName !== undefined) next.fullName = patch.fullName;
    if (patch.active !== undefined) next.active = patch.active;
    if (patch.password !== undefined) next.passwordHash = await bcrypt.hash(patch.password, BCRYPT_ROUNDS);
    await conflictOnDuplicate(() => this.users.save(next), () => 'a user with this email already exists');
    return this.get(id);
  }

  /** The user and its hash, for sign-in only. */
  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email AND u.active', { email: email.trim().toLowerCase() })
      .getOne();
  }

  /** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when there is no admin yet. */
  async ensureFirstAdmin(email?: string, password?: string): Promise<User | null> {
    if (!email || !password) return null;
    if (await this.users.existsBy({ role: 'admin' })) return null;
    const admin = await this.create({ email, password, fullName: 'Quản trị hệ thống', role: 'admin' });
    this.logger.log(`created the first admin ${admin.email}`);
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
