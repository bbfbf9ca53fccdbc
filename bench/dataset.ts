/**
 * The benchmark dataset: a national-scale steering committee in its own database
 * (steering_bench_…), created and migrated with the app's own migrations, then filled with
 * bulk SQL (generate_series, one statement per table). Deterministic: the same options give
 * the same rows (ids are md5 of a label, choices are md5 hashes of the row number).
 *
 *   import { seedDataset } from './dataset';
 *   const data = await seedDataset(BENCH_SERVER_URL, { tasks: 100_000 });
 *   …
 *   await data.drop();
 *
 * CLI: `node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/dataset.ts
 * [--tasks 100000] [--keep]` seeds, prints the counts and the time, and drops the database
 * unless --keep (then it prints the URL and how to drop it).
 */
import 'reflect-metadata';
import * as bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { foldVietnamese } from '@app/common';
import { dataSourceOptions } from '@app/data-source';
import { defaultAppRoleName, dropAppRole, ensureAppRole } from '@app/database';
import { DEMO_DEPARTMENTS } from '@app/imports';

/** Every database a benchmark makes carries this mark; nothing else is ever dropped. */
export const BENCH_DB_PREFIX = 'steering_bench_';
/** Where benchmarks create their databases (a maintenance database on the local server). */
export const BENCH_SERVER_URL = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The one password of every seeded user. */
export const BENCH_PASSWORD = 'bench-password-1';
const BUSINESS_ZONE = 'Asia/Ho_Chi_Minh';

export interface DatasetOptions {
  tasks?: number;
  departments?: number;
  plans?: number;
  users?: number;
  /** The day statuses are judged against (YYYY-MM-DD); default today in Vietnam, as the API judges. */
  today?: string;
  log?: (line: string) => void;
}

export interface BenchUser {
  id: string;
  email: string;
  role: 'admin' | 'secretariat' | 'focal_point' | 'viewer';
  departmentId: string | null;
}

export interface BenchDatabase {
  name: string;
  /** The owner's URL (migrations, seeding). */
  url: string;
  /** The application role's URL, as the API and the worker connect in production (DATABASE_APP_URL). */
  appUrl: string;
  drop: () => Promise<void>;
}

export interface BenchDataset extends BenchDatabase {
  password: string;
  today: string;
  departments: { id: string; code: string; name: string }[];
  plans: { id: string; number: string }[];
  users: BenchUser[];
  counts: Record<string, number>;
  seconds: number;
}

