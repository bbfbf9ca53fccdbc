import { Client } from 'pg';
import { APPEND_ONLY_TABLES, appRoleProblems, READ_ONLY_TABLES } from './app-role-check';
import { scramSha256Verifier } from './scram';

/**
 * The application's own database role (issue 12, least privilege). Migrations run as the
 * owner of the tables (DATABASE_URL); the API and the worker connect as this role
 * (DATABASE_APP_URL), which is no superuser and owns nothing, so it cannot switch a trigger
 * off (ALTER TABLE … DISABLE TRIGGER needs the owner), create objects, or rewrite the history.
 * Roles are cluster-wide, so they are made here, not by a migration; this is re-run after
 * every migration run, so new tables get their grants (default privileges also give them).
 */

export const APP_ROLE_DEFAULTS = {
  /** What one request may take in PostgreSQL; the longest product statement is far below (BENCHMARKS.md). */
  statementTimeoutMs: 15_000,
  /** A transaction left open by a stuck process stops holding its locks after this. */
  idleInTransactionTimeoutMs: 60_000,
  /** Room for several API processes and the worker (10 connections each), never the whole server. */
  connectionLimit: 50,
};

export interface AppRoleOptions {
  role: string;
  password: string;
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  connectionLimit?: number;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** `<database>_app`: two local databases of one server get two roles that never fight over a password. */
export function defaultAppRoleName(databaseUrl: string): string {
  return `${databaseOf(databaseUrl).toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 59) + '_app';
}

/** The owner's URL with the application role's name and password (host, database and options kept). */
export function appDatabaseUrl(ownerUrl: string, role: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** The role's attributes: it logs in, and may do nothing to the server beyond its grants. */
function roleAttributes(options: { connectionLimit: number; password: string | null; canSetSuperuserAttributes: boolean }): string {
  return [
    'LOGIN NOCREATEDB NOCREATEROLE NOINHERIT',
    // only a superuser may name these at all, even to deny them; a role made by anyone else lacks them anyway
    options.canSetSuperuserAttributes ? 'NOSUPERUSER NOREPLICATION NOBYPASSRLS' : '',
    `CONNECTION LIMIT ${options.connectionLimit}`,
    options.password === null ? '' : `PASSWORD ${literal(scramSha256Verifier(options.password))}`,
  ].filter(Boolean).join(' ');
}

/**
 * What the role may do in one database: connect, use (not create in) the schema, read and
 * write the tables except that the history only grows and the migrations table is read-only,
 * use the sequences; its statements and idle transactions time out. Every grant of the role
 * is first revoked, so what it holds is what this says, whatever was granted by hand.
 * `tables`: the tables there are (null: all of them, for a script run after the migrations).
 */
export function appRoleGrantStatements(p: {
  role: string;
  database: string;
  schema: string;
  owner: string;
  tables: string[] | null;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}): string[] {
  const role = ident(p.role);
  const schema = ident(p.schema);
  const present = (table: string) => p.tables === null || p.tables.includes(table);
  return [
    ...appRoleDatabaseStatements(p),
    // PostgreSQL 15 makes this the default; older servers let every role create in `public`
    `REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC`,
    `REVOKE ALL ON SCHEMA ${schema} FROM ${role}`,
    `GRANT USAGE ON SCHEMA ${schema} TO ${role}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`,
    ...APPEND_ONLY_TABLES.filter(present).map((t) => `REVOKE UPDATE, DELETE, TRUNCATE ON ${schema}.${ident(t)} FROM ${role}, PUBLIC`),
    ...READ_ONLY_TABLES.filter(present).map((t) => `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}.${ident(t)} FROM ${role}, PUBLIC`),
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`,
    // tables a later migration creates are usable at once, before this runs again (an append-only
    // one must still be listed in APPEND_ONLY_TABLES, and this re-run, to lose UPDATE and DELETE)
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(p.owner)} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(p.owner)} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
  ];
}

/**
 * The part that lives outside the database's own catalog, so a copy made with
 * CREATE DATABASE … TEMPLATE does not inherit it: the right to connect, and the timeouts.
 */
export function appRoleDatabaseStatements(p: { role: string; database: string; statementTimeoutMs: number; idleInTransactionTimeoutMs: number }): string[] {
  const role = ident(p.role);
  const database = ident(p.database);
  return [
    `GRANT CONNECT ON DATABASE ${database} TO ${role}`,
    `ALTER ROLE ${role} IN DATABASE ${database} SET statement_timeout = ${Math.round(p.statementTimeoutMs)}`,
    `ALTER ROLE ${role} IN DATABASE ${database} SET idle_in_transaction_session_timeout = ${Math.round(p.idleInTransactionTimeoutMs)}`,
  ];
}

function validate(options: AppRoleOptions): Required<AppRoleOptions> {
  const full = { ...APP_ROLE_DEFAULTS, ...options };
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(full.role)) throw new Error(`the application role name must be lower-case letters, digits and _, at most 63: "${full.role}"`);
  if (full.password.length < 16 || !/^[\x21-\x7e]+$/.test(full.password)) {
    throw new Error('the application role password must be at least 16 printable ASCII characters without spaces');
  }
  if (!Number.isInteger(full.connectionLimit) || full.connectionLimit < 1) throw new Error('the connection limit must be a whole number ≥ 1');
  return full;
}

