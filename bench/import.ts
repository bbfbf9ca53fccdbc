/**
 * `npm run bench:import` — a 10,000-row task table through the real import.
 *
 * Writes an XLSX with exceljs (STT, Nội dung nhiệm vụ, Đơn vị chủ trì, Thời hạn, Tiến độ,
 * Văn bản ban hành; units named as the demo catalogue names them, some by an alias, some
 * collective), seeds the demo departments and groups into a database of its own, and times
 * PlanImportService.import in a Nest application context (the services the API uses, no
 * HTTP): a dry run, then the real run (dryRun false, all rows in one transaction). Prints the
 * times, the rows written and the process's peak resident memory. BENCH_IMPORT_ROWS changes
 * the size. Drops its database and its Redis keys at the end.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Workbook } from 'exceljs';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClockModule } from '@app/common';
import { ConfigModule, loadConfig } from '@app/config';
import { DatabaseModule } from '@app/data-source';
import { DepartmentsModule, DepartmentsService } from '@app/departments';
import { DEMO_DEPARTMENTS, DEMO_GROUPS, ImportsModule, PlanImportService } from '@app/imports';
import { PlansService } from '@app/plans';
import { QueueModule, RedisModule } from '@app/queue';
import { User, UsersModule } from '@app/users';
import { BENCH_QUEUE_PREFIX, deleteBenchRedisKeys, memoryOf } from './api-support';
import { BENCH_SERVER_URL, createBenchDatabase } from './dataset';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A small seeded generator: the same file on every run. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS = ['Xây dựng kế hoạch', 'Triển khai', 'Tổ chức tuyên truyền về', 'Rà soát, đánh giá', 'Ban hành quy chế', 'Số hóa hồ sơ', 'Kiểm tra, giám sát'];
const SUBJECTS = ['chuyển đổi số', 'dịch vụ công trực tuyến', 'Đề án 06', 'chính quyền số', 'an toàn thông tin', 'kinh tế số', 'cơ sở dữ liệu chuyên ngành'];
const DEADLINES = ['Quý I/2024', 'Quý II/2024', 'Quý III/2024', 'Quý IV/2024', 'Tháng 03/2024', 'Tháng 9/2024', '30/06/2024', 'Năm 2024', 'Thường xuyên'];

/** The rows a secretariat would paste from a plan's appendix, as an XLSX buffer. */
async function taskTable(rows: number): Promise<Buffer> {
  const random = generator(7);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('Nhiệm vụ');
  sheet.addRow(['PHỤ LỤC: DANH MỤC NHIỆM VỤ NĂM 2024']);
  sheet.addRow(['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn', 'Tiến độ', 'Văn bản ban hành']);
  const units = DEMO_DEPARTMENTS.flatMap((d) => [d.name, d.name, ...(d.aliases.length ? [d.aliases[0]] : [])]);
  const collective = DEMO_GROUPS.find((g) => g.code === 'UBNDH')!.name;
  for (let i = 1; i <= rows; i++) {
    const lead = random() < 0.01 ? collective : pick(units);
    const deadline = pick(DEADLINES);
    const r = random();
    const [progress, documents] =
      deadline === 'Thường xuyên'
        ? ['Thường xuyên', '']
        : r < 0.4
          ? ['Hoàn thành', `${100 + (i % 900)}/KH-UBND ngày ${1 + (i % 28)}/${1 + (i % 9)}/2024`]
          : r < 0.7
            ? ['Đang thực hiện', '']
            : r < 0.75
              ? ['Vướng mắc: chờ hướng dẫn của Bộ', '']
              : ['', ''];
    sheet.addRow([String(i), `${pick(ACTIONS)} ${pick(SUBJECTS)} (nhiệm vụ ${i})`, lead, deadline, progress, documents]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

@Module({})
class ImportBenchModule {}

async function main(): Promise<void> {
  const started = performance.now();
  const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(2);
  const db = await createBenchDatabase(BENCH_SERVER_URL, 'import');
  const queuePrefix = `${BENCH_QUEUE_PREFIX}import-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', JWT_SECRET: randomBytes(24).toString('hex'), DATABASE_URL: db.url, DATABASE_APP_URL: db.appUrl, REDIS_URL, QUEUE_PREFIX: queuePrefix });
  const app = await NestFactory.createApplicationContext(
    {
      module: ImportBenchModule,
      imports: [
        ConfigModule.forRoot(config), ClockModule, DatabaseModule, RedisModule, QueueModule,
        TypeOrmModule.forFeature([User]), DepartmentsModule, UsersModule, ImportsModule,
      ],
    },
    { logger: ['error'] },
  );
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 50);
  try {
    const departments = app.get(DepartmentsService);
    const idOf = new Map<string, string>();
    for (const d of DEMO_DEPARTMENTS) idOf.set(d.code, (await departments.create({ code: d.code, name: d.name, aliases: [...d.aliases] })).id);
    for (const g of DEMO_GROUPS) {
      await departments.createGroup({ code: g.code, name: g.name, aliases: [...g.aliases], departmentIds: g.memberCodes.map((c) => idOf.get(c)!) });
    }
    const plan = await app.get(PlansService).create({
      number: '999/KH-UBND', kind: 'plan', title: 'Kế hoạch thử tải nhập nhiệm vụ', issuedOn: '2024-01-05', issuer: 'UBND tỉnh', year: 2024,
    });

    let at = performance.now();
    const buffer = await taskTable(ROWS);
    console.log(`task table: ${ROWS.toLocaleString('en-US')} rows, ${(buffer.length / 2 ** 20).toFixed(2)} MB XLSX, written in ${seconds(at)} s`);
    const imports = app.get(PlanImportService);
    const file = { buffer, originalName: 'bench-10000.xlsx' };

    const before = process.memoryUsage().rss / 2 ** 20;
    peak = before;
    at = performance.now();
    const dry = await imports.import(null, plan.id, file, { dryRun: true });
    console.log(`dry run:  ${seconds(at)} s, ${dry.rows.length} rows read, ${dry.errors.length} row errors`);
    if (dry.errors.length) console.log(`  first errors: ${JSON.stringify(dry.errors.slice(0, 3))}`);

    at = performance.now();
    const real = await imports.import(null, plan.id, file, { dryRun: false });
    const importSeconds = seconds(at);
    const [{ tasks, children, history, documents }] = await app.get(DataSource).query(
      `SELECT count(*)::int AS tasks, count(parent_id)::int AS children,
              (SELECT count(*)::int FROM task_updates) AS history, (SELECT count(*)::int FROM output_documents) AS documents
         FROM tasks WHERE plan_id = $1`,
      [plan.id],
    );
    console.log(`import:   ${importSeconds} s, ${real.rows.length} rows → ${tasks} tasks (${children} children of collective tasks), ${documents} documents, ${history} history rows`);
    const hwm = memoryOf(process.pid)?.hwm ?? NaN;
    console.log(`memory:   ${before.toFixed(0)} MB resident before the import, ${peak.toFixed(0)} MB at its peak (sampled), VmHWM ${hwm.toFixed(0)} MB`);
  } finally {
    clearInterval(sampler);
    await app.close();
    await db.drop();
    const deleted = await deleteBenchRedisKeys(REDIS_URL, [queuePrefix]);
    console.log(`cleaned up: database ${db.name} dropped, ${deleted} Redis keys deleted; bench:import took ${seconds(started)} s`);
  }
}

main().catch((error) => {
  console.error(`bench:import failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
