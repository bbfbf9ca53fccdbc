import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEMO_DEPARTMENTS } from '@app/imports';
import { createPlan } from './support/builders';
import { OpenApiValidator, Schema } from './support/openapi-schema';
import { signIn, startTestApp, TestEnv } from './support/test-app';

const DEMO = join(__dirname, '../libs/imports/demo-data');
const SEED_004 = 'seed-004-phu-luc-1-chi-tieu-2024.csv';
const SEED_003 = 'seed-003-chi-tieu-chuyen-doi-so-2024.csv';
const fixture = (name: string) => readFileSync(join(DEMO, name));

/** The ratios seed 004's Phụ lục 1 prints in "(6)/(5)", row by row, read from the fixture made of its text. */
function seedRatios(): { code: string; name: string; ratio: string }[] {
  const grid: string[][] = parse(fixture(SEED_004), { relax_column_count: true });
  return grid.filter((r) => r.length >= 7 && (/^\d+$/.test(r[0]) || (r[0] === '' && /^(Trong đó|-)/.test(r[1])))).map((r) => ({ code: r[0], name: r[1], ratio: r[6] }));
}

async function readSheet(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as any);
  const rows: string[][] = [];
  workbook.worksheets[0].eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
  });
  return Array.from(rows, (r) => r ?? []);
}

