import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/** Tables the application may only read and add rows to: the record of every change to a task. */
export const APPEND_ONLY_TABLES = ['task_updates'];
/** Tables the application may only read: TypeORM's record of the migrations applied. */
export const READ_ONLY_TABLES = ['migrations'];

type Query = (sql: string, params: unknown[]) => Promise<any[]>;
/** What the check reads of AppConfig (libs/config), named here: libs/database imports no library of ours. */
type RoleCheckConfig = { databaseUrl: string; databaseAppUrl?: string; nodeEnv: string };

/**
 * Why a role (default: the connected one) is not fit to be the application's: a superuser,
 * the owner of the tables or a member of their owner (either can switch the history's
 * append-only trigger off), or a role that may UPDATE, DELETE or TRUNCATE the history.
 * `problems` is empty when it is fit.
 */
export async function appRoleProblems(query: Query, role?: string): Promise<{ role: string; problems: string[] }> {
  const [row] = await query(
    `SELECT r.rolname AS name, r.rolsuper AS superuser,
            (SELECT string_agg(DISTINCT c.relowner::regrole::text, ', ')
               FROM pg_class c
              WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                AND pg_has_role(r.oid, c.relowner, 'MEMBER')) AS owner_of,
            ARRAY(SELECT p || ' ' || t
                    FROM unnest($2::text[]) t, unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) p
                   WHERE to_regclass(t) IS NOT NULL AND has_table_privilege(r.oid, to_regclass(t), p)) AS history_rights
       FROM pg_roles r
      WHERE r.rolname = COALESCE($1, current_user)`,
    [role ?? null, APPEND_ONLY_TABLES],
  );
  if (!row) return { role: role ?? '?', problems: ['a role that does not exist'] };
  const problems: string[] = [];
  if (row.superuser) problems.push('a superuser');
  else if (row.owner_of) problems.push(`the owner of the tables or a member of their owner ${row.owner_of}`);
  if (!row.superuser && row.history_rights.length) problems.push(`allowed to ${row.history_rights.join(', ')}, the history that must only grow`);
  return { role: row.name, problems };
}

/** The app's connection is not the application role: refused in production (README, Security). */
export class DatabaseRoleError extends Error {}

const warned = new Set<string>();

/**
 * Checks the role the API or the worker connects as. In production a superuser or an owner is
 * refused with one line naming DATABASE_APP_URL; elsewhere it is a warning, once per process
 * (a plain `npm start` of an older checkout, the benchmarks and some tests connect as the owner).
 * With `query`, on a connection already open; else on one opened for the check.
 */
export async function checkAppDatabaseRole(config: RoleCheckConfig, query?: Query): Promise<void> {
  let found: { role: string; problems: string[] };
  if (query) {
    found = await appRoleProblems(query);
  } else {
    const client = new Client({ connectionString: config.databaseAppUrl ?? config.databaseUrl, application_name: 'steering-role-check' });
    await client.connect();
    try {
      found = await appRoleProblems((sql, params) => client.query(sql, params).then((r) => r.rows));
    } finally {
      await client.end();
    }
  }
  if (!found.problems.length) return;
  const message =
    `${config.databaseAppUrl ? 'DATABASE_APP_URL connects' : 'DATABASE_APP_URL is not set, and DATABASE_URL connects'} ` +
    `as "${found.role}", ${found.problems.join('; ')}: ` +
    `the API and the worker must connect as the application role (npm start makes it; elsewhere npm run db:app-role, README Security)`;
  if (config.nodeEnv === 'production') throw new DatabaseRoleError(message);
  if (warned.has(message)) return;
  warned.add(message);
  new Logger('Database').warn(message);
}
