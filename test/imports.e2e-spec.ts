import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DEPARTMENTS, DEMO_GROUPS } from '@app/imports';
import { loadDemoDataIfEmpty } from '@app/demo';
import { createPlan } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

const FIXTURES = join(__dirname, '../libs/imports/demo-data');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

/** Plans in and out as spreadsheets, against the real fixtures. */
describe('imports and exports of task tables', () => {
  let env: TestEnv;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  let viewer: Awaited<ReturnType<typeof signIn>>;
  let idOf: Map<string, string>;

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2024-06-20T03:00:00Z');
    const admin = await signIn(env, 'admin');
    idOf = new Map();
    for (const d of DEMO_DEPARTMENTS) {
      const res = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: d.code, name: d.name, aliases: d.aliases }).expect(201);
      idOf.set(d.code, res.body.id);
    }
    for (const g of DEMO_GROUPS) {
      await env.http().post('/api/v1/department-groups').set(admin.auth)
        .send({ code: g.code, name: g.name, aliases: g.aliases, departmentIds: g.memberCodes.map((c) => idOf.get(c)) }).expect(201);
    }
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
  });
  afterAll(() => env.close());

  const upload = (planId: string, file: Buffer, name: string, query = 'dryRun=false') =>
    env.http().post(`/api/v1/plans/${planId}/imports?${query}`).set(secretariat.auth).attach('file', file, name);
  const taskCount = async (planId: string) => (await env.http().get(`/api/v1/tasks?planId=${planId}&limit=1`).set(viewer.auth).expect(200)).body.total;

  it('imports Decision 36 with its statuses and documents, every field as in the source', async () => {
    const planId = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND', kind: 'decision', issuedOn: '2024-01-12' });
    const dry = await upload(planId, fixture('ninh-thuan-qd-36-2024.csv'), 'qd36.csv', 'dryRun=true').expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, errors: [] });
    expect(dry.body.rows).toHaveLength(11);
    expect(await taskCount(planId)).toBe(0);

    const res = await upload(planId, fixture('ninh-thuan-qd-36-2024.csv'), 'qd36.csv').expect(200);
    expect(res.body).toMatchObject({ dryRun: false, errors: [] });
    expect(res.body.rows.every((r: any) => typeof r.id === 'string')).toBe(true);
    expect(await taskCount(planId)).toBe(11);

    const list = (await env.http().get(`/api/v1/tasks?planId=${planId}&limit=50`).set(viewer.auth).expect(200)).body.items;
    const t2 = list.find((t: any) => t.code === '2');
    expect(t2).toMatchObject({
      sourceRef: '155', title: 'Kế hoạch Tuyên truyền, quảng bá về tỉnh Ninh Thuận trên các ấn phẩm của cơ quan báo chí năm 2024',
      deadlineText: 'Tháng 01/2024', dueDate: '2024-01-31', status: 'completed', completedOn: '2024-01-10', timeliness: 'on_time',
      leadDepartmentId: idOf.get('STTTT'), submissionLevel: 'UBND tỉnh', expectedOutput: 'Kế hoạch',
    });
    expect(t2.outputDocuments.map((d: any) => [d.number, d.issuedOn, d.kind])).toEqual([
      ['86/STTTT-TTBCXB', '2024-01-10', 'submitted'],
      ['185/KH-UBND', '2024-01-12', 'issued'],
    ]);
    const t5 = list.find((t: any) => t.code === '5');
    expect(t5.outputDocuments.map((d: any) => d.number).sort()).toEqual(['03-KH/BCĐCĐS', '1446/KH-BĐHCĐS', '551/STTTT-CN', '780/STTTT-CN'].sort());
    expect(list.find((t: any) => t.code === '8').outputDocuments[0].number).toBe('1158/KHPPH-STTTT-SGDĐT-TĐ');
    expect(list.find((t: any) => t.code === '6')).toMatchObject({ status: 'in_progress', progressNote: 'Đang dự thảo', dueDate: '2024-06-30', timeliness: 'within_deadline' });
    expect(list.find((t: any) => t.code === '1')).toMatchObject({ status: 'not_started', dueDate: '2024-09-30', submissionLevel: 'HĐND tỉnh' });
  });

  it('imports Plan 1446 with its abbreviations, collective leads and repeated numbering', async () => {
    const planId = await createPlan(env, secretariat.auth, { number: '1446/KH-BĐHCĐS', issuedOn: '2024-04-04' });
    const res = await upload(planId, fixture('ninh-thuan-kh-1446-2024.csv'), 'kh1446.csv').expect(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.rows).toHaveLength(44);
    const top = (await env.http().get(`/api/v1/tasks?planId=${planId}&parentId=null&limit=200`).set(viewer.auth).expect(200)).body;
    expect(top.total).toBe(44);
    const codes = top.items.map((t: any) => t.code);
    expect(new Set(codes).size).toBe(44);
    const byTitle = (start: string) => top.items.find((t: any) => t.title.startsWith(start));
    const assistant = byTitle('Triển khai Nền tảng Trợ lý ảo');
    expect(assistant).toMatchObject({ leadDepartmentId: null, deadlineText: 'Quý IV/2024', dueDate: '2024-12-31' });
    expect(assistant.leadGroupId).toEqual(expect.any(String));
    const children = (await env.http().get(`/api/v1/tasks/${assistant.id}`).set(viewer.auth)).body.children;
    expect(children.length).toBeGreaterThan(20);
    const archive = byTitle('Đề án lưu trữ tài liệu điện tử');
    expect(archive).toMatchObject({ leadDepartmentId: idOf.get('SNV'), coordinatingDepartmentIds: [idOf.get('STTTT')] });
    const noDeadline = top.items.filter((t: any) => t.needsDeadline);
    expect(noDeadline).toHaveLength(1);
    expect(noDeadline[0].deadlineText).toBeNull();
    const yearly = top.items.filter((t: any) => t.deadlineText === 'Hàng năm');
    expect(yearly.length).toBeGreaterThan(0);
    expect(yearly.every((t: any) => t.dueDate === '2024-12-31' && t.yearly)).toBe(true);
    const first = top.items.find((t: any) => t.code === '1.1');
    expect(first.progressNote).toContain('837/STTTT-TTCNTTTT');
  });

  it('refuses to import the same file twice, naming the codes, unless asked to update', async () => {
    const planId = await createPlan(env, secretariat.auth);
    await upload(planId, fixture('ninh-thuan-qd-36-2024.csv'), 'qd36.csv').expect(200);
    const again = await upload(planId, fixture('ninh-thuan-qd-36-2024.csv'), 'qd36.csv').expect(400);
    expect(again.body.message).toBe('the file has 11 error(s); nothing was imported');
    expect(again.body.errors[0]).toMatchObject({ row: 2, column: 'STT', text: '1' });
    expect(again.body.errors[0].message).toMatch(/task 1 already exists/);
    expect(await taskCount(planId)).toBe(11);
    const updated = await upload(planId, fixture('ninh-thuan-qd-36-2024.csv'), 'qd36.csv', 'dryRun=false&update=true').expect(200);
    expect(updated.body.errors).toEqual([]);
    expect(await taskCount(planId)).toBe(11);
  });

  describe('broken files get a clear answer and write nothing', () => {
    let planId: string;
    beforeAll(async () => {
      planId = await createPlan(env, secretariat.auth);
    });
    afterEach(async () => expect(await taskCount(planId)).toBe(0));

    const csv = (text: string) => Buffer.from(text, 'utf8');
    const header = 'STT,Nội dung nhiệm vụ,Đơn vị chủ trì,Thời hạn,Văn bản ban hành\n';

    it('an empty file', async () => {
      const res = await upload(planId, Buffer.alloc(0), 'empty.csv').expect(400);
      expect(res.body.message).toMatch(/empty/i);
    });
    it('a file that is not CSV or XLSX whatever its name', async () => {
      const res = await upload(planId, Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'plan.csv').expect(400);
      expect(res.body.message).toMatch(/PDF/);
    });
    it('a CSV in Windows-1258', async () => {
      const res = await upload(planId, iconv.encode(header + '1,Xây dựng kế hoạch,Sở Nội vụ,Quý II/2024,\n', 'win1258'), 'plan.csv').expect(400);
      expect(res.body.message).toMatch(/UTF-8/);
    });
    it('a file over 10 MB', async () => {
      const res = await upload(planId, Buffer.alloc(10 * 1024 * 1024 + 10, 0x41), 'big.csv').expect(413);
      expect(res.body).toEqual({ statusCode: 413, error: 'Payload Too Large', code: 'IMPORT_FILE_TOO_LARGE', message: 'the file is too large: task tables up to 10 MB', requestId: res.headers['x-request-id'] });
    });
    it('no file at all', async () => {
      const res = await env.http().post(`/api/v1/plans/${planId}/imports?dryRun=false`).set(secretariat.auth).field('x', 'y').expect(400);
      expect(res.body.message).toMatch(/^file:/);
    });
    it('a missing required column', async () => {
      const res = await upload(planId, csv('STT,Thời hạn\n1,Quý II/2024\n'), 'plan.csv').expect(400);
      expect(res.body.message).toMatch(/Nội dung|chủ trì/);
    });
    it('an XLSX with a formula', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('KH');
      ws.addRow(['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn']);
      ws.addRow([1, 'Xây dựng kế hoạch', 'Sở Nội vụ', 'Quý II/2024']);
      ws.getCell('A3').value = { formula: 'A2+1', result: 2 } as any;
      ws.getCell('B3').value = 'Nhiệm vụ hai';
      const res = await upload(planId, Buffer.from(await wb.xlsx.writeBuffer()), 'plan.xlsx').expect(400);
      expect(res.body.message).toMatch(/formula/i);
      expect(res.body.message).toContain('A3');
    });
    it('an XLSX with merged cells in the data', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('KH');
      ws.addRow(['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn']);
      ws.addRow([1, 'Xây dựng kế hoạch', 'Sở Nội vụ', 'Quý II/2024']);
      ws.addRow([2, 'Nhiệm vụ hai', 'Sở Nội vụ', 'Quý II/2024']);
      ws.mergeCells('C2:C3');
      const res = await upload(planId, Buffer.from(await wb.xlsx.writeBuffer()), 'plan.xlsx').expect(400);
      expect(res.body.message).toMatch(/merged/i);
      expect(res.body.message).toContain('C2:C3');
    });
    it('row errors: unknown department, unreadable deadline, duplicate code, unparseable document — all named, nothing written', async () => {
      const body = header + [
        '1,Nhiệm vụ một,Sở Không Tồn Tại,Quý II/2024,',
        '2,Nhiệm vụ hai,Sở TTTT,Cuối năm nay,',
        '2,Nhiệm vụ ba,Sở TTTT,Quý II/2024,',
        '4,Nhiệm vụ bốn,Sở TTTT,Quý II/2024,văn bản số gì đó',
      ].join('\n') + '\n';
      const dry = await upload(planId, csv(body), 'plan.csv', 'dryRun=true').expect(200);
      const texts = dry.body.errors.map((e: any) => [e.row, e.column, e.text]);
      expect(texts).toEqual(expect.arrayContaining([
        [2, 'Đơn vị chủ trì', 'Sở Không Tồn Tại'],
        [3, 'Thời hạn', 'Cuối năm nay'],
        [5, 'Văn bản ban hành', 'văn bản số gì đó'],
      ]));
      expect(dry.body.errors.some((e: any) => e.row === 4 && e.column === 'STT' && /duplicate|twice|already/i.test(e.message))).toBe(true);
      const real = await upload(planId, csv(body), 'plan.csv').expect(400);
      expect(real.body).toMatchObject({ statusCode: 400, dryRun: false });
      expect(real.body.errors).toEqual(dry.body.errors);
    });
    it('a focal point may not import', async () => {
      const fp = await signIn(env, 'focal_point', idOf.get('STTTT'));
      await env.http().post(`/api/v1/plans/${planId}/imports?dryRun=true`).set(fp.auth).attach('file', fixture('ninh-thuan-qd-36-2024.csv'), 'x.csv').expect(403);
    });
  });

  it('round trip: export a plan, import it into a new plan, get the same tasks', async () => {
    const source = await createPlan(env, secretariat.auth, { number: 'RT-1/KH-BĐHCĐS', issuedOn: '2024-04-04' });
    await upload(source, fixture('ninh-thuan-kh-1446-2024.csv'), 'kh1446.csv').expect(200);
    const exported = await env.http().get(`/api/v1/plans/${source}/tasks.xlsx`).set(viewer.auth).buffer(true)
      .parse((res, cb) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks))); })
      .expect(200);
    expect(exported.headers['content-type']).toMatch(/spreadsheetml/);
    const target = await createPlan(env, secretariat.auth, { number: 'RT-2/KH-BĐHCĐS', issuedOn: '2024-04-04' });
    const res = await upload(target, exported.body, 'export.xlsx').expect(200);
    expect(res.body.errors).toEqual([]);
    const strip = (t: any) => ({
      code: t.code, sourceRef: t.sourceRef, group: t.group, title: t.title, leadDepartmentId: t.leadDepartmentId, leadGroupId: t.leadGroupId,
      coordinatingDepartmentIds: t.coordinatingDepartmentIds, deadlineText: t.deadlineText, dueDate: t.dueDate, status: t.status,
      progressNote: t.progressNote, completedOn: t.completedOn, note: t.note,
      outputDocuments: t.outputDocuments.map((d: any) => [d.number, d.issuedOn, d.kind]),
    });
    const read = async (planId: string) => (await env.http().get(`/api/v1/tasks?planId=${planId}&parentId=null&limit=200`).set(viewer.auth)).body.items.map(strip);
    const [a, b] = [await read(source), await read(target)];
    expect(b).toHaveLength(44);
    expect(b).toEqual(a);
  });

  it('loads the demo data into an empty database, once, with the password it is given', async () => {
    const fresh = await startTestApp();
    const demoPassword = 'kept-demo-password-of-this-install';
    try {
      expect(await loadDemoDataIfEmpty(fresh.config, demoPassword)).toBe(true);
      const [{ departments, plans, tasks, users }] = await fresh.db.query(
        `SELECT (SELECT count(*)::int FROM departments) AS departments, (SELECT count(*)::int FROM plans) AS plans,
                (SELECT count(*)::int FROM tasks WHERE parent_id IS NULL) AS tasks, (SELECT count(*)::int FROM users) AS users`,
      );
      expect({ departments, plans, tasks, users }).toEqual({ departments: DEMO_DEPARTMENTS.length, plans: 2, tasks: 55, users: 3 });
      expect(await loadDemoDataIfEmpty(fresh.config, demoPassword)).toBe(false);
      const login = await fresh.http().post('/api/v1/auth/login').send({ email: 'daumoi.stttt@steering.local', password: demoPassword }).expect(200);
      expect(login.body.accessToken).toEqual(expect.any(String));
      await fresh.http().post('/api/v1/auth/login').send({ email: 'daumoi.stttt@steering.local', password: `not-${demoPassword}` }).expect(401);
    } finally {
      await fresh.close();
    }
  });

  it('never loads demo users in production', async () => {
    const fresh = await startTestApp();
    try {
      await expect(loadDemoDataIfEmpty({ ...fresh.config, nodeEnv: 'production' }, 'any-password-at-all')).rejects.toThrow(/never loaded in production/);
      const [{ users }] = await fresh.db.query(`SELECT count(*)::int AS users FROM users`);
      expect(users).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