describe('indicators: import, values, review, roll-ups, the appendix', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, focal: Who, otherFocal: Who, viewer: Who;
  let idOf: Map<string, string>;
  let planId: string;
  let validator: OpenApiValidator;
  let doc: Schema;

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2024-06-20T03:00:00Z');
    const admin = await signIn(env, 'admin');
    idOf = new Map();
    for (const d of DEMO_DEPARTMENTS) {
      const res = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: d.code, name: d.name, aliases: d.aliases }).expect(201);
      idOf.set(d.code, res.body.id);
    }
    secretariat = await signIn(env, 'secretariat');
    focal = await signIn(env, 'focal_point', idOf.get('STTTT')!);
    otherFocal = await signIn(env, 'focal_point', idOf.get('SYT') ?? [...idOf.values()].find((id) => id !== idOf.get('STTTT'))!);
    viewer = await signIn(env, 'viewer');
    planId = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND', kind: 'decision', issuedOn: '2024-01-12' });
    doc = (await env.http().get('/api/docs-json').expect(200)).body;
    validator = new OpenApiValidator(doc);
  });
  afterAll(() => env.close());

  const upload = (file: Buffer, name: string, query: string, who: Who = secretariat) =>
    env.http().post(`/api/v1/indicators/imports?${query}`).set(who.auth).attach('file', file, name);
  const list = async (query = 'year=2024&period=6M', who: Who = viewer) => (await env.http().get(`/api/v1/indicators?${query}`).set(who.auth).expect(200)).body.items;
  const schemaOf = (path: string, method = 'get', status = '200') => validator.resolve(doc.paths[path][method].responses[status]).content['application/json'].schema;

  it('imports seed 004 Phụ lục 1 (dry run first, then all), under the decision its heading names', async () => {
    const dry = await upload(fixture(SEED_004), SEED_004, `dryRun=true&departmentId=${idOf.get('STTTT')}`).expect(200);
    expect(validator.errors(dry.body, schemaOf('/api/v1/indicators/imports', 'post'))).toEqual([]);
    expect(dry.body).toMatchObject({ dryRun: true, errors: [], notes: [], year: 2024, period: '6M', kind: 'estimate', decision: { planId, number: null } });
    expect(dry.body.rows.map((r: any) => r.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '7.1', '7.2', '8', '8.1', '8.2', '9', '10', '11', '12', '13']);
    expect(await list()).toEqual([]);

    const res = await upload(fixture(SEED_004), SEED_004, `dryRun=false&departmentId=${idOf.get('STTTT')}`).expect(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.rows.every((r: any) => typeof r.id === 'string')).toBe(true);
    const items = await list();
    expect(items).toHaveLength(17);
    expect(validator.errors({ items }, schemaOf('/api/v1/indicators'))).toEqual([]);
    const seven = items.find((i: any) => i.code === '7');
    expect(seven).toMatchObject({ name: 'Số giờ phát sóng phát thanh', unit: 'Giờ/ năm', planId, planNumber: '36/QĐ-UBND', departmentId: idOf.get('STTTT'),
      baseline: { year: 2023, value: 20659 }, target: { year: 2024, value: 20659 }, value: { kind: 'estimate', value: 10314, reviewStatus: 'reported' }, ratio: 49.92, status: 'not_reached' });
    expect(items.filter((i: any) => i.parentId === seven.id).map((i: any) => [i.code, i.name])).toEqual([['7.1', 'Chương trình địa phương'], ['7.2', 'Riêng tiếng Dân tộc thiểu số']]);
    expect(items.find((i: any) => i.code === '1')).toMatchObject({ value: null, ratio: null, status: 'no_value', target: { value: 12 } });
    expect(items.find((i: any) => i.code === '5')).toMatchObject({ ratio: 101.74, status: 'reached' });
  });

  it('exports the appendix in Phụ lục 1\'s layout with the seed\'s ratios', async () => {
    const res = await env.http().get('/api/v1/indicators/appendix.xlsx?year=2024&period=6M').set(viewer.auth).buffer(true)
      .parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readSheet(res.body);
    const top = rows.findIndex((r) => r[0] === 'TT');
    expect(rows[top].slice(0, 5)).toEqual(['TT', 'Chỉ tiêu', 'Đơn vị', 'Thực hiện năm 2023', 'Năm 2024']);
    expect(rows[top][7]).toBe('Theo QĐ 36/QĐ-UBND ngày 12/01/2024');
    expect(rows[top + 1].slice(4, 7)).toEqual(['Kế hoạch năm 2024', 'Ước thực hiện 6 tháng đầu năm', 'Ước thực hiện 6 tháng đầu năm so với Kế hoạch']);
    expect(rows[top + 2]).toEqual(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(6)/(5)', '(7)', '(6)/(7)']);
    const body = rows.slice(top + 3);
    const seed = seedRatios();
    expect(body.map((r) => [r[0], r[1], r[6]])).toEqual(seed.map((s) => [s.code, s.name, s.ratio]));
    // the figures, in order, are all there (the seed's own ratios: none of them is wrong)
    const ratios = body.map((r) => r[6]);
    expect(ratios.slice(1, 11)).toEqual(['98,24', '99,50', '96,43', '101,74', '100', '49,92', '50,67', '50', '50', '50']);
    expect(ratios[12]).toBe('100');
    expect(body.map((r) => r[8])).toEqual(ratios);
    expect(body.find((r) => r[0] === '7')!.slice(2, 6)).toEqual(['Giờ/ năm', '20.659', '20.659', '10.314']);
    expect(body[0].slice(3, 7)).toEqual(['9,56', '12', '-', '-']);

    // read back, the appendix is the same table: under another decision, a dry run finds every row and no ratio to question
    const again = await upload(res.body, 'phu-luc.xlsx', `dryRun=true&departmentId=${idOf.get('STTTT')}&decisionNumber=99/QĐ-TEST&decisionDate=2024-02-01`).expect(200);
    expect(again.body.errors).toEqual([]);
    expect(again.body.notes).toEqual([]);
    expect(again.body.rows.map((r: any) => [r.code, r.name, r.ratio])).toEqual(
      (await list()).map((i: any) => [i.code, i.name, i.ratio]),
    );
  });

  it('imports all or nothing, and notes a printed ratio the rules do not give', async () => {
    const before = (await list()).length;
    const res = await upload(fixture(SEED_004), SEED_004, `dryRun=false&departmentId=${idOf.get('STTTT')}`).expect(400);
    expect(res.body.errors[0]).toMatchObject({ message: expect.stringContaining('already exists') });
    expect(res.body.errors).toHaveLength(17);
    expect((await list()).length).toBe(before);

    const wrong = fixture(SEED_004).toString('utf8').replace('"98,24",17,"98,24"', '"98,23",17,"98,24"');
    const dry = await upload(Buffer.from(wrong), 'wrong.csv', `dryRun=true&departmentId=${idOf.get('STTTT')}&decisionNumber=1/X&decisionDate=2024-01-01`).expect(200);
    expect(dry.body.errors).toEqual([]);
    expect(dry.body.notes).toEqual([expect.objectContaining({ text: '98,23', message: expect.stringContaining('98,24') })]);

    const noDepartment = await upload(fixture(SEED_003), SEED_003, 'dryRun=true&decisionNumber=30/KH-BCĐCĐS&decisionDate=2024-02-06').expect(200);
    expect(noDepartment.body.errors).toHaveLength(25);
    const refused = await upload(fixture(SEED_003), SEED_003, 'dryRun=false&decisionNumber=30/KH-BCĐCĐS&decisionDate=2024-02-06').expect(400);
    expect(refused.body.rows).toHaveLength(25);
    expect((await list()).length).toBe(before);
    await upload(fixture(SEED_004), SEED_004, 'dryRun=true&period=H3').expect(400);
    await upload(fixture(SEED_004), SEED_004, 'dryRun=true', focal).expect(403);
  });

  it('lets the responsible focal point enter values, others not; estimate and final apart; reviewed like a completion, with history', async () => {
    const items = await list();
    const one = items.find((i: any) => i.code === '1');
    const two = items.find((i: any) => i.code === '2');
    const path = (id: string) => `/api/v1/indicators/${id}/values`;
    await env.http().post(path(one.id)).set(otherFocal.auth).send({ year: 2024, period: '6M', kind: 'final', value: 10 }).expect(403);
    await env.http().post(path(one.id)).set(viewer.auth).send({ year: 2024, period: '6M', kind: 'final', value: 10 }).expect(403);
    await env.http().post('/api/v1/indicators').set(focal.auth).send({ code: '99', name: 'X', departmentId: idOf.get('STTTT'), planId }).expect(403);
    const bad = await env.http().post(path(one.id)).set(focal.auth).send({ year: 2024, period: 'H1', kind: 'final', value: 10 }).expect(400);
    expect(bad.body.message).toContain('period');

    const entered = await env.http().post(path(one.id)).set(focal.auth).send({ year: 2024, period: '6M', kind: 'final', value: 12.5, note: 'Số liệu Cục Thống kê' }).expect(200);
    expect(validator.errors(entered.body, schemaOf('/api/v1/indicators/{id}/values', 'post'))).toEqual([]);
    expect(entered.body).toMatchObject({ value: 12.5, kind: 'final', reviewStatus: 'reported', version: 1 });
    // replacing needs the version read
    await env.http().post(path(one.id)).set(focal.auth).send({ year: 2024, period: '6M', kind: 'final', value: 11 }).expect(400);
    await env.http().post(path(one.id)).set(focal.auth).send({ year: 2024, period: '6M', kind: 'final', value: 11, version: 7 }).expect(409);
    const replaced = await env.http().post(path(one.id)).set(focal.auth).send({ year: 2024, period: '6M', kind: 'final', value: 11, version: 1 }).expect(200);
    expect(replaced.body).toMatchObject({ value: 11, version: 2 });
    expect((await list()).find((i: any) => i.code === '1')).toMatchObject({ ratio: 91.67, status: 'not_reached', value: { kind: 'final' } });

    // the final value counts over the estimate; the estimate stays itself
    await env.http().post(path(two.id)).set(focal.auth).send({ year: 2024, period: '6M', kind: 'final', value: 17 }).expect(200);
    expect((await list()).find((i: any) => i.code === '2')).toMatchObject({ ratio: 100, status: 'reached', value: { kind: 'final', value: 17 } });
    expect((await list('year=2024&period=6M&kind=estimate')).find((i: any) => i.code === '2')).toMatchObject({ ratio: 98.24, value: { kind: 'estimate', value: 16.7 } });

    // the review queue, returned (no longer counts, the focal point is told), entered again, confirmed
    const queue = (await env.http().get('/api/v1/indicator-values?awaitingReview=true&limit=200').set(secretariat.auth).expect(200)).body;
    expect(validator.errors(queue, schemaOf('/api/v1/indicator-values'))).toEqual([]);
    const queued = queue.items.find((v: any) => v.indicatorId === one.id && v.kind === 'final');
    expect(queued).toMatchObject({ indicatorCode: '1', value: 11, reviewStatus: 'reported' });
    await env.http().post(`/api/v1/indicator-values/${queued.id}/review`).set(focal.auth).send({ confirm: true, version: 2 }).expect(403);
    await env.http().post(`/api/v1/indicator-values/${queued.id}/review`).set(secretariat.auth).send({ confirm: false, version: 2 }).expect(400);
    const returned = await env.http().post(`/api/v1/indicator-values/${queued.id}/review`).set(secretariat.auth).send({ confirm: false, note: 'Chưa có số liệu chính thức', version: 2 }).expect(200);
    expect(returned.body).toMatchObject({ reviewStatus: 'returned', reviewNote: 'Chưa có số liệu chính thức', version: 3 });
    expect((await list()).find((i: any) => i.code === '1')).toMatchObject({ value: null, status: 'no_value' });
    const inbox = (await env.http().get('/api/v1/notifications').set(focal.auth).expect(200)).body.items;
    expect(inbox.some((n: any) => n.kind === 'indicator_value_returned' && n.body.includes('Chưa có số liệu chính thức'))).toBe(true);

    await env.http().post(path(one.id)).set(focal.auth).send({ year: 2024, period: '6M', kind: 'final', value: 12, version: 3 }).expect(200);
    await env.http().post(`/api/v1/indicator-values/${queued.id}/review`).set(secretariat.auth).send({ confirm: true, version: 4 }).expect(200);
    await env.http().post(`/api/v1/indicator-values/${queued.id}/review`).set(secretariat.auth).send({ confirm: true, version: 5 }).expect(409);

    const detail = (await env.http().get(`/api/v1/indicators/${one.id}?year=2024&period=6M`).set(viewer.auth).expect(200)).body;
    expect(validator.errors(detail, schemaOf('/api/v1/indicators/{id}'))).toEqual([]);
    expect(detail).toMatchObject({ ratio: 100, status: 'reached', value: { reviewStatus: 'confirmed' }, targets: [{ year: 2024, value: 12 }] });
    expect(detail.history.map((h: any) => [h.action, h.value, h.reviewStatus])).toEqual([
      ['reported', 12.5, 'reported'], ['reported', 11, 'reported'], ['returned', 11, 'returned'], ['reported', 12, 'reported'], ['confirmed', 12, 'confirmed'],
    ]);
    // the history only grows, whoever connects
    await expect(env.db.query(`DELETE FROM indicator_value_history`)).rejects.toThrow();
  });

  it('rolls up per department and per assigning decision', async () => {
    await upload(fixture(SEED_003), SEED_003, `dryRun=false&departmentId=${idOf.get('STTTT')}&decisionNumber=30/KH-BCĐCĐS&decisionDate=2024-02-06`).expect(200);
    const items = await list();
    const compound = items.find((i: any) => i.decisionNumber === '30/KH-BCĐCĐS' && i.code === '5');
    expect(compound).toMatchObject({ target: { value: null, parts: [100, 80, 40] }, value: { parts: [100, 60, 30] }, ratio: null, status: 'not_reached' });
    expect(items.find((i: any) => i.decisionNumber === '30/KH-BCĐCĐS' && i.code === '3')).toMatchObject({ ratio: 74.65, status: 'not_reached' });
    expect(items.find((i: any) => i.decisionNumber === '30/KH-BCĐCĐS' && i.code === '11')).toMatchObject({ status: 'not_assessed' });

    const rollup = (await env.http().get('/api/v1/indicators/rollup?year=2024&period=6M').set(viewer.auth).expect(200)).body;
    expect(validator.errors(rollup, schemaOf('/api/v1/indicators/rollup'))).toEqual([]);
    // the same counts, counted here one by one from the list
    const count = (of: any[]) => ({
      total: of.length,
      reached: of.filter((i) => i.status === 'reached').length,
      notReached: of.filter((i) => i.status === 'not_reached').length,
      noValue: of.filter((i) => i.status === 'no_value').length,
      notAssessed: of.filter((i) => i.status === 'not_assessed').length,
      confirmed: of.filter((i) => i.value?.reviewStatus === 'confirmed').length,
    });
    const qd36 = items.filter((i: any) => i.planId === planId);
    expect(count(qd36)).toEqual({ total: 17, reached: 9, notReached: 8, noValue: 0, notAssessed: 0, confirmed: 1 });
    expect(rollup.byDecision.find((d: any) => d.planId === planId)).toMatchObject({ ...count(qd36), planNumber: '36/QĐ-UBND', reachedRate: 52.94 });
    expect(rollup.byDecision.find((d: any) => d.decisionNumber === '30/KH-BCĐCĐS')).toMatchObject({ ...count(items.filter((i: any) => i.decisionNumber === '30/KH-BCĐCĐS')), total: 25, decisionDate: '2024-02-06' });
    expect(rollup.byDepartment).toEqual([expect.objectContaining({ departmentId: idOf.get('STTTT'), ...count(items) })]);
    expect(rollup.total).toMatchObject({ ...count(items), total: 42 });
  });

  it('gives a meeting the indicators of its plans as known at its cut-off, and the report requests of the period with who had not answered', async () => {
    env.clock.set('2024-06-20T03:00:00Z');
    const request = await env.http().post('/api/v1/report-requests').set(secretariat.auth).send({
      number: '2226/UBND-KTTH', issuer: 'UBND tỉnh', title: 'Báo cáo kiểm điểm 6 tháng đầu năm 2024', year: 2024, period: '6M', dueDate: '2024-06-15',
      departmentIds: [idOf.get('STTTT'), idOf.get('STC')],
    }).expect(201);
    await env.http().post(`/api/v1/report-requests/${request.body.id}/answers`).set(focal.auth).send({ number: '512/BC-STTTT', issuedOn: '2024-06-14' }).expect(200);
    const meeting = await env.http().post('/api/v1/meetings').set(secretariat.auth)
      .send({ title: 'Phiên họp 6 tháng', heldOn: '2024-06-21', asOf: '2024-06-20', planIds: [planId] }).expect(201);
    const path = `/api/v1/meetings/${meeting.body.id}/indicators`;

    // after the cut-off: a new final value of indicator 13 and the Sở Tài chính's late answer change nothing the meeting saw
    env.clock.set('2024-06-25T03:00:00Z');
    const thirteen = (await list()).find((i: any) => i.planId === planId && i.code === '13');
    await env.http().post(`/api/v1/indicators/${thirteen.id}/values`).set(focal.auth).send({ year: 2024, period: '6M', kind: 'final', value: 40 }).expect(200);
    await env.http().post(`/api/v1/report-requests/${request.body.id}/answers`).set(secretariat.auth)
      .send({ number: '77/BC-STC', issuedOn: '2024-06-24', departmentId: idOf.get('STC') }).expect(200);
    expect((await list()).find((i: any) => i.id === thirteen.id)).toMatchObject({ ratio: 80, status: 'not_reached' });

    const seen = (await env.http().get(path).set(viewer.auth).expect(200)).body;
    expect(validator.errors(seen, schemaOf('/api/v1/meetings/{id}/indicators'))).toEqual([]);
    expect(seen).toMatchObject({ asOf: '2024-06-20', year: 2024, period: '6M' });
    expect(seen.indicators).toHaveLength(17);
    expect(seen.indicators.find((i: any) => i.code === '13')).toMatchObject({ ratio: 100, status: 'reached', value: { kind: 'estimate', value: 50 } });
    expect(seen.indicators.find((i: any) => i.code === '1')).toMatchObject({ ratio: 100, status: 'reached', value: { kind: 'final', value: 12, reviewStatus: 'confirmed' } });
    expect(seen.counts).toMatchObject({ total: 17, reached: 9, notReached: 8, noValue: 0, reachedRate: 52.94 });
    expect(seen.reportRequests).toEqual([
      expect.objectContaining({ number: '2226/UBND-KTTH', departments: 2, notAnswered: [{ departmentId: idOf.get('STC'), departmentName: 'Sở Tài chính' }] }),
    ]);
  });
});
