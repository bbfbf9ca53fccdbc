import { foldVietnamese } from '@app/common/plain';
import type { Schemas } from '../api/client';

/** What a select shows of a department or a group. */
type Department = Pick<Schemas['DepartmentDto'], 'id' | 'name' | 'code' | 'aliases'>;
type Group = Schemas['DepartmentGroupDto'];

/** An option of a department (or group) select: searchable by name, code and aliases, with or without diacritics. */
export interface UnitOption {
  value: string;
  label: string;
  /** name, code and aliases folded (no diacritics, đ → d, lower case) */
  search: string;
}

const searchOf = (unit: Department) => foldVietnamese([unit.name, unit.code, ...unit.aliases].join(' | '));

const labelOf = (unit: Department) => (unit.aliases.length ? `${unit.name} (${unit.aliases.join(', ')})` : unit.name);

/** The lead's value: a department `d:<id>` or a group `g:<id>` (a collective task). */
export const leadValue = (task: { leadDepartmentId: string | null; leadGroupId: string | null }) =>
  task.leadDepartmentId ? `d:${task.leadDepartmentId}` : task.leadGroupId ? `g:${task.leadGroupId}` : undefined;

/**
 * A select's options of departments (or groups), each searchable by name, code and aliases.
 * `prefix`: of each value (the lead select's `d:`/`g:`). `namesOnly`: labelled by name alone and
 * sorted by it (the admin's selects); else in the API's order with the aliases in the label.
 */
export function departmentOptions(departments: Department[], { prefix = '', namesOnly = false } = {}): UnitOption[] {
  const listed = namesOnly ? [...departments].sort((a, b) => a.name.localeCompare(b.name, 'vi')) : departments;
  return listed.map((d) => ({ value: `${prefix}${d.id}`, label: namesOnly ? d.name : labelOf(d), search: searchOf(d) }));
}

/** The lead select's options: the groups (collective assignments) then the departments. */
export function leadOptions(departments: Department[], groups: Group[]) {
  return [
    { label: 'Nhóm đơn vị (giao chung)', title: 'Nhóm đơn vị', options: departmentOptions(groups, { prefix: 'g:' }) },
    { label: 'Cơ quan, đơn vị', title: 'Cơ quan, đơn vị', options: departmentOptions(departments, { prefix: 'd:' }) },
  ];
}

/** True when every word typed appears in one of the texts, both folded ("so tai nguyen" finds "Sở Tài nguyên và Môi trường"). */
export function matchesTyped(typed: string, ...texts: Array<string | null | undefined>): boolean {
  const words = foldVietnamese(typed).split(' ').filter(Boolean);
  if (!words.length) return true;
  const haystack = foldVietnamese(texts.filter(Boolean).join(' | '));
  return words.every((word) => haystack.includes(word));
}

/** antd Select's filterOption: "so tttt", "Sở TTTT" and "sở thông tin" all find Sở Thông tin và Truyền thông; "dak" finds "Đắk". */
export function matchesUnit(input: string, option?: { search?: string }): boolean {
  return !!option?.search && matchesTyped(input, option.search);
}
