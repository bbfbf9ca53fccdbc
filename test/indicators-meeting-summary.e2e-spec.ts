import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DEPARTMENTS } from '@app/imports';
import { createPlan } from './support/builders';
import { OpenApiValidator, Schema } from './support/openapi-schema';
import { waitUntil } from './support/wait';
import { signIn, startTestApp, TestEnv } from './support/test-app';

const SEED_004 = 'seed-004-phu-luc-1-chi-tieu-2024.csv';
const fixture = readFileSync(join(__dirname, '../libs/imports/demo-data', SEED_004));
const PHONE = 'Mật độ điện thoại cố định và trả sau trên 100 dân';

/** Reads a download whole into a Buffer (supertest would otherwise try to parse it as text). */
const download = (path: string, who: { Authorization: string }, env: TestEnv) =>
  env.http().get(path).set(who).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/**
 * Issue 17, item 3: a meeting's frozen summary holds the indicators of its plans as known at the
 * end of its cut-off day and the period's report requests with the departments that had not
 * answered by then; what is entered later changes neither the frozen summary nor one computed
 * again; the workbook gains the indicator sheet (seed 004 Phụ lục 1's layout) and the requests'.
 */
describe('indicators and report requests in the meeting summary', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, focal: Who, viewer: Who;
  const idOf = new Map<string, string>();
  let planId: string;
  let validator: OpenApiValidator;
  let doc: Schema;

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2024-06-20T03:00:00Z');
    const admin = await signIn(env, 'admin');
    for (const d of DEMO_DEPARTMENTS) {
      const res = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: d.code, name: d.name, aliases: d.aliases }).expect(201);
      idOf.set(d.code, res.body.id);
    }
    secretariat = await signIn(env, 'secretariat');
    focal = await signIn(env, 'focal_point', idOf.get('STTTT')!);
    viewer = await signIn(env, 'viewer');
    planId = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND', kind: 'decision', issuedOn: '2024-01-12' });
    doc = (await env.http().get('/api/docs-json').expect(200)).body;
    validator = new OpenApiValidator(doc);
    const imported = await env.http().post(`/api/v1/indicators/imports?dryRun=false&departmentId=${idOf.get('STTTT')}`).set(secretariat.auth).attach('file', fixture, SEED_004).expect(200);
    expect(imported.body.errors).toEqual([]);
  });
  afterAll(() => env.close());

  const schemaOf = (path: string, method = 'get', status = '200') => validator.resolve(doc.paths[path][method].responses[status]).content['application/json'].schema;
  const summaryOf = async (meetingId: string) => (await env.http().get(`/api/v1/meetings/${meetingId}/summary`).set(viewer.auth).expect(200)).body;
  async function computed(meetingId: string, notId?: string) {
    await env.http().post(`/api/v1/meetings/${meetingId}/summary`).set(secretariat.auth).expect(202);
    let summary: any;
    await waitUntil(`the summary of meeting ${meetingId}`, async () => {
      const res = await env.http().get(`/api/v1/meetings/${meetingId}/summary`).set(viewer.auth);
      summary = res.body;
      return res.status === 200 && summary.id !== notId;
    }, 60_000);
    return summary;
  }
  /** What the frozen summary says of the indicators and requests, as the test compares it. */
  const seenIn = (s: any) => ({
    counts: s.indicators.counts,
    thirteen: s.indicators.items.find((i: any) => i.code === '13'),
    requests: s.reportRequests.map((r: any) => [r.number, r.departments, r.notAnswered.map((d: any) => d.departmentName)]),
  });

  it('freezes the indicators as of the cut-off and the missing answers; later values change nothing; the workbook has both sheets', async () => {
    const request = await env.http().post('/api/v1/report-requests').set(secretariat.auth).send({
      number: '2226/UBND-KTTH', issuer: 'UBND tỉnh', title: 'Báo cáo kiểm điểm 6 tháng đầu năm 2024', year: 2024, period: '6M', dueDate: '2024-06-15',
      departmentIds: [idOf.get('STTTT'), idOf.get('STC')],
    }).expect(201);
    await env.http().post(`/api/v1/report-requests/${request.body.id}/answers`).set(focal.auth).send({ number: '512/BC-STTTT', issuedOn: '2024-06-14' }).expect(200);
    const meeting = (await env.http().post('/api/v1/meetings').set(secretariat.auth)
      .send({ title: 'Phiên họp 6 tháng', heldOn: '2024-06-21', asOf: '2024-06-20', planIds: [planId] }).expect(201)).body;

    // the standing as of the cut-off, counted one by one from the list
    const before = (await env.http().get('/api/v1/indicators?year=2024&period=6M').set(viewer.auth).expect(200)).body.items;
    const count = (status: string) => before.filter((i: any) => i.status === status).length;
    expect(count('reached')).toBe(7);

    await env.startWorker();
    const first = await computed(meeting.id);
    expect(validator.errors(first, schemaOf('/api/v1/meetings/{id}/summary'))).toEqual([]);
    expect(first.indicators).toMatchObject({ year: 2024, period: '6M', kind: 'estimate', decision: { number: '36/QĐ-UBND', date: '2024-01-12' } });
    expect(first.indicators.items).toHaveLength(17);
    expect(first.indicators.items.find((i: any) => i.name === PHONE)).toMatchObject({ ratio: 98.24, status: 'not_reached' });
    const frozen = seenIn(first);
    expect(frozen).toEqual({
      counts: { total: 17, reached: 7, notReached: count('not_reached'), noValue: count('no_value'), notAssessed: count('not_assessed'), reachedRate: 41.18 },
      thirteen: expect.objectContaining({ ratio: 100, status: 'reached', value: expect.objectContaining({ kind: 'estimate', value: 50 }) }),
      requests: [['2226/UBND-KTTH', 2, ['Sở Tài chính']]],
    });
    // the same as the meeting's own endpoint says
    const live = (await env.http().get(`/api/v1/meetings/${meeting.id}/indicators`).set(viewer.auth).expect(200)).body;
    expect(validator.errors(live, schemaOf('/api/v1/meetings/{id}/indicators'))).toEqual([]);
    expect(seenIn({ indicators: { counts: live.counts, items: live.indicators }, reportRequests: live.reportRequests })).toEqual(frozen);

    // after the cut-off: a final value of indicator 13 (40 of 50: not reached) and the Sở Tài chính's late answer
    env.clock.set('2024-06-25T03:00:00Z');
    const items = (await env.http().get('/api/v1/indicators?year=2024&period=6M').set(viewer.auth).expect(200)).body.items;
    const thirteen = items.find((i: any) => i.planId === planId && i.code === '13');
    await env.http().post(`/api/v1/indicators/${thirteen.id}/values`).set(focal.auth).send({ year: 2024, period: '6M', kind: 'final', value: 40 }).expect(200);
    await env.http().post(`/api/v1/report-requests/${request.body.id}/answers`).set(secretariat.auth)
      .send({ number: '77/BC-STC', issuedOn: '2024-06-24', departmentId: idOf.get('STC') }).expect(200);
    expect((await env.http().get(`/api/v1/indicators/${thirteen.id}?year=2024&period=6M`).set(viewer.auth).expect(200)).body).toMatchObject({ ratio: 80, status: 'not_reached' });

    // the frozen summary is as it was; one computed again still reads the cut-off, not today
    expect(seenIn(await summaryOf(meeting.id))).toEqual(frozen);
    const again = await computed(meeting.id, first.id);
    expect(again.computedAt).toBe('2024-06-25T03:00:00.000Z');
    expect(seenIn(again)).toEqual(frozen);

    // the workbook: the indicators in Phụ lục 1's layout, the requests with who had not answered
    const res = await download(`/api/v1/meetings/${meeting.id}/summary.xlsx`, viewer.auth, env).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.slice(-2)).toEqual(['Chỉ tiêu', 'Báo cáo định kỳ']);
    const text = (ws: ExcelJS.Worksheet) => {
      const rows: string[][] = [];
      ws.eachRow({ includeEmpty: true }, (row, n) => (rows[n - 1] = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? '')))));
      return rows;
    };
    const indicators = text(wb.getWorksheet('Chỉ tiêu')!);
    expect(indicators[0][0]).toBe('PHỤ LỤC');
    expect(indicators[1][0]).toBe('Các chỉ tiêu của 36/QĐ-UBND thực hiện 6 tháng đầu năm 2024 (kết quả đến ngày 20/06/2024)');
    expect(indicators[2].slice(0, 5)).toEqual(['TT', 'Chỉ tiêu', 'Đơn vị', 'Thực hiện năm 2023', 'Năm 2024']);
    expect(indicators[4]).toEqual(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(6)/(5)', '(7)', '(6)/(7)']);
    const phone = indicators.find((r) => r[1] === PHONE)!;
    expect(phone.slice(3, 9)).toEqual(['16,5', '17', '16,7', '98,24', '17', '98,24']);
    // indicator 13 as the meeting saw it: the estimate 50 (100), not the final 40 entered later
    const row13 = indicators.find((r) => r[0] === '13')!;
    expect(row13[5]).toBe('50');
    expect(row13[6]).toBe('100');

    const requests = text(wb.getWorksheet('Báo cáo định kỳ')!);
    const header = requests.findIndex((r) => r[0] === 'STT');
    expect(requests[header]).toEqual(['STT', 'Số văn bản yêu cầu', 'Nội dung báo cáo', 'Hạn gửi', 'Số đơn vị phải báo cáo', 'Số đơn vị chưa gửi', 'Đơn vị chưa gửi']);
    expect(requests[header + 1]).toEqual(['1', '2226/UBND-KTTH', 'Báo cáo kiểm điểm 6 tháng đầu năm 2024', '2024-06-15', '2', '1', 'Sở Tài chính']);
  });
});
