import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { ClockModule } from '@app/common';
import { DatabaseModule } from '@app/data-source';
import { DepartmentsModule, DepartmentsService } from '@app/departments';
import { IndicatorImportService, IndicatorsModule, loadDemoIndicators } from '@app/indicators';
import { PlanKind, PlansService } from '@app/plans';
import { UsersModule, UsersService } from '@app/users';
import { QueueModule, RedisModule } from '@app/queue';
import { DEMO_DEPARTMENTS, DEMO_GROUPS, ImportsModule, PlanImportService } from '@app/imports';

/** Finds libs/imports/demo-data from the source or the build, whichever runs. */
function demoDataDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'libs/imports/demo-data');
    if (existsSync(join(candidate, 'plans.csv'))) return candidate;
  }
  throw new Error('demo data not found (libs/imports/demo-data)');
}

export const DEMO_USERS = [
  { email: 'thuongtruc@steering.local', fullName: 'Tổ giúp việc Ban Chỉ đạo', role: 'secretariat' as const },
  { email: 'daumoi.stttt@steering.local', fullName: 'Cán bộ đầu mối Sở TTTT', role: 'focal_point' as const, departmentCode: 'STTTT' },
  { email: 'lanhdao@steering.local', fullName: 'Thành viên Ban Chỉ đạo', role: 'viewer' as const },
];

@Module({})
class DemoModule {}

/**
 * Fills an empty database (no department, no plan) with a province's departments, the
 * demo users and the two plans of the fixtures, imported through the real import code.
 * Never in production: demo users would be accounts nobody owns. Their password is the one
 * given (npm start makes a random one per install and keeps it).
 */
export async function loadDemoDataIfEmpty(config: AppConfig, demoPassword: string): Promise<boolean> {
  if (config.nodeEnv === 'production') throw new Error('demo data is never loaded in production');
  const app = await NestFactory.createApplicationContext(
    {
      module: DemoModule,
      imports: [
        ConfigModule.forRoot(config), ClockModule, DatabaseModule, RedisModule, QueueModule,
        DepartmentsModule, UsersModule, ImportsModule, IndicatorsModule,
      ],
    },
    { logger: ['error'] },
  );
  try {
    const db = app.get(DataSource);
    const [{ n }] = await db.query(`SELECT (SELECT count(*) FROM departments) + (SELECT count(*) FROM plans) AS n`);
    if (Number(n) > 0) return false;

    const departments = app.get(DepartmentsService);
    const idOf = new Map<string, string>();
    for (const d of DEMO_DEPARTMENTS) idOf.set(d.code, (await departments.create({ code: d.code, name: d.name, aliases: [...d.aliases] })).id);
    for (const g of DEMO_GROUPS) {
      await departments.createGroup({ code: g.code, name: g.name, aliases: [...g.aliases], departmentIds: g.memberCodes.map((c) => idOf.get(c)!) });
    }
    const users = app.get(UsersService);
    for (const u of DEMO_USERS) {
      await users.create({ email: u.email, fullName: u.fullName, role: u.role, password: demoPassword, departmentId: 'departmentCode' in u ? idOf.get(u.departmentCode!) : null });
    }

    const dir = demoDataDir();
    const plans: Record<string, string>[] = parse(readFileSync(join(dir, 'plans.csv')), { columns: true, bom: true });
    for (const p of plans) {
      const plan = await app.get(PlansService).create({
        number: p.number, kind: p.kind as PlanKind, title: p.title, issuedOn: p.issuedOn, issuer: p.issuer, year: Number(p.year),
      });
      const result = await app.get(PlanImportService).import(null, plan.id, { buffer: readFileSync(join(dir, p.file)), originalName: p.file }, { dryRun: false });
      console.log(`demo data: plan ${p.number}, ${result.rows.length} tasks`);
    }
    await loadDemoIndicators(app.get(IndicatorImportService), dir, (code) => idOf.get(code));
    console.log(`demo data: ${DEMO_DEPARTMENTS.length} departments, demo users ${DEMO_USERS.map((u) => u.email).join(', ')}`);
    return true;
  } finally {
    await app.close();
  }
}
