/**
 * One spec file's own product: a database copied from the run's template, a Redis prefix,
 * the BUILT API (dist) on a free port serving the built pages, and the people and tasks a
 * focal point's day needs, seeded through the API as the secretariat would make them.
 * stop() removes all of it (process, database, Redis keys).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { API_MAIN, createTestDatabase, deleteRedisKeys, distLib, REDIS_URL, ROOT, TEST_QUEUE_PREFIX, uniqueName } from './databases';

export const HOST = '127.0.0.1';
/** The built worker (summaries, reminders, deliveries); STEERING_WORKER_MAIN points at another build. */
export const WORKER_MAIN = process.env.STEERING_WORKER_MAIN ?? join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');

/** What a spec file's product runs besides the API. */
export interface StackOptions {
  /** Also start the built worker, with the API's environment (a spec that needs the jobs done: meeting summaries). */
  worker?: boolean;
}
export const WEB_DIST_DIR = join(ROOT, 'apps/web/dist');

export interface Person {
  id: string;
  email: string;
  password: string;
  /** A bearer token of this person, for what the test does through the API behind the page's back. */
  token: string;
}

export interface SeededTask {
  id: string;
  code: string;
  title: string;
}

export interface Stack {
  baseURL: string;
  today: string;
  departments: { own: { id: string; name: string }; other: { id: string; name: string } };
  admin: Person;
  secretariat: Person;
  focalPoint: Person;
  otherFocalPoint: Person;
  plan: { id: string; number: string };
  tasks: Record<TaskKey, SeededTask>;
  api: Api;
  stop: () => Promise<void>;
}

type TaskKey = 'completion' | 'stale' | 'otherDepartment' | 'coordinated' | 'extension' | 'returned' | 'overdue' | 'dueSoon' | 'phone';

/** Calls to the API as one person (Bearer), failing loudly on an unexpected status. */
export class Api {
  constructor(readonly baseURL: string) {}

