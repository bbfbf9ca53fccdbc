// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it counts the connections parallel writes hold in the pool.
import { createDepartment, createPlan } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/** A task creation holds one connection, its transaction's: parallel creations never exhaust the pool (10). */
describe('parallel writes', () => {
  let env: TestEnv;
  afterAll(() => env.close());

  it('creates 30 tasks at once, three times the database pool, each 201 and none lost', async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    const secretariat = await signIn(env, 'secretariat');
    const lead = await createDepartment(env, admin.auth, 'STTTT', 'Sở Thông tin và Truyền thông');
    const coordinator = await createDepartment(env, admin.auth, 'SGDDT', 'Sở Giáo dục và Đào tạo');
    const planId = await createPlan(env, secretariat.auth);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        env.http().post('/api/v1/tasks').set(secretariat.auth)
          .send({ planId, code: `P.${i + 1}`, title: `Nhiệm vụ song song ${i + 1}`, leadDepartmentId: lead, coordinatingDepartmentIds: [coordinator], dueDate: '2024-12-31' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(201));
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM tasks WHERE plan_id = $1`, [planId]);
    expect(n).toBe(30);
  });
});
