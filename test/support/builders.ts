import { onServer } from './databases';
import { TestEnv } from './test-app';

type Auth = { Authorization: string };
/** What the builders need of an API: an in-process TestEnv, or an API process reached over HTTP. */
type Api = Pick<TestEnv, 'http'>;

/** Builders for test data through the API, so tests read like what users do. */
export async function createDepartment(env: Api, admin: Auth, code: string, name: string, aliases: string[] = []): Promise<string> {
  const res = await env.http().post('/api/v1/departments').set(admin).send({ code, name, aliases }).expect(201);
  return res.body.id;
}

export async function createGroup(env: Api, admin: Auth, code: string, name: string, departmentIds: string[]): Promise<string> {
  const res = await env.http().post('/api/v1/department-groups').set(admin).send({ code, name, departmentIds }).expect(201);
  return res.body.id;
}

export async function createPlan(
  env: Api,
  secretariat: Auth,
  plan: Partial<{ number: string; kind: string; title: string; issuedOn: string; issuer: string; year: number }> = {},
): Promise<string> {
  const res = await env.http().post('/api/v1/plans').set(secretariat).send({
    number: plan.number ?? `${Math.floor(Math.random() * 1e6)}/KH-UBND`,
    kind: plan.kind ?? 'plan',
    title: plan.title ?? 'Kế hoạch chuyển đổi số năm 2024',
    issuedOn: plan.issuedOn ?? '2024-01-12',
    issuer: plan.issuer ?? 'UBND tỉnh Ninh Thuận',
    year: plan.year ?? 2024,
  }).expect(201);
  return res.body.id;
}

export async function createTask(env: Api, secretariat: Auth, task: Record<string, unknown>): Promise<any> {
  const res = await env.http().post('/api/v1/tasks').set(secretariat).send(task);
  if (res.status !== 201) throw new Error(`create task ${task.code}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * A change in SQL that no trigger sees (as a restore would make): it bumps no data revision and
 * refreshes no copy on the task row, so only a kept answer can hide it from a reader.
 */
export async function changeBehindTheTriggers(env: TestEnv, sql: string, params: unknown[]): Promise<void> {
  // as the owner: the application's role may not switch triggers off
  await onServer(async (c) => {
    await c.query('BEGIN');
    await c.query(`SET LOCAL session_replication_role = replica`);
    await c.query(sql, params);
    await c.query('COMMIT');
  }, new URL(env.config.databaseUrl).pathname.slice(1));
}
