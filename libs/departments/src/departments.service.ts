import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { conflictOnDuplicate, invalid, notFound, PageQuery, pageOf, Page, staleVersion } from '@app/common';
import { Department, DepartmentGroup } from './department.entity';

export interface DepartmentInput {
  code: string;
  name: string;
  aliases?: string[];
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

  async create(input: DepartmentInput): Promise<Department> {
    return this.saveOr409('department', () => this.departments.save(this.departments.create({ ...input, aliases: input.aliases ?? [] })));
  }

  async update(id: string, input: Partial<DepartmentInput> & { version?: number }): Promise<Department> {
    const current = await this.get(id);
    if (input.version !== undefined && input.version !== current.version) throw staleVersion('department', input.version, current.version);
    const { version: _ignored, ...fields } = input;
    return this.saveOr409('department', () => this.departments.save({ ...current, ...fields }));
  }

  /** Refuses ids that are not departments, naming them. */
  async requireAll(ids: string[], field: string): Promise<void> {
    const unique = [...new Set(ids)];
    if (!unique.length) return;
    const found = await this.departments.find({ select: { id: true }, where: { id: In(unique) } });
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

  async updateGroup(id: string, input: Partial<GroupInput> & { version?: number }): Promise<GroupView> {
    const current = await this.groups.findOne({ where: { id }, relations: { members: true } });
    if (!current) throw notFound('department group', id);
    if (input.version !== undefined && input.version !== current.version) throw staleVersion('department group', input.version, current.version);
    if (input.departmentIds) await this.requireAll(input.departmentIds, 'departmentIds');
    const { departmentIds, version: _ignored, ...fields } = input;
    await this.saveOr409('department group', () =>
      this.groups.save({
        ...current,
        ...fields,
        members: departmentIds ? departmentIds.map((d) => ({ id: d }) as Department) : current.members,
      }),
    );
    return this.getGroup(id);
  }

  /**
   * The members (id and code, by code) of each group, as they are now, in one query.
   * An unknown group or one without members is refused, naming it.
   */
  async groupMembers(groupIds: string[]): Promise<Map<string, { id: string; code: string }[]>> {
    const unique = [...new Set(groupIds)];
    const members = new Map<string, { id: string; code: string }[]>(unique.map((g) => [g, []]));
    if (!unique.length) return members;
    const rows: { group_id: string; id: string; code: string; known: boolean }[] = await this.dataSource.query(
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
