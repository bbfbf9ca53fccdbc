import type { Pool, QueryConfig } from 'pg';
import { TaskFilter, TaskQueries } from '@app/tasks';
import { changeBehindTheTriggers, createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * GET /tasks makes its page from tasks' JSON kept by row version (TaskQueries): the page is
 * first read as keys, and only tasks not kept are written by PostgreSQL; its count is kept by
 * the data revisions. Whatever changes a task, through the API, in SQL or by a trigger, and
 * whatever day it is asked, the list reads exactly as the same list read with nothing kept.
 */
describe('task lists from kept task JSON', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, focal: Who;
  let deptId: string, otherDeptId: string, planId: string;
  let taskIds: string[];
  /** The list statements sent to the pool, by kind, since the last reset. */
  let sent: { keys: number; page: number; knownOnLastPage: string[] };

  const filterOf = ({ status, ...query }: Record<string, string | number>): TaskFilter =>
    ({ page: 1, limit: 50, ...query, ...(status ? { status: [status] } : {}) }) as TaskFilter;
  const list = async (query: Record<string, string | number>) => {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    return (await env.http().get(`/api/v1/tasks?${search}`).set(secretariat.auth).expect(200)).body;
  };
  /** The same page read by a TaskQueries that keeps nothing yet: what the list must equal. */
  const uncached = async (query: Record<string, string | number>) =>
    new TaskQueries(env.db).list(filterOf(query), env.clock.today());

  beforeAll(async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    deptId = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    otherDeptId = await createDepartment(env, admin.auth, 'SNV', 'Sở Nội vụ');
    focal = await signIn(env, 'focal_point', deptId);
    planId = await createPlan(env, secretariat.auth, { number: '30/KH-BCĐCĐS', issuedOn: '2024-02-06' });
    taskIds = [];
    for (const [code, title] of [['1', 'Số hoá hồ sơ'], ['2', 'Cổng dữ liệu'], ['3', 'Tuyên truyền chuyển đổi số']]) {
      taskIds.push((await createTask(env, secretariat.auth, { planId, code, title, leadDepartmentId: deptId, deadlineText: '30/6/2024' })).id);
    }

    const pool = (env.db.driver as unknown as { master: Pool }).master;
    const query = pool.query.bind(pool) as (config: QueryConfig) => Promise<unknown>;
    sent = { keys: 0, page: 0, knownOnLastPage: [] };
    jest.spyOn(pool, 'query').mockImplementation(((config: QueryConfig) => {
      if (typeof config === 'object' && config.text?.includes('AS "rowVersion"')) {
        if (config.text.includes('THEN NULL ELSE')) {
          sent.page++;
          sent.knownOnLastPage = config.values!.at(-1) as string[];
        } else sent.keys++;
      }
      return query(config);
    }) as never);
  });
  afterAll(() => env.close());

  const resetSent = () => Object.assign(sent, { keys: 0, page: 0, knownOnLastPage: [] });

  it('writes a page once, then answers it from its keys alone while nothing changed', async () => {
    const query = { planId, page: 1, limit: 50 };
    resetSent();
    const first = await list(query);
    expect(first.items.map((t: { id: string }) => t.id)).toEqual(taskIds);
    expect(first.total).toBe(3);
    expect(sent).toMatchObject({ keys: 1, page: 1 });
    const again = await list(query);
    expect(sent).toMatchObject({ keys: 2, page: 1 });
    expect(again).toEqual(first);
    expect(again).toEqual(await uncached(query));
  });

  it('shows at once a progress report, a change in SQL and a coordinator added by a trigger', async () => {
    const query = { planId, page: 1, limit: 50 };
    await list(query);
    const { version } = (await env.http().get(`/api/v1/tasks/${taskIds[0]}`).set(focal.auth).expect(200)).body;
    await env.http().post(`/api/v1/tasks/${taskIds[0]}/updates`).set(focal.auth).send({ version, status: 'in_progress', progressNote: 'Đang triển khai' }).expect(201);
    let now = await list(query);
    expect(now.items[0]).toMatchObject({ status: 'in_progress', progressNote: 'Đang triển khai', version: version + 1 });

    await env.db.query(`UPDATE tasks SET title = 'Cổng dữ liệu mở' WHERE id = $1`, [taskIds[1]]);
    now = await list(query);
    expect(now.items[1].title).toBe('Cổng dữ liệu mở');

    // the copy on the task row changes by trigger; the task's own version does not
    await env.db.query(`INSERT INTO task_coordinators (task_id, department_id) VALUES ($1, $2)`, [taskIds[2], otherDeptId]);
    resetSent();
    now = await list(query);
    expect(now.items[2].coordinatingDepartmentIds).toEqual([otherDeptId]);
    expect(now.items[2].version).toBe(1);
    // only the changed task was written again
    expect(sent).toMatchObject({ keys: 1, page: 1 });
    expect(sent.knownOnLastPage).toHaveLength(2);
    expect(now).toEqual(await uncached(query));
  });

  it('judges timeliness as of the day the list is asked, though no task changed', async () => {
    const query = { planId, page: 1, limit: 50 };
    env.clock.set('2024-06-25T01:00:00Z');
    expect((await list(query)).items.map((t: { timeliness: string }) => t.timeliness)).toEqual(['due_soon', 'due_soon', 'due_soon']);
    env.clock.set('2024-07-01T01:00:00Z');
    expect((await list(query)).items.map((t: { timeliness: string }) => t.timeliness)).toEqual(['overdue', 'overdue', 'overdue']);
  });

  it('never shows what a transaction has not committed, nor keeps it after a rollback', async () => {
    const query = { planId, page: 1, limit: 50 };
    const before = await list(query);
    const runner = env.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`UPDATE tasks SET title = 'Bản nháp chưa lưu' WHERE id = $1`, [taskIds[0]]);
      expect(await list(query)).toEqual(before);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    const after = await list(query);
    expect(after).toEqual(before);
    expect(after.items[0].title).toBe('Số hoá hồ sơ');
  });

  it('makes a page of kept and newly written tasks, in order', async () => {
    env.clock.set('2024-07-02T01:00:00Z'); // a new day: nothing kept is found
    await list({ planId, page: 2, limit: 1 }); // keeps the second task only
    resetSent();
    const page = await list({ planId, page: 1, limit: 3 });
    expect(sent).toMatchObject({ keys: 1, page: 1 });
    expect(sent.knownOnLastPage).toEqual([expect.stringContaining(`${taskIds[1]}@`)]);
    expect(page.items.map((t: { id: string }) => t.id)).toEqual(taskIds);
    expect(page).toEqual(await uncached({ planId, page: 1, limit: 3 }));
  });

  it('keeps a count until a change that could alter it commits, and never the count of a search', async () => {
    const ids = (page: { items: { id: string }[] }) => page.items.map((t) => t.id);
    const otherPlanId = await createPlan(env, secretariat.auth, { number: '31/KH-BCĐCĐS', issuedOn: '2024-02-07' });
    const newTask = async (code: string, title: string) =>
      (await createTask(env, secretariat.auth, { planId: otherPlanId, code, title, leadDepartmentId: deptId, deadlineText: '31/12/2024' })).id as string;
    const [portal, signature] = [await newTask('1', 'Cổng dữ liệu'), await newTask('2', 'Chữ ký số')];
    const query = { planId: otherPlanId, status: 'not_started', page: 1, limit: 50 };
    const search = { ...query, q: 'cong du lieu' };
    expect(await list(query)).toMatchObject({ total: 2 });
    expect(await list(search)).toMatchObject({ total: 1 });

    await changeBehindTheTriggers(env, `UPDATE tasks SET status = 'blocked' WHERE id = $1`, [portal]);
    const hidden = await list(query);
    expect(ids(hidden)).toEqual([signature]); // the page is read afresh
    expect(hidden.total).toBe(2); // the count was kept
    expect(await list(search)).toMatchObject({ items: [], total: 0 });
    await changeBehindTheTriggers(env, `UPDATE tasks SET status = 'not_started' WHERE id = $1`, [portal]);

    // a status reported through the API bumps the plan's revision: counted again at once
    const { version } = (await env.http().get(`/api/v1/tasks/${portal}`).set(focal.auth).expect(200)).body;
    await env.http().post(`/api/v1/tasks/${portal}/updates`).set(focal.auth).send({ version, status: 'in_progress' }).expect(201);
    expect(await list(query)).toMatchObject({ total: 1 });
    const added = await newTask('3', 'Hệ thống họp trực tuyến');
    const after = await list(query);
    expect(after).toMatchObject({ total: 2 });
    expect(ids(after)).toEqual([signature, added]);
    expect(after).toEqual(await uncached(query));
  });

  it('answers the total of a page past the end, and of no match', async () => {
    expect(await list({ planId, page: 5, limit: 2 })).toEqual({ items: [], total: 3, page: 5, limit: 2 });
    expect(await list({ departmentId: otherDeptId, status: 'blocked' })).toEqual({ items: [], total: 0, page: 1, limit: 50 });
  });
});
