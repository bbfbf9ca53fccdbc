import { ReadCaches } from '@app/database';
import { TASK_SORTS, TASK_STATUSES, TaskFilter, taskJsonSql, taskListStatements, TaskStatus, TIMELINESS } from '@app/tasks';
import { changeBehindTheTriggers, createDepartment, createPlan, createTask } from './support/builders';
import { onServer } from './support/databases';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * Guards of the three read caches (libs/database/src/read-caches.ts): they fail when a change
 * breaks what the caches rely on, not only when an answer is already wrong.
 */
type Who = Awaited<ReturnType<typeof signIn>>;

const SOME_ID = '00000000-0000-4000-8000-000000000001';

/**
 * Every filter of a list at once, in each of its forms. Typed so that a new TaskFilter field
 * fails the type check (npm run lint:types) until it is added here. The search (`q`) is left
 * out: its count is never kept (countKey null), as the first test checks.
 */
function everyFilter(): TaskFilter[] {
  const base: Required<Omit<TaskFilter, 'q'>> = {
    page: 1,
    limit: 50,
    planId: SOME_ID,
    departmentId: SOME_ID,
    coordinatingDepartmentId: SOME_ID,
    involvedDepartmentId: SOME_ID,
    parentId: SOME_ID,
    status: ['completed'],
    timeliness: [...TIMELINESS],
    dueFrom: '2024-01-01',
    dueTo: '2024-12-31',
    sort: 'plan',
    awaitingReview: true,
  };
  const forms: TaskFilter[] = [];
  for (const status of [['completed'], ['in_progress'], [...TASK_STATUSES]] as TaskStatus[][]) {
    for (const parentId of [SOME_ID, null]) {
      for (const awaitingReview of [true, false]) {
        for (const sort of TASK_SORTS) forms.push({ ...base, status, parentId, awaitingReview, sort });
      }
    }
  }
  return forms;
}

/** Relations scanned by a statement, from its plan (EXPLAIN VERBOSE), with how often. */
async function relationsOf(env: TestEnv, sql: string, params: unknown[]): Promise<string[]> {
  const [{ 'QUERY PLAN': plan }] = await env.db.query(`EXPLAIN (VERBOSE, FORMAT JSON) ${sql}`, params);
  const found: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Relation Name'] === 'string') found.push(node['Relation Name']);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(plan[0].Plan);
  return found.sort();
}