  async call<T = any>(token: string | null, method: string, path: string, body?: unknown, expect: number[] = [200, 201, 204]): Promise<T> {
    const res = await fetch(`${this.baseURL}/api/v1${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!expect.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async signIn(email: string, password: string): Promise<string> {
    return (await this.call<{ accessToken: string }>(null, 'POST', '/auth/login', { email, password })).accessToken;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A calendar day in Vietnam (YYYY-MM-DD), `days` from today: deadlines are judged there. */
export function dayInVietnam(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() + days * 86_400_000));
}

/** 2026-11-26 → 26/11/2026, as the pages write and read dates. */
export const ddmmyyyy = (day: string) => day.split('-').reverse().join('/');

async function startApi(env: NodeJS.ProcessEnv, port: number, output: string[]): Promise<ChildProcess> {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run npm run build`);
  const child = spawn(process.execPath, [API_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // kept to explain a failed start; the API logs JSON lines on stdout
  const keep = (data: Buffer) => {
    output.push(...data.toString().split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} before answering:\n${output.slice(-20).join('\n')}`);
    try {
      const res = await fetch(`http://${HOST}:${port}/health`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not answer /health within 90 s:\n${output.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The built worker, started once it says so on stdout (it serves no port). */
async function startWorker(env: NodeJS.ProcessEnv, output: string[]): Promise<ChildProcess> {
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run npm run build`);
  const child = spawn(process.execPath, [WORKER_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let started = false;
  const keep = (data: Buffer) => {
    const lines = data.toString().split('\n').filter(Boolean);
    if (lines.some((l) => l.includes('worker started'))) started = true;
    output.push(...lines.map((l) => `[worker] ${l}`));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const deadline = Date.now() + 60_000;
  while (!started) {
    if (child.exitCode !== null) throw new Error(`the worker exited with code ${child.exitCode} before starting:\n${output.slice(-20).join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the worker did not start within 60 s:\n${output.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const secret = () => randomBytes(18).toString('base64url');

/** A product's own database, Redis prefix and API process; `stop` removes all of it. */
async function startProduct(beforeApi?: (env: NodeJS.ProcessEnv) => Promise<void>, options: StackOptions = {}) {
  const database = await createTestDatabase();
  const queuePrefix = uniqueName(TEST_QUEUE_PREFIX);
  const port = await freePort();
  const admin = { email: `admin.${randomBytes(4).toString('hex')}@test.local`, password: secret() };
  const output: string[] = [];
  let child: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  const stop = async () => {
    // both processes gone before their Redis keys and database are
    await Promise.all([worker && stopProcess(worker), child && stopProcess(child)]);
    await deleteRedisKeys(queuePrefix);
    await database.drop();
  };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_APP_URL: database.appUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    PORT: String(port),
    HOST,
    JWT_SECRET: randomBytes(36).toString('base64url'),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    WEB_DIST_DIR,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    TZ_BUSINESS: 'Asia/Ho_Chi_Minh',
  };
  try {
    await beforeApi?.(env);
    child = await startApi(env, port, output);
    if (options.worker) worker = await startWorker(env, output);
    const baseURL = `http://${HOST}:${port}`;
    return { baseURL, api: new Api(baseURL), admin, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const product = await startProduct(undefined, options);
  try {
    const seeded = await seed(product.api, product.admin);
    return { baseURL: product.baseURL, api: product.api, stop: product.stop, ...seeded };
  } catch (error) {
    await product.stop().catch(() => undefined);
    throw error;
  }
}

/** The product as `npm start` shows it: the demo departments, groups, users and two plans of the fixtures. */
export interface DemoStack {
  baseURL: string;
  today: string;
  api: Api;
  admin: Person;
  /** thuongtruc@steering.local */
  secretariat: Person;
  /** daumoi.stttt@steering.local, of Sở Thông tin và Truyền thông (code STTTT) */
  focalPoint: Person;
  /** lanhdao@steering.local */
  viewer: Person;
  stop: () => Promise<void>;
}

/** Loads the demo data with npm start's own loader (the build's), then starts the API. */
export async function startDemoStack(options: StackOptions = {}): Promise<DemoStack> {
  const demoPassword = secret();
  const product = await startProduct(async (env) => {
    const { configOrExit, loadConfig } = distLib('config');
    const loader = join(API_MAIN, '../../../../libs/demo/src/load-demo-data.js');
    const config = configOrExit(() => loadConfig({ ...process.env, ...env }));
    await require(loader).loadDemoDataIfEmpty(config, demoPassword);
  }, options);
  try {
    const person = async (email: string, password: string): Promise<Person> => {
      const token = await product.api.signIn(email, password);
      const me = await product.api.call<{ id: string }>(token, 'GET', '/me');
      return { id: me.id, email, password, token };
    };
    return {
      baseURL: product.baseURL,
      today: dayInVietnam(),
      api: product.api,
      stop: product.stop,
      admin: await person(product.admin.email, product.admin.password),
      secretariat: await person('thuongtruc@steering.local', demoPassword),
      focalPoint: await person('daumoi.stttt@steering.local', demoPassword),
      viewer: await person('lanhdao@steering.local', demoPassword),
    };
  } catch (error) {
    await product.stop().catch(() => undefined);
    throw error;
  }
}

/**
 * Two departments and their focal points, the secretariat, one plan, and a task per scene of
 * the walk; due dates around today (the built API judges with the real clock).
 */
async function seed(api: Api, adminLogin: { email: string; password: string }) {
  const today = dayInVietnam();
  const admin: Person = { id: '', ...adminLogin, token: await api.signIn(adminLogin.email, adminLogin.password) };
  const me = await api.call<{ id: string }>(admin.token, 'GET', '/me');
  admin.id = me.id;

  const department = async (code: string, name: string) => ({ id: (await api.call(admin.token, 'POST', '/departments', { code, name })).id as string, name });
  const own = await department('STTTT', 'Sở Thông tin và Truyền thông');
  const other = await department('SNV', 'Sở Nội vụ');

  const person = async (label: string, role: string, departmentId: string | null, fullName: string): Promise<Person> => {
    const email = `${label}.${randomBytes(4).toString('hex')}@test.local`;
    const password = secret();
    const user = await api.call(admin.token, 'POST', '/users', { email, password, fullName, role, departmentId });
    return { id: user.id, email, password, token: await api.signIn(email, password) };
  };
  const secretariat = await person('thuongtruc', 'secretariat', null, 'Thường trực Ban Chỉ đạo');
  const focalPoint = await person('daumoi', 'focal_point', own.id, 'Nguyễn Thị Đầu Mối');
  const otherFocalPoint = await person('daumoi.snv', 'focal_point', other.id, 'Trần Văn Nội Vụ');

  const planNumber = `${100 + Math.floor(Math.random() * 800)}/KH-UBND`;
  const plan = {
    id: (await api.call(secretariat.token, 'POST', '/plans', {
      number: planNumber,
      kind: 'plan',
      title: 'Kế hoạch chuyển đổi số tỉnh',
      issuedOn: dayInVietnam(-90),
      issuer: 'UBND tỉnh Ninh Thuận',
      year: Number(dayInVietnam(-90).slice(0, 4)),
    })).id as string,
    number: planNumber,
  };

  const task = async (code: string, title: string, leadDepartmentId: string, dueDate: string, extra: Record<string, unknown> = {}): Promise<SeededTask> => {
    const created = await api.call(secretariat.token, 'POST', '/tasks', {
      planId: plan.id, code, title, leadDepartmentId, dueDate, expectedOutput: 'Kế hoạch', ...extra,
    });
    return { id: created.id, code, title };
  };
  const tasks: Record<TaskKey, SeededTask> = {
    completion: await task('I.1', 'Triển khai nền tảng điều hành thông minh cấp tỉnh', own.id, dayInVietnam(30)),
    stale: await task('I.2', 'Xây dựng cơ sở dữ liệu chuyên ngành thông tin và truyền thông', own.id, dayInVietnam(45)),
    otherDepartment: await task('I.3', 'Rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn', other.id, dayInVietnam(40)),
    coordinated: await task('I.4', 'Số hóa hồ sơ cán bộ, công chức, viên chức', other.id, dayInVietnam(50), { coordinatingDepartmentIds: [own.id] }),
    extension: await task('I.5', 'Tổ chức tuyên truyền về chữ ký số cho người dân', own.id, dayInVietnam(20)),
    returned: await task('I.6', 'Ban hành quy chế quản lý văn bản điện tử', own.id, dayInVietnam(60)),
    overdue: await task('II.1', 'Hoàn thiện hạ tầng viễn thông băng rộng', own.id, dayInVietnam(-10)),
    dueSoon: await task('II.2', 'Đẩy mạnh thanh toán không dùng tiền mặt', own.id, dayInVietnam(3)),
    phone: await task('II.3', 'Nâng cao chất lượng dịch vụ công trực tuyến toàn trình', own.id, dayInVietnam(75)),
  };
  return { today, departments: { own, other }, admin, secretariat, focalPoint, otherFocalPoint, plan, tasks };
}