export function databaseUrlOf(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export const todayIn = (zone = BUSINESS_ZONE, at = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(at);

async function onServer<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropBenchDatabase(serverUrl: string, name: string): Promise<void> {
  if (!name.startsWith(BENCH_DB_PREFIX)) throw new Error(`refusing to drop ${name}: not a benchmark database`);
  await onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A new, migrated, empty database of its own (the app's migrations, as `npm start` runs them). */
export async function createBenchDatabase(serverUrl = BENCH_SERVER_URL, label = ''): Promise<BenchDatabase> {
  const name = `${BENCH_DB_PREFIX}${label ? `${label}_` : ''}${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrlOf(serverUrl, name);
  const role = defaultAppRoleName(url);
  // the role's grants go with the database; the role itself is the server's, so it goes first
  const drop = async () => {
    await dropAppRole(url, role).catch(() => undefined);
    await dropBenchDatabase(serverUrl, name);
  };
  let appUrl: string;
  try {
    const dataSource = new DataSource(dataSourceOptions(url));
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
    } finally {
      await dataSource.destroy();
    }
    appUrl = await ensureAppRole(url, { role, password: randomBytes(24).toString('hex') });
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url, appUrl, drop };
}

// Titles are an action and a subject; folded in JS with the app's own foldVietnamese so that
// search_text is exactly what the app would have written.
const ACTIONS = [
  'Xây dựng kế hoạch', 'Triển khai thực hiện', 'Tổ chức tuyên truyền về', 'Ban hành quy chế', 'Rà soát, đánh giá',
  'Đẩy mạnh ứng dụng', 'Hoàn thiện cơ sở dữ liệu', 'Kiểm tra, giám sát', 'Tổng kết, báo cáo', 'Nâng cao chất lượng',
  'Đề xuất giải pháp', 'Xây dựng đề án', 'Hướng dẫn thực hiện', 'Tập huấn, bồi dưỡng về', 'Số hóa hồ sơ',
  'Cải cách thủ tục hành chính về', 'Phối hợp thực hiện', 'Tổ chức hội nghị về', 'Đầu tư nâng cấp', 'Chuyển đổi số trong',
];
const SUBJECTS = [
  'chuyển đổi số cấp tỉnh', 'dịch vụ công trực tuyến toàn trình', 'chính quyền số', 'kinh tế số và xã hội số',
  'hạ tầng viễn thông băng rộng', 'an toàn thông tin mạng', 'cơ sở dữ liệu đất đai', 'y tế cơ sở', 'giáo dục phổ thông',
  'nông thôn mới', 'du lịch thông minh', 'đô thị thông minh', 'thanh toán không dùng tiền mặt', 'Đề án 06',
  'cải cách hành chính', 'phòng, chống thiên tai', 'bảo vệ môi trường', 'giảm nghèo bền vững', 'thu hút đầu tư',
  'phát triển doanh nghiệp nhỏ và vừa', 'quản lý văn bản điện tử', 'chữ ký số', 'trung tâm điều hành thông minh',
  'năng lượng tái tạo', 'kinh tế biển',
];
const SECTIONS = [
  'Nhóm nhiệm vụ về thể chế', 'Nhóm nhiệm vụ về hạ tầng số', 'Nhóm nhiệm vụ về dữ liệu số', 'Nhóm nhiệm vụ về nhân lực',
  'Nhóm nhiệm vụ về an toàn thông tin', 'Nhóm nhiệm vụ về kinh tế số', 'Nhóm nhiệm vụ về xã hội số', 'Nhóm nhiệm vụ khác',
];
const EXTRA_UNIT = ['Ban Quản lý dự án đầu tư xây dựng khu vực', 'Trung tâm Phục vụ hành chính công khu vực', 'Ban Quản lý khu kinh tế số'];

/** 60 departments: the demo province's, then numbered units as a larger administration has. */
function departmentCatalogue(count: number): { code: string; name: string; aliases: string[] }[] {
  const list = DEMO_DEPARTMENTS.slice(0, count).map((d) => ({ code: d.code, name: d.name, aliases: [...d.aliases] }));
  for (let n = 1; list.length < count; n++) {
    const kind = EXTRA_UNIT[n % EXTRA_UNIT.length];
    list.push({ code: `KV${String(n).padStart(2, '0')}`, name: `${kind} ${n}`, aliases: [] });
  }
  return list;
}

/**
 * Drops the indexes of these tables that no constraint owns and answers a function that
 * creates them again from their definitions (pg_get_indexdef), whatever the migrations made.
 */
async function dropSecondaryIndexes(client: Client, tables: string[]): Promise<() => Promise<void>> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE c.relname = ANY($1::text[]) AND c.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    [tables],
  );
  for (const index of rows) await client.query(`DROP INDEX ${index.name}`);
  return async () => {
    await client.query(`SET maintenance_work_mem = '256MB'`);
    for (const index of rows) await client.query(index.def);
  };
}

/** The group whose collective tasks get one child per member: the districts of the catalogue. */
const GROUP_MEMBER_CODES = ['PRTC', 'NINHHAI', 'NINHPHUOC', 'NINHSON', 'BACAI', 'THUANBAC', 'THUANNAM'];

/**
 * Seeds a new database (see the file's comment). 60 departments, 200 plans, 100,000 tasks
 * (a collective task every 125 rows of a plan, with one child per district), coordinators,
 * ~1 document and 3 history rows per task, 500 users sharing one bcrypt hash.
 */
export async function seedDataset(serverUrl = BENCH_SERVER_URL, options: DatasetOptions = {}): Promise<BenchDataset> {
  const started = performance.now();
  const say = options.log ?? (() => undefined);
  const log = (line: string) => say(`${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${line}`);
  const taskCount = options.tasks ?? 100_000;
  const departmentCount = options.departments ?? 60;
  const planCount = options.plans ?? 200;
  const userCount = options.users ?? 500;
  const today = options.today ?? todayIn();
  if (departmentCount < GROUP_MEMBER_CODES.length + 26) throw new Error('at least 33 departments (the catalogue and its districts)');

  const db = await createBenchDatabase(serverUrl);
  log(`database ${db.name} created and migrated`);
  const client = new Client({ connectionString: db.url, application_name: 'steering-bench-seed' });
  await client.connect();
  try {
    // seeding only: its durability does not matter, the benchmark's writes keep the defaults
    await client.query(`SET synchronous_commit = off`);
    // each statement runs once: compiling it costs more than it saves
    await client.query(`SET jit = off`);
    await client.query(`SET TIME ZONE '${BUSINESS_ZONE}'`);
    // a uniform number in [0, 1) from a row number and a salt, the same on every run
    await client.query(`
      CREATE FUNCTION pg_temp.h(i bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT ('x' || substr(md5(salt::text || ':' || i::text), 1, 8))::bit(32)::bigint / 4294967296.0 $$`);
    // a stable id from a label, shaped as a version-4 UUID (the API's validation wants one)
    await client.query(`
      CREATE FUNCTION pg_temp.uid(label text) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT (substr(md5(label), 1, 12) || '4' || substr(md5(label), 14, 3) || '8' || substr(md5(label), 18, 15))::uuid $$`);

    const departments = departmentCatalogue(departmentCount);
    await client.query(
      `INSERT INTO departments (id, code, name, aliases)
       SELECT pg_temp.uid('bench-department-' || e.code), e.code, e.name, ARRAY(SELECT jsonb_array_elements_text(e.aliases))
         FROM jsonb_to_recordset($1::jsonb) AS e(code text, name text, aliases jsonb)`,
      [JSON.stringify(departments)],
    );
    await client.query(`CREATE TEMP TABLE bd AS SELECT (row_number() OVER (ORDER BY ord) - 1)::int AS k, id, code
                          FROM departments d JOIN unnest($1::text[]) WITH ORDINALITY AS u(code, ord) USING (code)`, [departments.map((d) => d.code)]);
    await client.query(
      `INSERT INTO department_groups (id, code, name, aliases) VALUES (pg_temp.uid('bench-group-UBNDH'), 'UBNDH', 'UBND các huyện, thành phố', '{"UBND cấp huyện"}')`,
    );
    await client.query(
      `CREATE TEMP TABLE bg AS SELECT (u.ord - 1)::int AS k, d.id, d.code FROM unnest($1::text[]) WITH ORDINALITY AS u(code, ord) JOIN departments d USING (code)`,
      [GROUP_MEMBER_CODES],
    );
    await client.query(`INSERT INTO department_group_members (group_id, department_id) SELECT pg_temp.uid('bench-group-UBNDH'), id FROM bg`);

    // plans issued from January 2024 to mid-2025, so deadlines run over 2024–2026
    await client.query(
      `CREATE TEMP TABLE bp AS
       SELECT p, pg_temp.uid('bench-plan-' || p) AS id, ('2024-01-02'::date + (p * 560 / $1))::date AS issued_on FROM generate_series(0, $1 - 1) p`,
      [planCount],
    );
    await client.query(
      `INSERT INTO plans (id, number, kind, title, issued_on, issuer, year)
       SELECT id, (100 + p) || '/' || (ARRAY['KH-UBND','QĐ-UBND','TB-UBND','CT-UBND'])[1 + p % 4],
              (ARRAY['plan','decision','conclusion_notice','directive'])[1 + p % 4],
              (ARRAY['Kế hoạch','Quyết định','Thông báo kết luận','Chỉ thị'])[1 + p % 4] || ' về ' || ($1::text[])[1 + p % array_length($1::text[], 1)],
              issued_on, 'UBND tỉnh', extract(year FROM issued_on)::int
         FROM bp`,
      [SUBJECTS],
    );

    // users: one admin, a few secretariat and viewers, the rest focal points spread over departments
    const passwordHash = bcrypt.hashSync(BENCH_PASSWORD, 10);
    const secretariat = Math.max(1, Math.round(userCount / 100));
    const viewers = Math.max(1, Math.round(userCount * 0.03));
    const focal = userCount - 1 - secretariat - viewers;
    await client.query(
      `INSERT INTO users (id, email, full_name, password_hash, role, department_id)
       SELECT pg_temp.uid('bench-user-' || x.email), x.email, x.full_name, $1, x.role, x.department_id FROM (
         SELECT 'admin@bench.local' AS email, 'Quản trị hệ thống' AS full_name, 'admin' AS role, NULL::uuid AS department_id
         UNION ALL SELECT 'secretariat.' || n || '@bench.local', 'Tổ giúp việc ' || n, 'secretariat', NULL FROM generate_series(1, $2) n
         UNION ALL SELECT 'viewer.' || n || '@bench.local', 'Thành viên Ban Chỉ đạo ' || n, 'viewer', NULL FROM generate_series(1, $3) n
         UNION ALL SELECT 'focal.' || lower(bd.code) || '.' || (n / $5 + 1) || '@bench.local', 'Cán bộ đầu mối ' || bd.code || ' ' || (n / $5 + 1),
                          'focal_point', bd.id
                     FROM generate_series(0, $4 - 1) n JOIN bd ON bd.k = n % $5
       ) x`,
      [passwordHash, secretariat, viewers, focal, departmentCount],
    );
    log('departments, plans and users inserted');

    await client.query(`ANALYZE bd; ANALYZE bg; ANALYZE bp`);
    // Every task, computed once in a temporary table; the real tables are filled from it.
    // Each step is MATERIALIZED: inlined, every use of a column would repeat its whole CASE.
    // A plan holds `per` consecutive rows; in each, every 125th row is a collective task
    // (led by the group) followed by its children, one per member, sharing its deadline.
    // Deadlines: a month, a quarter, a day, "Thường xuyên" (recurring) or nothing written.
    // Statuses: mostly done when the deadline is past, mostly open when it is ahead.
    // Documents: a completed task has the one issued and the one submitted for it; some tasks
    // in progress have their draft submitted; some recurring ones a yearly document.
    await client.query(
      `CREATE TEMP TABLE bt AS
       WITH base AS (
         SELECT i, (i - 1) / $2 AS p, (i - 1) % $2 AS local FROM generate_series(1, $1::int) i
       ), shaped AS MATERIALIZED (
         SELECT b.*,
                CASE WHEN b.local % 125 = 0 THEN 'parent' WHEN b.local % 125 <= 7 THEN 'child' ELSE 'task' END AS kind,
                CASE WHEN b.local % 125 BETWEEN 1 AND 7 THEN b.local % 125 ELSE 0 END AS pos,
                -- a few departments lead many tasks, most lead some: a skew as in real plans
                floor($3 * power(pg_temp.h(b.i, 1), 1.3))::int AS lead_k,
                pg_temp.h(b.i, 4) AS sh, pg_temp.h(b.i, 9) AS doch
           FROM base b
       ), placed AS MATERIALIZED (
         SELECT s.*, s.i - s.pos AS anchor, bp.id AS plan_id, bp.issued_on,
                CASE WHEN pg_temp.h(s.i - s.pos, 3) < 0.05 THEN 'recurring' WHEN pg_temp.h(s.i - s.pos, 3) < 0.08 THEN 'none'
                     WHEN pg_temp.h(s.i - s.pos, 3) < 0.48 THEN 'month' WHEN pg_temp.h(s.i - s.pos, 3) < 0.78 THEN 'quarter' ELSE 'day' END AS dkind,
                bp.issued_on + 20 + floor(pg_temp.h(s.i - s.pos, 7) * 700)::int AS raw_due,
                CASE s.kind WHEN 'parent' THEN NULL WHEN 'child' THEN m.id ELSE d.id END AS lead_department_id,
                CASE s.kind WHEN 'parent' THEN NULL WHEN 'child' THEN md.k ELSE s.lead_k END AS lead_k2,
                CASE s.kind WHEN 'parent' THEN 'UBNDH' WHEN 'child' THEN m.code ELSE d.code END AS lead_code,
                m.code AS member_code
           FROM shaped s
           JOIN bp ON bp.p = s.p
           LEFT JOIN bd d ON s.kind = 'task' AND d.k = s.lead_k
           LEFT JOIN bg m ON s.kind = 'child' AND m.k = s.pos - 1
           LEFT JOIN bd md ON md.id = m.id
       ), dated AS MATERIALIZED (
         SELECT x.*, CASE x.dkind
                  WHEN 'month' THEN least((date_trunc('month', x.raw_due) + interval '1 month - 1 day')::date, '2026-12-31')
                  WHEN 'quarter' THEN least((date_trunc('quarter', x.raw_due) + interval '3 months - 1 day')::date, '2026-12-31')
                  WHEN 'day' THEN least(x.raw_due, '2026-12-31') END AS due_date
           FROM placed x
       ), stated AS MATERIALIZED (
         SELECT x.*, CASE
                  WHEN x.kind = 'parent' THEN 'in_progress'
                  WHEN x.dkind = 'recurring' THEN CASE WHEN x.sh < 0.04 THEN 'cancelled' ELSE 'recurring' END
                  WHEN x.due_date < $7::date THEN CASE WHEN x.sh < 0.75 THEN 'completed' WHEN x.sh < 0.87 THEN 'in_progress'
                       WHEN x.sh < 0.92 THEN 'not_started' WHEN x.sh < 0.96 THEN 'blocked' ELSE 'cancelled' END
                  ELSE CASE WHEN x.sh < 0.15 THEN 'completed' WHEN x.sh < 0.60 THEN 'in_progress'
                       WHEN x.sh < 0.93 THEN 'not_started' WHEN x.sh < 0.97 THEN 'blocked' ELSE 'cancelled' END END AS status
           FROM dated x
       ), done AS MATERIALIZED (
         SELECT x.*, CASE WHEN x.status = 'completed'
                  THEN greatest(x.issued_on, least($7::date, COALESCE(x.due_date, x.issued_on + 120) + floor(pg_temp.h(x.i, 8) * 50)::int - 35)) END AS completed_on
           FROM stated x
       )
       SELECT x.i, x.kind, pg_temp.uid('bench-task-' || x.i) AS id,
              CASE WHEN x.kind = 'child' THEN pg_temp.uid('bench-task-' || x.anchor) END AS parent_id,
              x.plan_id, x.issued_on,
              CASE x.kind WHEN 'child' THEN (x.local - x.pos + 1) || '/' || x.member_code ELSE (x.local + 1)::text END AS code,
              CASE WHEN pg_temp.h(x.anchor, 2) < 0.5 THEN NULL ELSE ((x.local - x.pos) / 10 + 1) || '.' || ((x.local - x.pos) % 10 + 1) END AS source_ref,
              ($4::text[])[1 + ((x.local - x.pos) / 50) % array_length($4::text[], 1)] AS group_name,
              1 + floor(pg_temp.h(x.anchor, 5) * $5)::int AS ai,
              1 + floor(pg_temp.h(x.anchor, 6) * $6)::int AS si,
              x.lead_department_id, x.lead_k2 AS lead_k, x.lead_code,
              CASE WHEN x.kind = 'parent' THEN pg_temp.uid('bench-group-UBNDH') END AS lead_group_id,
              x.dkind, x.due_date,
              CASE WHEN x.due_date IS NOT NULL AND pg_temp.h(x.i, 13) < 0.05 THEN x.due_date - 30 ELSE x.due_date END AS original_due_date,
              CASE x.dkind
                  WHEN 'recurring' THEN 'Thường xuyên'
                  WHEN 'month' THEN 'Tháng ' || to_char(x.due_date, 'MM/YYYY')
                  WHEN 'quarter' THEN 'Quý ' || (ARRAY['I','II','III','IV'])[extract(quarter FROM x.due_date)::int] || '/' || extract(year FROM x.due_date)
                  WHEN 'day' THEN to_char(x.due_date, 'DD/MM/YYYY') END AS deadline_text,
              x.status, x.completed_on,
              x.status = 'completed' AND pg_temp.h(x.i, 11) < 0.6 AS confirmed,
              CASE WHEN x.status = 'completed' OR (x.status = 'recurring' AND x.doch < 0.5) THEN (1000 + x.i % 8999) || '/KH-UBND' END AS iss_number,
              CASE WHEN x.status = 'completed' THEN x.completed_on WHEN x.status = 'recurring' AND x.doch < 0.5 THEN least($7::date, x.issued_on + 60) END AS iss_on,
              CASE WHEN x.status = 'completed' OR (x.status = 'in_progress' AND x.doch < 0.6) THEN (100 + x.i % 900) || '/' || x.lead_code || '-VP' END AS sub_number,
              CASE WHEN x.status = 'completed' THEN greatest(x.issued_on, x.completed_on - 7)
                   WHEN x.status = 'in_progress' AND x.doch < 0.6 THEN least($7::date, x.issued_on + 30 + floor(pg_temp.h(x.i, 10) * 200)::int) END AS sub_on,
              (x.issued_on + time '08:00')::timestamptz AS t0,
              CASE WHEN x.status = 'completed' THEN (x.completed_on + time '16:00')::timestamptz
                   ELSE least(now() - interval '1 hour', x.issued_on + time '08:00' + (30 + floor(pg_temp.h(x.i, 12) * 400)::int) * interval '1 day') END AS t3
         FROM done x`,
      [taskCount, Math.ceil(taskCount / planCount), departmentCount, SECTIONS, ACTIONS.length, SUBJECTS.length, today],
    );
    log('task rows computed');

    // Bulk load as one does: foreign keys are checked by construction here, not row by row
    // (needs a superuser; without one the load is only slower), and the secondary indexes
    // are built once at the end from their own definitions, as the migrations wrote them.
    await client.query(`SET session_replication_role = replica`).catch(() => log('not a superuser: foreign keys checked row by row'));
    const rebuildIndexes = await dropSecondaryIndexes(client, ['tasks', 'task_coordinators', 'output_documents', 'task_updates']);

    await client.query(
      `INSERT INTO tasks (id, plan_id, parent_id, code, source_ref, group_name, title, lead_department_id, lead_group_id,
                          deadline_text, due_date, original_due_date, yearly, expected_output, submission_level,
                          requires_output_document, status, progress_note, completed_on, completion_confirmed, search_text,
                          version, created_at, updated_at)
       SELECT id, plan_id, parent_id, code, source_ref, group_name, ($1::text[])[ai] || ' ' || ($3::text[])[si], lead_department_id, lead_group_id,
              deadline_text, due_date,
              original_due_date, false,
              (ARRAY['Kế hoạch','Quyết định','Báo cáo','Nghị quyết','Đề án'])[1 + i % 5],
              (ARRAY['UBND tỉnh','HĐND tỉnh','Ban Chỉ đạo'])[1 + i % 3],
              pg_temp.h(i, 14) < 0.9, status,
              CASE status WHEN 'in_progress' THEN 'Đang triển khai thực hiện, đạt khoảng ' || (10 + i % 80) || '% khối lượng'
                          WHEN 'completed' THEN 'Đã hoàn thành' WHEN 'blocked' THEN 'Vướng mắc về kinh phí, chờ hướng dẫn' END,
              completed_on, confirmed,
              lower(code || ' ' || COALESCE(source_ref || ' ', '') || ($2::text[])[ai] || ' ' || ($4::text[])[si]
                    || COALESCE(' ' || sub_number, '') || COALESCE(' ' || iss_number, '')),
              3, t0, t3
         FROM bt ORDER BY i`,
      [ACTIONS, ACTIONS.map(foldVietnamese), SUBJECTS, SUBJECTS.map(foldVietnamese)],
    );
    log('tasks inserted');
    // coordinating departments: none to three others, as plans name them
    await client.query(
      `INSERT INTO task_coordinators (task_id, department_id)
       SELECT DISTINCT bt.id, bd.id
         FROM bt CROSS JOIN generate_series(1, 3) j
         JOIN bd ON bd.k = (COALESCE(bt.lead_k, 0) + 1 + floor(pg_temp.h(bt.i * 4 + j, 15) * ($1 - 1))::int) % $1
        WHERE bt.kind <> 'child' AND j <= floor(pg_temp.h(bt.i, 16) * 4)::int`,
      [departmentCount],
    );
    await client.query(`
      INSERT INTO output_documents (task_id, number, issued_on, kind, title, created_at)
      SELECT id, sub_number, sub_on, 'submitted', 'Tờ trình ' || sub_number, sub_on + time '10:00' FROM bt WHERE sub_number IS NOT NULL
      UNION ALL
      SELECT id, iss_number, iss_on, 'issued', NULL, iss_on + time '15:00' FROM bt WHERE iss_number IS NOT NULL`);
    log('coordinators and documents inserted');

    // the history: created, a report along the way, and the last change giving today's state
    await client.query(
      `INSERT INTO task_updates (task_id, actor_id, at, action, changes, note, status, due_date, completed_on, completion_confirmed)
       SELECT bt.id, r.actor, r.at, r.action, r.changes, r.note, r.status, r.due_date, r.completed_on, r.confirmed
         FROM bt
         LEFT JOIN users fp ON fp.email = 'focal.' || lower(bt.lead_code) || '.1@bench.local'
         CROSS JOIN LATERAL (
           SELECT CASE WHEN bt.dkind = 'recurring' THEN 'recurring' ELSE 'not_started' END AS first,
                  CASE WHEN bt.status IN ('not_started', 'recurring', 'cancelled') THEN
                         CASE WHEN bt.dkind = 'recurring' THEN 'recurring' ELSE 'not_started' END
                       ELSE 'in_progress' END AS middle
         ) s
         CROSS JOIN LATERAL (VALUES
           (1, pg_temp.uid('bench-user-secretariat.1@bench.local'), bt.t0, 'created', '{}'::jsonb, NULL::text, s.first, bt.original_due_date, NULL::date, false),
           (2, fp.id, bt.t0 + (bt.t3 - bt.t0) / 2, 'progress_reported',
               CASE WHEN s.middle <> s.first THEN jsonb_build_object('status', jsonb_build_object('from', s.first, 'to', s.middle)) ELSE '{}' END,
               'Đã giao bộ phận chuyên môn triển khai', s.middle, bt.due_date, NULL, false),
           (3, fp.id, bt.t3, CASE WHEN bt.status = 'cancelled' THEN 'edited' ELSE 'progress_reported' END,
               CASE WHEN bt.status <> s.middle THEN jsonb_build_object('status', jsonb_build_object('from', s.middle, 'to', bt.status)) ELSE '{}' END,
               CASE WHEN bt.status = 'completed' THEN 'Đã hoàn thành' ELSE 'Tiếp tục thực hiện' END, bt.status, bt.due_date, bt.completed_on, bt.confirmed)
         ) AS r(n, actor, at, action, changes, note, status, due_date, completed_on, confirmed)
        ORDER BY bt.i, r.n`,
    );
    log('history inserted');
    await client.query(`SET session_replication_role = DEFAULT`).catch(() => undefined);
    // the bulk load went past the triggers that keep a task's coordinators and documents on its
    // row (replica role): fill those copies with the migration's own function, then rewrite the
    // table so it is laid out as if the tasks had been inserted with them (fillfactor kept)
    await client.query(`SELECT refresh_task_read_columns(ARRAY(SELECT id FROM tasks))`);
    await client.query(`VACUUM FULL tasks`);
    const [copied] = (
      await client.query(
        `SELECT (SELECT count(*) FROM tasks WHERE coordinating_department_ids <> '{}') = (SELECT count(DISTINCT task_id) FROM task_coordinators)
            AND (SELECT count(*) FROM tasks WHERE output_documents_json::text <> '[]') = (SELECT count(DISTINCT task_id) FROM output_documents) AS ok`,
      )
    ).rows;
    if (!copied.ok) throw new Error('the copies of coordinators and documents on the tasks do not match their tables');
    log('coordinators and documents copied onto the tasks');
    await rebuildIndexes();
    log('indexes built');
    // the visibility map and statistics, as a database that has lived a while has them
    for (const table of ['tasks', 'task_coordinators', 'output_documents', 'task_updates', 'users', 'plans', 'departments']) {
      await client.query(`VACUUM (ANALYZE) ${table}`);
    }
    // the copies above bumped a plan's revision once per task, in one transaction: some 160,000
    // dead versions of ~200 rows, which every list and roll-up would scan (0.4 ms each) where the
    // API's small transactions leave a few pages (HOT pruning); laid out as after normal use
    await client.query(`VACUUM FULL ANALYZE data_revisions`);

    const counts: Record<string, number> = {};
    for (const table of ['departments', 'plans', 'users', 'tasks', 'task_coordinators', 'output_documents', 'task_updates']) {
      counts[table] = Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    }
    const seededDepartments = (await client.query(`SELECT id, code, name FROM departments ORDER BY code`)).rows;
    const plans = (await client.query(`SELECT id, number FROM plans ORDER BY issued_on, number`)).rows;
    const users = (await client.query(`SELECT id, email, role, department_id AS "departmentId" FROM users ORDER BY email`)).rows;
    return {
      ...db,
      password: BENCH_PASSWORD,
      today,
      departments: seededDepartments,
      plans,
      users,
      counts,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    await db.drop();
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function cli(): Promise<void> {
  const args = process.argv.slice(2);
  const tasksAt = args.indexOf('--tasks');
  const tasks = tasksAt >= 0 ? Number(args[tasksAt + 1]) : 100_000;
  if (!Number.isInteger(tasks) || tasks < 1) throw new Error('--tasks takes a whole number');
  const data = await seedDataset(BENCH_SERVER_URL, { tasks, log: (line) => console.log(`  ${line}`) });
  console.log(`seeded ${data.name} in ${data.seconds.toFixed(1)} s:`);
  for (const [table, n] of Object.entries(data.counts)) console.log(`  ${table.padEnd(18)} ${n.toLocaleString('en-US')}`);
  if (args.includes('--keep')) {
    console.log(`kept: DATABASE_URL=${data.url}`);
    console.log(`drop it with: psql ${BENCH_SERVER_URL} -c 'DROP DATABASE "${data.name}" WITH (FORCE)'`);
  } else {
    await data.drop();
    console.log('dropped (pass --keep to keep it)');
  }
}

if (require.main === module) {
  cli().catch((error) => {
    console.error(`dataset failed: ${error?.message ?? error}`);
    process.exit(1);
  });
}
