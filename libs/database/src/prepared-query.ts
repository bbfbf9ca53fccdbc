import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
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
 * A statement of the hot paths (task lists and tasks, roll-ups, a progress report) as a named
 * (prepared) statement: PostgreSQL then plans it once per connection instead of on every
 * request, and planning these statements costs as much as running them (BENCHMARKS.md).
 * On TypeORM's pg pool, or inside a transaction (`manager`) on that transaction's connection.
 * Answers the rows, for any statement. Statement text must not vary with the values: those go
 * in `params`. `prepare: false` runs it through TypeORM as usual.
 */
export async function preparedQuery<T>(dataSource: DataSource, sql: string, params: unknown[], options: { manager?: EntityManager; prepare?: boolean } = {}): Promise<T[]> {
  const client = options.manager
    ? (options.manager.queryRunner as unknown as { databaseConnection?: PoolClient } | undefined)?.databaseConnection
    : (dataSource.driver as unknown as { master?: Pool } | undefined)?.master;
  const name = options.prepare !== false && client ? statementName(sql) : null;
  if (!name) return (options.manager ?? dataSource.manager).query(sql, params);
  return (await client!.query({ name, text: sql, values: params })).rows as T[];
}
