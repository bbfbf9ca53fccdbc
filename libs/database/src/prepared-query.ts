import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/** At most this many distinct statements are prepared; any other runs unprepared. */
const PREPARED_LIMIT = 200;
const statementNames = new Map<string, string>();

/** The name of a statement's text, or null once the limit is reached. */
function statementName(sql: string): string | null {
  let name = statementNames.get(sql);
  if (!name && statementNames.size < PREPARED_LIMIT) {
    name = `read_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name ?? null;
}

/**
 * A read of the hot paths (task lists, tasks, roll-ups) as a named (prepared) statement on
 * TypeORM's pg pool: PostgreSQL then plans it once per connection instead of on every request,
 * and planning these statements costs as much as running them (BENCHMARKS.md). Inside a
 * transaction (`manager`), or when `prepare` is false, it runs through TypeORM as usual.
 * Statement text must not vary with the values: those go in `params`.
 */
export async function readQuery<T>(dataSource: DataSource, sql: string, params: unknown[], options: { manager?: EntityManager; prepare?: boolean } = {}): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master?: Pool } | undefined)?.master;
  const name = options.prepare !== false && !options.manager && pool ? statementName(sql) : null;
  if (!name) return (options.manager ?? dataSource.manager).query(sql, params);
  return (await pool!.query({ name, text: sql, values: params })).rows as T[];
}
