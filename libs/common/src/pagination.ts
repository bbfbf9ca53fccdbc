import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The last page a list may be asked for: past it the offset means nothing and only costs (1e+308 was a 500). */
export const MAX_PAGE = 100_000;
/** The most items of one page. */
export const MAX_LIMIT = 200;

/** A query number as decimal digits only: `0x10`, `1e3`, ` 7` or `Infinity` are not numbers here (NaN, refused by @IsInt). */
const wholeNumber = ({ value }: { value: unknown }) =>
  value === undefined || typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;

/** `page` and `limit` of every list (CONTRACT.md): 50 a page by default, at most 200; a value past a bound answers 400. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Transform(wholeNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: 50 })
  @IsOptional()
  @Transform(wholeNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit: number = 50;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export const pageOf = <T>(items: T[], total: number, query: PageQuery): Page<T> => ({
  items,
  total,
  page: query.page,
  limit: query.limit,
});