describe('read caches: what they rely on', () => {
  let env: TestEnv;
  let caches: ReadCaches;
  let secretariat: Who;
  let deptId: string, planId: string, taskId: string;

  const list = async (query: string) => (await env.http().get(`/api/v1/tasks?${query}`).set(secretariat.auth).expect(200)).body;
  const rollup = async (query: string) => (await env.http().get(`/api/v1/rollups?${query}`).set(secretariat.auth).expect(200)).body;

  beforeAll(async () => {
    env = await startTestApp();
    caches = env.app.get(ReadCaches);
    const admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    deptId = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    planId = await createPlan(env, secretariat.auth, { number: '30/KH-BCĐCĐS', issuedOn: '2024-02-06' });
    taskId = (await createTask(env, secretariat.auth, { planId, code: '1', title: 'Số hoá hồ sơ', leadDepartmentId: deptId, deadlineText: '31/12/2024' })).id;
    await createTask(env, secretariat.auth, { planId, code: '2', title: 'Cổng dữ liệu', leadDepartmentId: deptId, deadlineText: '31/12/2024' });
  });
  afterAll(() => env.close());

  it('keeps a list count only when every column its filters read is watched by a revision trigger', async () => {
    // the columns of tasks whose every change bumps a data revision, as the database has them now
    const triggers: { definition: string; source: string; rowLevel: boolean }[] = await env.db.query(
      `SELECT pg_get_triggerdef(tg.oid) AS definition, p.prosrc AS source, (tg.tgtype & 1) = 1 AS "rowLevel"
         FROM pg_trigger tg JOIN pg_proc p ON p.oid = tg.tgfoid
        WHERE tg.tgrelid = 'tasks'::regclass AND NOT tg.tgisinternal`,
    );
    const bumping = triggers.filter((t) => /bump_data_revisions|bump_revisions/.test(t.source) || /bump_revisions/.test(t.definition));
    const on = (event: string) => bumping.filter((t) => new RegExp(`AFTER ${event}\\b`).test(t.definition));
    expect(on('INSERT')).toHaveLength(1);
    expect(on('DELETE')).toHaveLength(1);
    const updates = on('UPDATE');
    expect(updates.length).toBeGreaterThan(0);
    // an update trigger without WHEN watches every column; with one, the columns it compares
    expect(updates.every((t) => t.rowLevel && / WHEN /.test(t.definition))).toBe(true);
    const watched = new Set(updates.flatMap((t) => [...t.definition.matchAll(/old\.(\w+) IS DISTINCT FROM new\.\1/g)].map((m) => m[1])));
    expect(watched).toContain('status');

    const today = env.clock.today();
    for (const filter of everyFilter()) {
      const statements = taskListStatements(filter, today);
      expect(statements.countKey).not.toBeNull();
      const read = [...statements.where.matchAll(/\b([a-z_]\w*)\.([a-z_]\w*)\b/g)];
      // only the task row itself (alias t): a column of another table has no trigger here at all
      expect(read.filter(([, alias]) => alias !== 't').map(([reference]) => reference)).toEqual([]);
      const unwatched = [...new Set(read.map(([, , column]) => column))].filter((column) => !watched.has(column));
      expect({ filter, unwatched }).toEqual({ filter, unwatched: [] });
      // and PostgreSQL agrees that the count reads no other table
      const params = [...statements.params.slice(0, -2)];
      expect(await relationsOf(env, `SELECT count(*) FROM tasks t ${statements.where}`, params)).toEqual(['tasks']);
    }
    expect(taskListStatements({ page: 1, limit: 50, q: 'số hoá' }, today).countKey).toBeNull();
  });

  it('builds the kept task JSON from the task row alone', async () => {
    // one task row and nothing else: no join, no sub-select of another table or of another task
    expect(await relationsOf(env, `SELECT ${taskJsonSql('t')} FROM tasks t WHERE t.id = $2`, [env.clock.today(), taskId])).toEqual(['tasks']);
    // the real page statement: tasks (the page and its count) and only what makes the stamp
    const statements = taskListStatements({ page: 1, limit: 50, planId }, env.clock.today());
    const relations = await relationsOf(env, statements.page, [...statements.params, null, null, []]);
    expect([...new Set(relations)]).toEqual(['data_revisions', 'pg_database', 'tasks']);
  });

  it('keys every cache by the database it read: system identifier, timeline, database, truncations', async () => {
    const [{ generation }] = await env.db.query(
      `SELECT s.system_identifier::text || '.' || c.timeline_id || '.' || d.oid || '.' || COALESCE((SELECT revision FROM data_revisions WHERE key = 'truncated'), 0) AS generation
         FROM pg_control_system() s, pg_control_checkpoint() c, pg_database d WHERE d.datname = current_database()`,
    );
    expect(generation).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    caches.clear();
    const query = `planId=${planId}&status=not_started`;
    const first = await list(query);
    expect(first.total).toBe(2);
    await rollup(`planId=${planId}`);
    expect(caches.taskJson.size).toBe(2);
    expect([...caches.taskJson.keys()].every((key) => key.startsWith(`${generation}/`))).toBe(true);
    expect([...caches.listCounts.values()].map((c) => c.stamp.split(':')[0])).toEqual([generation]);
    expect([...caches.rollups.keys()].map((key) => JSON.parse(key)[0])).toEqual([generation]);

    // another identity (as a failover or a restore shows it) empties them: the next read starts afresh
    caches.observe('1.2.3.4');
    expect([caches.taskJson.size, caches.listCounts.size, caches.rollups.size]).toEqual([0, 0, 0]);
    // an entry of another generation is never found: a changed status behind the triggers shows
    await changeBehindTheTriggers(env, `UPDATE tasks SET status = 'blocked' WHERE id = $1`, [taskId]);
    const after = await list(query);
    expect(after.total).toBe(1);
    expect((await rollup(`planId=${planId}`)).total).toMatchObject({ blocked: 1, notStarted: 1 });
    await changeBehindTheTriggers(env, `UPDATE tasks SET status = 'not_started' WHERE id = $1`, [taskId]);
    caches.clear();
  });

  it('forgets everything after a TRUNCATE of the watched tables', async () => {
    const query = `planId=${planId}`;
    expect((await list(query)).total).toBe(2);
    expect((await rollup('')).total).toMatchObject({ total: 2 });
    const generationBefore = [...caches.taskJson.keys()][0].split('/')[0];
    // as the owner; the cascade reaches the indicators' history (through plans), which refuses a TRUNCATE of its own
    await onServer(async (c) => {
      await c.query('BEGIN');
      await c.query(`ALTER TABLE indicator_value_history DISABLE TRIGGER tr_indicator_value_history_no_truncate`);
      await c.query(`TRUNCATE tasks CASCADE`);
      await c.query(`ALTER TABLE indicator_value_history ENABLE TRIGGER tr_indicator_value_history_no_truncate`);
      await c.query('COMMIT');
    }, new URL(env.config.databaseUrl).pathname.slice(1));
    expect(await list(query)).toMatchObject({ items: [], total: 0 });
    // the cascade took the plans too
    expect(await rollup('')).toMatchObject({ total: { total: 0, notStarted: 0 }, byPlan: [] });
    // a new generation: the old entries were dropped, not only passed over
    expect(caches.taskJson.size).toBe(0);
    expect([...caches.listCounts.values()][0].stamp.startsWith(`${generationBefore}:`)).toBe(false);
  });
});

