// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it starts processes as the application role and times statement limits.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { appRoleProblems, appRoleSql, ensureAppRole, isStatementCancelled } from '@app/database';
import { createDepartment, createPlan, createTask } from './support/builders';
import {
  createTestDatabase, deleteRedisKeys, dropTestAppRole, onServer, TEST_APP_ROLE_PREFIX, TEST_REDIS_URL, testAppRole, uniqueName,
} from './support/databases';
import { startProcess, waitForExit, waitForOutput } from './support/processes';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/** Runs `work` on one connection opened with `url` (no settings of the app's own: only the role's). */
async function as<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const nameOf = (url: string) => new URL(url).pathname.slice(1);

/** Issue 12, point 5: the API and the worker connect as a role that cannot rewrite the history. */
describe('least privilege in the database', () => {
  let env: TestEnv;
  let taskId: string;

  beforeAll(async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    const secretariat = await signIn(env, 'secretariat');
    const dept = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    const planId = await createPlan(env, secretariat.auth);
    taskId = (await createTask(env, secretariat.auth, { planId, code: '1', title: 'Triển khai nền tảng', leadDepartmentId: dept, deadlineText: '30/9/2024' })).id;
  });
  afterAll(() => env.close());

  const historyCount = async () =>
    Number((await onServer((c) => c.query('SELECT count(*) AS n FROM task_updates'), nameOf(env.config.databaseUrl))).rows[0].n);

  it('connects the API as the application role, which is no superuser and owns no table', async () => {
    const [me] = await env.db.query(`SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user`);
    expect(me).toEqual({ name: testAppRole().role, rolsuper: false });
    expect(await appRoleProblems((sql, params) => env.db.query(sql, params))).toEqual({ role: testAppRole().role, problems: [] });
    const [owner] = await env.db.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'task_updates'`);
    expect(owner.tableowner).not.toBe(testAppRole().role);
  });

  it('a database copied from the template (CREATE DATABASE … TEMPLATE) carries the role’s grants', async () => {
    const [rights] = await env.db.query(`
      SELECT has_table_privilege('tasks', 'INSERT') AS tasks_insert, has_table_privilege('data_revisions', 'UPDATE') AS revisions_update,
             has_sequence_privilege('task_updates_id_seq', 'USAGE') AS history_sequence, has_table_privilege('task_updates', 'INSERT') AS history_insert,
             has_table_privilege('task_updates', 'UPDATE') AS history_update`);
    expect(rights).toEqual({ tasks_insert: true, revisions_update: true, history_sequence: true, history_insert: true, history_update: false });
  });

  it('cannot switch the history’s append-only trigger off', async () => {
    await expect(env.db.query(`ALTER TABLE task_updates DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner of table task_updates/);
    await expect(env.db.query(`ALTER TABLE task_updates DISABLE TRIGGER tr_task_updates_append_only`)).rejects.toThrow(/must be owner/);
    // nor skip every trigger for its session, as a restore would
    await expect(env.db.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
  });

  it('cannot UPDATE, DELETE or TRUNCATE the task history, and adds to it as the product does', async () => {
    const before = await historyCount();
    expect(before).toBeGreaterThan(0);
    await expect(env.db.query(`UPDATE task_updates SET note = 'rewritten'`)).rejects.toThrow(/permission denied for table task_updates/);
    await expect(env.db.query(`DELETE FROM task_updates`)).rejects.toThrow(/permission denied for table task_updates/);
    await expect(env.db.query(`TRUNCATE task_updates`)).rejects.toThrow(/permission denied for table task_updates/);
    expect(await historyCount()).toBe(before);
    const secretariat = await signIn(env, 'secretariat');
    const task = (await env.http().get(`/api/v1/tasks/${taskId}`).set(secretariat.auth).expect(200)).body;
    await env.http().patch(`/api/v1/tasks/${taskId}`).set(secretariat.auth).send({ title: 'Triển khai nền tảng số', version: task.version }).expect(200);
    expect(await historyCount()).toBe(before + 1);
  });

  it('cannot create tables or functions, nor write the migrations table', async () => {
    await expect(env.db.query(`CREATE TABLE intruder (id int)`)).rejects.toThrow(/permission denied for schema public/);
    await expect(env.db.query(`CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'`)).rejects.toThrow(/permission denied for schema public/);
    await expect(env.db.query(`DELETE FROM migrations`)).rejects.toThrow(/permission denied for table migrations/);
    await expect(env.db.query(`INSERT INTO migrations (timestamp, name) VALUES (1, 'x')`)).rejects.toThrow(/permission denied for table migrations/);
  });

  it('runs with the statement and idle-in-transaction timeouts, set on the role and on the app’s connections', async () => {
    // the role's own settings, on a bare connection as the role
    const roleSettings = await as(env.config.databaseAppUrl!, async (c) => [
      (await c.query('SHOW statement_timeout')).rows[0].statement_timeout,
      (await c.query('SHOW idle_in_transaction_session_timeout')).rows[0].idle_in_transaction_session_timeout,
    ]);
    expect(roleSettings).toEqual(['15s', '1min']);
    const [app] = await env.db.query('SHOW statement_timeout');
    expect(app.statement_timeout).toBe('15s');
  });

  it('cancels an application statement that runs past DB_STATEMENT_TIMEOUT_MS (57014)', async () => {
    const quick = await startTestApp({ DB_STATEMENT_TIMEOUT_MS: '300' });
    try {
      const [shown] = await quick.db.query('SHOW statement_timeout');
      expect(shown.statement_timeout).toBe('300ms');
      const started = Date.now();
      const error = await quick.db.query('SELECT pg_sleep(5)').catch((e: unknown) => e);
      expect(isStatementCancelled(error)).toBe(true);
      expect(String((error as Error).message)).toMatch(/statement timeout/);
      expect(Date.now() - started).toBeLessThan(3000);
      // the connection is fine afterwards
      expect(await quick.db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await quick.close();
    }
  });

  it('answers 503 QUERY_TIMEOUT with Retry-After when a request runs past DB_STATEMENT_TIMEOUT_MS, with no SQL in the answer', async () => {
    const quick = await startTestApp({ DB_STATEMENT_TIMEOUT_MS: '500' });
    try {
      const viewer = await signIn(quick, 'viewer');
      await onServer(async (c) => {
        await c.query('BEGIN');
        await c.query('LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE');
        try {
          const res = await quick.http().get('/api/v1/tasks').set(viewer.auth).expect(503);
          expect(res.headers['retry-after']).toBe('5');
          expect(res.body).toMatchObject({ statusCode: 503, code: 'QUERY_TIMEOUT' });
          expect(JSON.stringify(res.body)).not.toMatch(/statement|cancel|SELECT|tasks/i);
        } finally {
          await c.query('ROLLBACK');
        }
      }, nameOf(quick.config.databaseUrl));
    } finally {
      await quick.close();
    }
  });
});

