import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { conflictOnDuplicate, invalid, notFound, PageQuery, pageOf, Page, staleVersion } from '@app/common';
import { Department, DepartmentGroup } from './department.entity';

export interface DepartmentInput {
  code: string;
  name: string;
  aliases?: string[];
}
/** A department's leaders on the escalation ladder; null clears. */
export interface DepartmentLeadersInput {
  headUserId?: string | null;
  committeeMemberId?: string | null;
}
export interface GroupInput extends DepartmentInput {
  departmentIds?: string[];
}

export type GroupView = Omit<DepartmentGroup, 'members'> & { departmentIds: string[] };

/** Departments and department groups: codes and names unique, a 409 naming the duplicate. */
@Injectable()
export class DepartmentsService {
  constructor(
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    @InjectRepository(DepartmentGroup) private readonly groups: Repository<DepartmentGroup>,
    private readonly dataSource: DataSource,
  ) {}

  async list(query: PageQuery): Promise<Page<Department>> {
    const [items, total] = await this.departments.findAndCount({
      order: { code: 'ASC' },
      skip: (query.page - 1) * query.limit,
      take: query.limit,
    });
    return pageOf(items, total, query);
  }

  async get(id: string): Promise<Department> {
    const found = await this.departments.findOneBy({ id });
    if (!found) throw notFound('department', id);
    return found;
  }

  async create(input: DepartmentInput & DepartmentLeadersInput): Promise<Department> {
    await this.checkLeaders(input);
    return this.saveOr409('department', () => this.departments.save(this.departments.create({ ...input, aliases: input.aliases ?? [] })));
  }

  /** The head and the committee member must be active users with role viewer (leaders read, they do not enter): 400 naming the field. */
  private async checkLeaders(input: DepartmentLeadersInput): Promise<void> {
    for (const field of ['headUserId', 'committeeMemberId'] as const) {
      const id = input[field];
      if (!id) continue;
      const [user]: { role: string; active: boolean }[] = await this.dataSource.query(`SELECT role, active FROM users WHERE id = $1`, [id]);
      if (!user) throw invalid(`${field}: unknown user ${id}`);
      if (!user.active) throw invalid(`${field}: user ${id} is deactivated`);
      if (user.role !== 'viewer') throw invalid(`${field}: user ${id} has role ${user.role}; a department's head or committee member is a leader (role viewer)`);
    }
  }

  /**
   * Edits a department if it is still at the version the caller read: one `UPDATE … WHERE id
   * AND version`, so of two edits made on the same version exactly one applies, the other is a 409.
   */
  async update(id: string, input: Partial<DepartmentInput> & DepartmentLeadersInput & { version: number }): Promise<Department> {
    const { version, ...given } = input;
    const fields = definedOnly(given);
    await this.checkLeaders(fields);
    if (!Object.keys(fields).length) {
      const current = await this.get(id);
      if (current.version !== version) throw staleVersion('department', version, current.version);
      return current;
    }
    const result = await this.saveOr409('department', () =>
      this.departments
        .createQueryBuilder()
        .update(Department)
        .set({ ...fields, version: () => 'version + 1', updatedAt: () => 'now()' })
        .where('id = :id AND version = :version', { id, version })
        .execute(),
    );
    if (!result.affected) throw staleVersion('department', version, (await this.get(id)).version);
    return this.get(id);
  }

  /** Refuses ids that are not departments, naming them. */
  /** 400 naming `field` when one of the departments does not exist; on the caller's transaction when `manager` is given. */
  async requireAll(ids: string[], field: string, manager?: EntityManager): Promise<void> {
    const unique = [...new Set(ids)];
    if (!unique.length) return;
    const found = await (manager ? manager.getRepository(Department) : this.departments).find({ select: { id: true }, where: { id: In(unique) } });
    const missing = unique.filter((id) => !found.some((d) => d.id === id));
    if (missing.length) throw invalid(`${field}: unknown department ${missing.join(', ')}`);
  }

  async listGroups(query: PageQuery): Promise<Page<GroupView>> {
    const [items, total] = await this.groups.findAndCount({
      relations: { members: true },
      order: { code: 'ASC' },
      skip: (query.page - 1) * query.limit,
      take: query.limit,
    });
    return pageOf(items.map(toGroupView), total, query);
  }