describe('read caches switched off (READ_CACHES=off)', () => {
  let env: TestEnv;
  let secretariat: Who;
  let planId: string, taskId: string;

  beforeAll(async () => {
    env = await startTestApp({ READ_CACHES: 'off' });
    const admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    const deptId = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    planId = await createPlan(env, secretariat.auth, { number: '30/KH-BCĐCĐS', issuedOn: '2024-02-06' });
    taskId = (await createTask(env, secretariat.auth, { planId, code: '1', title: 'Số hoá hồ sơ', leadDepartmentId: deptId, deadlineText: '31/12/2024' })).id;
    await createTask(env, secretariat.auth, { planId, code: '2', title: 'Cổng dữ liệu', leadDepartmentId: deptId, deadlineText: '31/12/2024' });
  });
  afterAll(() => env.close());

  it('reads every list, count and roll-up from the database, so a change behind the triggers shows at once', async () => {
    const list = async () => (await env.http().get(`/api/v1/tasks?planId=${planId}&status=not_started`).set(secretariat.auth).expect(200)).body;
    const rollup = async () => (await env.http().get(`/api/v1/rollups?planId=${planId}`).set(secretariat.auth).expect(200)).body;
    expect((await list()).total).toBe(2);
    expect((await rollup()).total).toMatchObject({ notStarted: 2, blocked: 0 });

    await changeBehindTheTriggers(env, `UPDATE tasks SET status = 'blocked', title = 'Số hoá hồ sơ (tạm dừng)' WHERE id = $1`, [taskId]);
    const after = await list();
    expect(after.total).toBe(1);
    expect(after.items.map((t: { id: string }) => t.id)).not.toContain(taskId);
    expect((await rollup()).total).toMatchObject({ notStarted: 1, blocked: 1 });
    const all = (await env.http().get(`/api/v1/tasks?planId=${planId}`).set(secretariat.auth).expect(200)).body;
    expect(all.items.find((t: { id: string }) => t.id === taskId).title).toBe('Số hoá hồ sơ (tạm dừng)');

    const caches = env.app.get(ReadCaches);
    expect(caches.enabled).toBe(false);
    expect([caches.taskJson.size, caches.listCounts.size, caches.rollups.size]).toEqual([0, 0, 0]);
  });
});
