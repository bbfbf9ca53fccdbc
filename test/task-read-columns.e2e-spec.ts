import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@app/data-source';
import { TaskReadColumns1763870800000 } from '../migrations/1763870800000-task-read-columns';
import { createDepartment, createPlan, createTask } from './support/builders';
import { createEmptyDatabase } from './support/databases';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * Coordinators and output documents are read from copies on the task row, which triggers keep
 * (migration 1763870800000-task-read-columns). Whatever writes the two tables, through the API
 * or straight in SQL, one row or many in one statement, the task reads the same as the tables.
 */
describe('coordinators and documents kept ready on the task row', () => {
  let env: TestEnv;
  let secretariat: { auth: { Authorization: string } };
  let a: string, b: string, c: string, taskId: string;

  beforeAll(async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    [a, b, c] = await Promise.all(['SA', 'SB', 'SC'].map((code) => createDepartment(env, admin.auth, code, `Sở ${code}`)));
    const planId = await createPlan(env, secretariat.auth);
    taskId = (await createTask(env, secretariat.auth, { planId, code: '1', title: 'Số hoá hồ sơ', leadDepartmentId: a, coordinatingDepartmentIds: [c, b] })).id;
  });
  afterAll(() => env.close());

  const read = async () => (await env.http().get(`/api/v1/tasks/${taskId}`).set(secretariat.auth).expect(200)).body;

  it('follows coordinators set and changed through the API', async () => {
    expect((await read()).coordinatingDepartmentIds).toEqual([b, c].sort());
    const version = (await read()).version;
    await env.http().patch(`/api/v1/tasks/${taskId}`).set(secretariat.auth).send({ version, coordinatingDepartmentIds: [c] }).expect(200);
    expect((await read()).coordinatingDepartmentIds).toEqual([c]);
  });

  it('follows documents inserted, renumbered and deleted in SQL, several in one statement, without touching the version', async () => {
    const before = await read();
    await env.db.query(
      `INSERT INTO output_documents (task_id, number, issued_on, kind, title)
       VALUES ($1, '185/KH-UBND', '2024-03-12', 'issued', 'Kế hoạch'), ($1, '86/STTTT-TTBCXB', '2024-02-01', 'submitted', NULL)`,
      [taskId],
    );
    const task = await read();
    expect(task.outputDocuments.map((d: any) => [d.number, d.issuedOn, d.kind, d.title])).toEqual([
      ['86/STTTT-TTBCXB', '2024-02-01', 'submitted', null],
      ['185/KH-UBND', '2024-03-12', 'issued', 'Kế hoạch'],
    ]);
    const [{ id }] = await env.db.query(`SELECT id FROM output_documents WHERE number = '185/KH-UBND'`);
    expect(task.outputDocuments[1].id).toBe(id);
    expect(task.version).toBe(before.version);

    await env.db.query(`UPDATE output_documents SET number = '186/KH-UBND' WHERE id = $1`, [id]);
    expect((await read()).outputDocuments.map((d: any) => d.number)).toEqual(['86/STTTT-TTBCXB', '186/KH-UBND']);
    await env.db.query(`DELETE FROM output_documents WHERE number = '86/STTTT-TTBCXB'`);
    expect((await read()).outputDocuments.map((d: any) => d.number)).toEqual(['186/KH-UBND']);
    await env.db.query(`DELETE FROM output_documents WHERE task_id = $1`, [taskId]);
    expect((await read()).outputDocuments).toEqual([]);
  });

  it('lists the same copies as the task answers', async () => {
    await env.db.query(`INSERT INTO task_coordinators (task_id, department_id) VALUES ($1, $2)`, [taskId, a]);
    const list = await env.http().get('/api/v1/tasks').query({ departmentId: a }).set(secretariat.auth).expect(200);
    expect(list.body.items).toEqual([await read()]);
    expect(list.body.items[0].coordinatingDepartmentIds).toEqual([a, c].sort());
  });
});

describe('the migration that adds the copies', () => {
  let db: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await createEmptyDatabase('copies'));
  });
  afterAll(() => drop());

  it('fills them from the rows already there', async () => {
    await db.runMigrations({ transaction: 'each' });
    // back to before the copies (later migrations first), so the rows below are written without them
    const later = MIGRATIONS.length - MIGRATIONS.indexOf(TaskReadColumns1763870800000);
    for (let i = 0; i < later; i++) await db.undoLastMigration({ transaction: 'each' });
    expect(await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'output_documents_json'`)).toEqual([]);
    const [dept] = await db.query(`INSERT INTO departments (code, name) VALUES ('SA', 'Sở A') RETURNING id`);
    const [plan] = await db.query(
      `INSERT INTO plans (number, kind, title, issued_on, issuer, year) VALUES ('1/KH', 'plan', 'K', '2024-01-01', 'UBND', 2024) RETURNING id`,
    );
    const [task] = await db.query(`INSERT INTO tasks (plan_id, code, title, lead_department_id) VALUES ($1, '1', 'T', $2) RETURNING id`, [plan.id, dept.id]);
    await db.query(`INSERT INTO task_coordinators (task_id, department_id) VALUES ($1, $2)`, [task.id, dept.id]);
    await db.query(`INSERT INTO output_documents (task_id, number, issued_on, kind) VALUES ($1, '5/QĐ', '2024-02-02', 'issued')`, [task.id]);

    await db.runMigrations({ transaction: 'each' });
    const [row] = await db.query(`SELECT coordinating_department_ids::text[] AS ids, output_documents_json AS docs FROM tasks WHERE id = $1`, [task.id]);
    expect(row.ids).toEqual([dept.id]);
    expect(row.docs).toEqual([expect.objectContaining({ number: '5/QĐ', issuedOn: '2024-02-02', kind: 'issued', title: null })]);
  });
});