  async getGroup(id: string): Promise<GroupView> {
    const found = await this.groups.findOne({ where: { id }, relations: { members: true } });
    if (!found) throw notFound('department group', id);
    return toGroupView(found);
  }

  async createGroup(input: GroupInput): Promise<GroupView> {
    await this.requireAll(input.departmentIds ?? [], 'departmentIds');
    const saved = await this.saveOr409('department group', () =>
      this.groups.save(
        this.groups.create({
          code: input.code,
          name: input.name,
          aliases: input.aliases ?? [],
          members: (input.departmentIds ?? []).map((id) => ({ id }) as Department),
        }),
      ),
    );
    return this.getGroup(saved.id);
  }

  /**
   * Edits a group and its members if it is still at the version the caller read: the version
   * check is the `UPDATE … WHERE id AND version` itself, and the members change in the same
   * transaction, under that row's lock.
   */
  async updateGroup(id: string, input: Partial<GroupInput> & { version: number }): Promise<GroupView> {
    const { departmentIds, version, ...given } = input;
    const fields = definedOnly(given);
    if (departmentIds) await this.requireAll(departmentIds, 'departmentIds');
    if (!Object.keys(fields).length && !departmentIds) {
      const current = await this.getGroup(id);
      if (current.version !== version) throw staleVersion('department group', version, current.version);
      return current;
    }
    await this.saveOr409('department group', () =>
      this.dataSource.transaction(async (m) => {
        const result = await m
          .createQueryBuilder()
          .update(DepartmentGroup)
          .set({ ...fields, version: () => 'version + 1', updatedAt: () => 'now()' })
          .where('id = :id AND version = :version', { id, version })
          .execute();
        if (!result.affected) {
          const [current] = await m.query(`SELECT version FROM department_groups WHERE id = $1`, [id]);
          if (!current) throw notFound('department group', id);
          throw staleVersion('department group', version, current.version);
        }
        if (departmentIds) {
          await m.query(`DELETE FROM department_group_members WHERE group_id = $1`, [id]);
          await m.query(`INSERT INTO department_group_members (group_id, department_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [id, departmentIds]);
        }
      }),
    );
    return this.getGroup(id);
  }

  /**
   * The members (id and code, by code) of each group, as they are now, in one query.
   * An unknown group or one without members is refused, naming it.
   */
  async groupMembers(groupIds: string[], manager?: EntityManager): Promise<Map<string, { id: string; code: string }[]>> {
    const unique = [...new Set(groupIds)];
    const members = new Map<string, { id: string; code: string }[]>(unique.map((g) => [g, []]));
    if (!unique.length) return members;
    const rows: { group_id: string; id: string; code: string; known: boolean }[] = await (manager ?? this.dataSource).query(
      `SELECT g.id AS group_id, d.id, d.code FROM department_groups g
         LEFT JOIN department_group_members m ON m.group_id = g.id LEFT JOIN departments d ON d.id = m.department_id
        WHERE g.id = ANY($1::uuid[]) ORDER BY d.code`,
      [unique],
    );
    const known = new Set(rows.map((r) => r.group_id));
    for (const r of rows) if (r.id) members.get(r.group_id)!.push({ id: r.id, code: r.code });
    for (const groupId of unique) {
      if (!known.has(groupId)) throw invalid(`leadGroupId: unknown department group ${groupId}`);
      if (!members.get(groupId)!.length) throw invalid(`leadGroupId: department group ${groupId} has no members`);
    }
    return members;
  }

  /** Codes and names are unique: a 409 names which one. */
  private saveOr409<T>(what: string, save: () => Promise<T>): Promise<T> {
    return conflictOnDuplicate(save, (constraint) => `a ${what} with this ${constraint.endsWith('_code') ? 'code' : 'name'} already exists`);
  }
}

function toGroupView(group: DepartmentGroup): GroupView {
  const { members, ...rest } = group;
  return { ...rest, departmentIds: (members ?? []).map((m) => m.id).sort() };
}

/** The fields a PATCH gave (an absent key and `undefined` both mean "leave as is"). */
function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
