import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** A calendar date written YYYY-MM-DD that exists (no 2024-02-30, no 2023-02-29). */
export function IsDay(): PropertyDecorator {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date written YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property is not a real date' }),
  );
}

/** Query strings carry lists as "a,b" or repeated keys. */
export const toList = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean);

/** A query string's "true" / "false"; anything else stays a string for @IsBoolean to refuse, naming the field. */
export const toBoolean = ({ value, key }: { value: unknown; key: string }) => {
  if (value === undefined || value === true || value === false) return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return `invalid ${key}`;
};
