// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it races writes, 10 rounds each.
import { createDepartment, createPlan } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * The version check is part of the write (`UPDATE … WHERE id = $1 AND version = $2`): of two
 * edits sent at once on the same version, one applies and the other is a 409 with the thing's
 * code, every time. Ten rounds a thing, so a check made apart from its write would lose one.
 */
describe('two concurrent edits on the same version: exactly one wins', () => {
  let env: TestEnv;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  const ROUNDS = 10;

  beforeAll(async () => {
    env = await startTestApp();
    admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
  });
  afterAll(() => env.close());

  it.each([
    ['plans', 'PLAN_VERSION_STALE'],
    ['departments', 'DEPARTMENT_VERSION_STALE'],
    ['users', 'USER_VERSION_STALE'],
  ])('PATCH /%s/:id: one 200 and one 409 %s in each of the rounds', async (path, code) => {
    const [id, auth, body] =
      path === 'plans'
        ? [await createPlan(env, secretariat.auth, { number: 'RACE/KH-UBND' }), secretariat.auth, (i: number) => ({ title: `Kế hoạch ${i}` })]
        : path === 'departments'
          ? [await createDepartment(env, admin.auth, 'RACE', 'Sở Đua'), admin.auth, (i: number) => ({ aliases: [`Bí danh ${i}`] })]
          : [(await signIn(env, 'viewer')).id, admin.auth, (i: number) => ({ fullName: `Người xem ${i}` })];
    for (let round = 0; round < ROUNDS; round++) {
      const before = (await env.http().get(`/api/v1/${path}/${id}`).set(admin.auth).expect(200)).body;
      const answers = await Promise.all(
        [1, 2].map((side) => env.http().patch(`/api/v1/${path}/${id}`).set(auth).send({ ...body(round * 2 + side), version: before.version })),
      );
      expect({ round, statuses: answers.map((a) => a.status).sort() }).toEqual({ round, statuses: [200, 409] });
      const [won, lost] = answers[0].status === 200 ? answers : [answers[1], answers[0]];
      expect(lost.body).toMatchObject({ code, currentVersion: before.version + 1 });
      const after = (await env.http().get(`/api/v1/${path}/${id}`).set(admin.auth).expect(200)).body;
      expect(after).toMatchObject({ version: before.version + 1 });
      expect(after).toEqual(won.body);
    }
  });
});