describe('ensureAppRole', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const role = uniqueName(TEST_APP_ROLE_PREFIX);
  const password = randomBytes(24).toString('hex');

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
    await dropTestAppRole(role);
  });

  const rolesNamed = () => onServer(async (c) => (await c.query(`SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolinherit, rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname = $1`, [role])).rows);
  const privilegesOf = () => onServer(async (c) => (await c.query(`
    SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) AS privileges
      FROM information_schema.role_table_grants WHERE grantee = $1 GROUP BY table_name ORDER BY table_name`, [role])).rows, db.name);

  it('is idempotent: run twice, the same role with the same rights, and a URL the role connects with', async () => {
    const options = { role, password, statementTimeoutMs: 300, connectionLimit: 7 };
    const url = await ensureAppRole(db.url, options);
    const first = { roles: await rolesNamed(), privileges: await privilegesOf() };
    expect(await ensureAppRole(db.url, options)).toBe(url);
    expect({ roles: await rolesNamed(), privileges: await privilegesOf() }).toEqual(first);
    expect(first.roles).toEqual([{ rolname: role, rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolinherit: false, rolcanlogin: true, rolconnlimit: 7 }]);
    expect(first.privileges).toEqual(expect.arrayContaining([
      { table_name: 'task_updates', privileges: 'INSERT,SELECT' },
      { table_name: 'migrations', privileges: 'SELECT' },
      { table_name: 'tasks', privileges: 'DELETE,INSERT,SELECT,UPDATE' },
    ]));
    expect(new URL(url)).toMatchObject({ username: role, password, pathname: `/${db.name}` });
    expect(await as(url, async (c) => (await c.query('SELECT current_user AS me')).rows[0].me)).toBe(role);
  });

  it('gives the role a statement timeout of its own: a pg_sleep past it is cancelled', async () => {
    const url = await ensureAppRole(db.url, { role, password, statementTimeoutMs: 300 });
    const error = await as(url, (c) => c.query('SELECT pg_sleep(5)')).catch((e: unknown) => e);
    expect(isStatementCancelled(error)).toBe(true);
  });

  it('undoes a right granted by hand: the history is append-only again after a re-run', async () => {
    await onServer((c) => c.query(`GRANT UPDATE, DELETE ON task_updates TO "${role}"`), db.name);
    const url = await ensureAppRole(db.url, { role, password });
    await expect(as(url, (c) => c.query(`DELETE FROM task_updates`))).rejects.toThrow(/permission denied/);
  });

  it('lets the role use a table a later migration creates, at once and after the re-run', async () => {
    // as a migration would, run by the owner
    await onServer((c) => c.query(`CREATE TABLE later_things (id bigserial PRIMARY KEY, name text NOT NULL)`), db.name);
    const url = `postgres://${role}:${password}@${new URL(db.url).host}/${db.name}`;
    await as(url, (c) => c.query(`INSERT INTO later_things (name) VALUES ('by default privileges')`));
    await ensureAppRole(db.url, { role, password });
    await as(url, (c) => c.query(`UPDATE later_things SET name = 'after the re-run'`));
    expect((await as(url, (c) => c.query(`SELECT name FROM later_things`))).rows).toEqual([{ name: 'after the re-run' }]);
  });

  it('refuses to make the owner itself the application role', async () => {
    await expect(ensureAppRole(db.url, { role: 'postgres', password })).rejects.toThrow(/must not be the owner/);
  });

  it('prints the same grants as SQL for an operator, with the password left to psql’s \\password', () => {
    const sql = appRoleSql({ role: 'steering_app', database: 'steering', owner: 'steering_owner' });
    expect(sql).toContain('CREATE ROLE "steering_app" WITH NOSUPERUSER');
    expect(sql).toContain('REVOKE UPDATE, DELETE, TRUNCATE ON "public"."task_updates" FROM "steering_app", PUBLIC;');
    expect(sql).toContain('ALTER ROLE "steering_app" IN DATABASE "steering" SET statement_timeout = 15000;');
    expect(sql).toContain('ALTER DEFAULT PRIVILEGES FOR ROLE "steering_owner" IN SCHEMA "public" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "steering_app";');
    expect(sql).toContain('\\password "steering_app"');
    expect(appRoleSql({ role: 'steering_app', database: 'steering', owner: 'o', password: 'a-password-of-some-length' })).toMatch(/PASSWORD 'SCRAM-SHA-256\$4096:/);
  });
});