/**
 * Creates or updates the application role on the database of `ownerUrl` (connecting as the
 * owner of its tables, who needs CREATEROLE or superuser to make the role), in one
 * transaction: the app keeps its old rights until the new ones are committed. Idempotent;
 * run it after every migration run. Refuses (throws) if the role could still rewrite the
 * history or is the owner. Answers the URL the API and the worker connect with.
 */
export async function ensureAppRole(ownerUrl: string, options: AppRoleOptions): Promise<string> {
  const o = validate(options);
  const client = new Client({ connectionString: ownerUrl, application_name: 'steering-app-role' });
  await client.connect();
  try {
    await client.query('BEGIN');
    // two starts at once would fail on "tuple concurrently updated" in the catalog
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('steering: ensureAppRole'))`);
    const [runner] = (await client.query(`
      SELECT current_user AS owner, current_schema() AS schema, current_database() AS database,
             (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
             EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists,
             ARRAY(SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()) AS tables`, [o.role])).rows;
    if (runner.owner === o.role) throw new Error(`the application role "${o.role}" must not be the owner that runs the migrations`);
    const attributes = roleAttributes({ connectionLimit: o.connectionLimit, password: o.password, canSetSuperuserAttributes: runner.superuser });
    await client.query(runner.exists
      ? `ALTER ROLE ${ident(o.role)} WITH ${attributes}`
      : `CREATE ROLE ${ident(o.role)} WITH ${roleAttributes({ connectionLimit: o.connectionLimit, password: o.password, canSetSuperuserAttributes: true })}`);
    for (const sql of appRoleGrantStatements({ ...o, database: runner.database, schema: runner.schema, owner: runner.owner, tables: runner.tables })) {
      await client.query(sql);
    }
    const { problems } = await appRoleProblems((sql, params) => client.query(sql, params).then((r) => r.rows), o.role);
    if (problems.length) throw new Error(`the application role "${o.role}" is not safe: it is ${problems.join('; ')}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return appDatabaseUrl(ownerUrl, o.role, o.password);
}

/**
 * Sets what a copy of a database (CREATE DATABASE … TEMPLATE) does not inherit from its
 * template for the role: the right to connect and the timeouts. The grants inside are copied.
 */
export async function ensureAppRoleOnCopy(ownerUrl: string, options: Omit<AppRoleOptions, 'password'>): Promise<void> {
  const o = { ...APP_ROLE_DEFAULTS, ...options };
  const client = new Client({ connectionString: ownerUrl, application_name: 'steering-app-role' });
  await client.connect();
  try {
    for (const sql of appRoleDatabaseStatements({ ...o, database: databaseOf(ownerUrl) })) await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Removes the role: its grants in the database of `ownerUrl` (DROP OWNED BY, which also
 * revokes them), then the role. Fails, saying where, if it still holds rights in another database.
 */
export async function dropAppRole(ownerUrl: string, role: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl, application_name: 'steering-app-role' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!found.rowCount) return;
    await client.query(`DROP OWNED BY ${ident(role)}`);
    await client.query(`DROP ROLE ${ident(role)}`);
  } finally {
    await client.end();
  }
}

/**
 * The same grants as SQL for an operator who sets the role up by hand (managed PostgreSQL,
 * where the migrations' owner may lack CREATEROLE): run it with psql as a role that has
 * CREATEROLE, connected to the application's database, after the migrations.
 * Without a password it asks for one with psql's \password, which sends only a verifier.
 */
export function appRoleSql(p: {
  role: string;
  database: string;
  owner: string;
  schema?: string;
  password?: string;
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  connectionLimit?: number;
}): string {
  const o = { ...APP_ROLE_DEFAULTS, schema: 'public', ...p };
  const role = ident(o.role);
  const lines = [
    `-- The application role "${o.role}" of database "${o.database}" (tables owned by "${o.owner}").`,
    `-- Idempotent: run again after every migration run.  psql "<owner's URL>" -v ON_ERROR_STOP=1 -f <this file>`,
    'BEGIN;',
    `DO $$ BEGIN`,
    `  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(o.role)}) THEN`,
    `    CREATE ROLE ${role} WITH NOSUPERUSER NOREPLICATION NOBYPASSRLS;`,
    `  END IF;`,
    `END $$;`,
    `ALTER ROLE ${role} WITH ${roleAttributes({ connectionLimit: o.connectionLimit, password: o.password ?? null, canSetSuperuserAttributes: false })};`,
    ...appRoleGrantStatements({ ...o, tables: null }).map((sql) => `${sql};`),
    'COMMIT;',
  ];
  if (!o.password) lines.push(`-- now give it a password (psql sends only its SCRAM verifier):`, `\\password ${role}`);
  lines.push(`-- then: DATABASE_APP_URL=postgres://${o.role}:<password>@<host>:<port>/${o.database}`);
  return lines.join('\n') + '\n';
}
