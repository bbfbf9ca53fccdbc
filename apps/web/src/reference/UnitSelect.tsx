import { Select, type SelectProps } from 'antd';
import { matchesUnit } from './units';

/** antd Select's search over departmentOptions()/leadOptions(): name, code or alias, with or without diacritics. */
const unitSearch: SelectProps['showSearch'] = { filterOption: (typed, option) => matchesUnit(typed, option as { search?: string }) };

/** The one select of departments or groups (task form, task list, the admin's forms): options from reference/units.ts. */
export function UnitSelect(props: Omit<SelectProps, 'showSearch'>) {
  return <Select showSearch={unitSearch} {...props} />;
}