describe('the role the apps start as', () => {
  it('in production, the worker refuses to start as a superuser, with one line naming DATABASE_APP_URL', async () => {
    const db = await createTestDatabase();
    const prefix = uniqueName('steering-test-');
    try {
      const worker = startProcess('worker', {
        NODE_ENV: 'production', JWT_SECRET: randomBytes(24).toString('hex'), DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix,
      });
      expect(await waitForExit(worker, 60_000)).toBe(1);
      expect(worker.output().trim()).toMatch(/^worker failed to start: DATABASE_APP_URL is not set, and DATABASE_URL connects as "postgres", a superuser: [^\n]+$/);
    } finally {
      await deleteRedisKeys(prefix);
      await db.drop();
    }
  });

  it('in production, the worker starts as the application role', async () => {
    const db = await createTestDatabase();
    const prefix = uniqueName('steering-test-');
    try {
      const worker = startProcess('worker', {
        NODE_ENV: 'production', JWT_SECRET: randomBytes(24).toString('hex'), DATABASE_URL: db.url, DATABASE_APP_URL: db.appUrl,
        REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix,
      });
      await waitForOutput(worker, /worker started/, 60_000);
      worker.kill('SIGTERM');
      expect(await waitForExit(worker)).toBe(0);
      expect(worker.output()).not.toMatch(/DATABASE_APP_URL/);
    } finally {
      await deleteRedisKeys(prefix);
      await db.drop();
    }
  });

  it('outside production, a superuser connection starts with one warning naming DATABASE_APP_URL', async () => {
    const db = await createTestDatabase();
    const prefix = uniqueName('steering-test-');
    try {
      const worker = startProcess('worker', { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix });
      await waitForOutput(worker, /worker started/, 60_000);
      worker.kill('SIGTERM');
      expect(await waitForExit(worker)).toBe(0);
      expect(worker.output().match(/DATABASE_APP_URL is not set, and DATABASE_URL connects as "postgres", a superuser/g)).toHaveLength(1);
    } finally {
      await deleteRedisKeys(prefix);
      await db.drop();
    }
  });
});
