import type { SelectProps } from 'antd';
import { matchesTyped } from '../reference/units';

export { matchesTyped };

export interface DepartmentLike {
  id: string;
  code: string;
  name: string;
  aliases: string[];
}

interface DepartmentOption {
  value: string;
  label: string;
  search: string;
}

/** Options of the admin's department selects: by name only, in alphabetical order (the plan's task form shows aliases too: reference/units.ts). */
export function departmentOptions(departments: DepartmentLike[]): DepartmentOption[] {
  return [...departments]
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
    .map((d) => ({ value: d.id, label: d.name, search: [d.name, d.code, ...d.aliases].join(' | ') }));
}

/** The search of a department select (antd 6 `showSearch`), diacritics ignored. */
export const departmentSearch: SelectProps['showSearch'] = {
  filterOption: (typed, option) => matchesTyped(typed, (option as DepartmentOption | undefined)?.search),
};
