import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DEPARTMENTS } from '@app/imports';
import { createPlan } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/** Reads a download whole into a Buffer. */
const download = (env: TestEnv, path: string, who: { Authorization: string }) =>
  env.http().get(path).set(who).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/**
 * Seed 004 (Sở TTTT Ninh Thuận, May 2024), Phụ lục 2 "Tình hình thực hiện các nhiệm vụ theo
 * Quyết định số 36/QĐ-UBND ngày 12/01/2024", as the report prints it: STT, STT theo QĐ 36,
 * content, deadline as written, level, product, then progress, submitted and issued documents.
 * Dates as the seed writes them ("04/3/2024"); the file writes dd/mm/yyyy, so both are compared
 * as days (normal below).
 */
const SEED_004_PHU_LUC_2: string[][] = [
  ['1', '154', 'Nghị quyết Quy định mức chi giải thưởng Giải Báo chí tỉnh Ninh Thuận.', 'Quý III/2024', 'HĐND tỉnh', 'Nghị quyết', '', '', ''],
  ['2', '155', 'Kế hoạch Tuyên truyền, quảng bá về tỉnh Ninh Thuận trên các ấn phẩm của cơ quan báo chí năm 2024', 'Tháng 01/2024', 'UBND tỉnh', 'Kế hoạch', 'Hoàn thành', '86/STTTT-TTBCXB ngày 10/01/2024', '185/KH-UBND ngày 12/01/2024'],
  ['3', '156', 'Kế hoạch Thông tin Đối ngoại năm 2024', 'Tháng 02/2024', 'UBND tỉnh', 'Kế hoạch', 'Hoàn thành', '476/STTTT-TTBCXB ngày 28/02/2024', '931/KH-UBND ngày 04/3/2024'],
  ['4', '157', 'Kế hoạch Tổ chức Ngày Sách và Văn hóa đọc Việt Nam 2024', 'Quý I/2024', 'UBND tỉnh', 'Kế hoạch', 'Hoàn thành', '615/STTTT-TTBCXB ngày 13/3/2024', '1285/KH-UBND ngày 25/3/2024'],
  ['5', '158', 'Kế hoạch Chuyển đổi số năm 2024', 'Quý I/2024', 'UBND tỉnh', 'Kế hoạch', 'Hoàn thành', '- 551/STTTT-CN ngày 07/3/2024 - 780/STTTT-CN ngày 01/4/2024', '- 03-KH/BCĐCĐS ngày 14/3/2024 - 1446/KH-BĐHCĐS ngày 04/4/2024'],
  ['6', '159', 'Kế hoạch phổ biến, hướng dẫn về chuyển đổi sang sử dụng điện thoại thông minh.', 'Quý II/2024', 'UBND tỉnh', 'Kế hoạch', 'Đang dự thảo', '', ''],
  ['7', '160', 'Kế hoạch tuyên truyền phổ biến, nâng cao nhận thức về Chuyển đổi số.', 'Quý II/2024', 'UBND tỉnh', 'Kế hoạch', 'Đang dự thảo', '', ''],
  ['8', '161', 'Tổ chức Hội thi tin học trẻ tỉnh năm 2024.', 'Quý II/2024', 'UBND tỉnh', 'Kế hoạch phối hợp', 'Hoàn thành', '1158/KHPPH-STTTT-SGDĐT-TĐ ngày 08/5/2024', ''],
  ['9', '162', 'Quyết định thành lập Hội chuyên đổi số tỉnh Ninh Thuận.', 'Quý III/2024', 'UBND tỉnh', 'Quyết định', '', '', ''],
  ['10', '163', 'Phối hợp Công an tỉnh tiếp tục triển khai thực hiện Đề án 06', 'Năm 2024', 'UBND tỉnh', 'Kế hoạch', '', '', ''],
  ['11', '164', 'Phối hợp Sở Kế hoạch và Đầu tư hỗ trợ doanh nghiệp vừa và nhỏ chuyển đổi số.', 'Năm 2024', 'UBND tỉnh', 'Kế hoạch', '', '', ''],
];

/** A cell as text compared with the seed: one line, days written dd/mm/yyyy. */
const normal = (value: unknown) =>
  String(value ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g, (_, d: string, m: string, y: string) => `${d.padStart(2, '0')}/${m.padStart(2, '0')}/${y}`);

/**
 * The per-task appendix of a plan as of a cut-off (GET /plans/:id/appendix, .xlsx, .csv):
 * Decision 36 imported today from its fixture, read as of 28/05/2024 (as done), gives seed 004's Phụ lục 2.
 */
describe('the per-task appendix of a plan', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let secretariat: Who, viewer: Who;
  let planId: string;
  const idOf = new Map<string, string>();

  beforeAll(async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    for (const d of DEMO_DEPARTMENTS) {
      const res = await env.http().post('/api/v1/departments').set(admin.auth).send({ code: d.code, name: d.name, aliases: d.aliases }).expect(201);
      idOf.set(d.code, res.body.id);
    }
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    // typed in long after the work was done (issue 16 item 1): the appendix of 28/05/2024 reads
    // that day as done — the dates the work happened, as known now — like the roll-up of that day
    env.clock.set('2026-03-02T03:00:00Z');
    planId = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND', kind: 'decision', issuedOn: '2024-01-12', issuer: 'UBND tỉnh Ninh Thuận' });
    const csv = readFileSync(join(__dirname, '../libs/imports/demo-data/ninh-thuan-qd-36-2024.csv'));
    const res = await env.http().post(`/api/v1/plans/${planId}/imports?dryRun=false`).set(secretariat.auth).attach('file', csv, 'qd36.csv').expect(200);
    expect(res.body.errors).toEqual([]);
    // later the same day, row 6 is reported with a document dated after the cut-off (18/06/2024)
    env.clock.set('2026-03-02T07:00:00Z');
    const six = (await env.http().get(`/api/v1/tasks?planId=${planId}&q=dien thoai thong minh`).set(viewer.auth).expect(200)).body.items[0];
    await env.http().post(`/api/v1/tasks/${six.id}/updates`).set(secretariat.auth)
      .send({ version: six.version, progressNote: 'Đã trình UBND tỉnh dự thảo', outputDocuments: [{ number: '1500/STTTT-CN', issuedOn: '2024-06-18', kind: 'submitted' }] })
      .expect(201);
  });
  afterAll(() => env.close());

  it('exports the appendix of 28/05/2024 as XLSX with the columns and values of seed 004 Phụ lục 2, all 11 rows', async () => {
    const res = await download(env, `/api/v1/plans/${planId}/appendix.xlsx?asOf=2024-05-28`, viewer.auth).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="phu-luc-36-qd-ubnd-2024-05-28\.xlsx"; filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const ws = wb.worksheets[0];
    const row = (n: number) => Array.from({ length: 9 }, (_, i) => ws.getRow(n).getCell(i + 1).value);

    expect(ws.getCell('A1').value).toBe('PHỤ LỤC');
    expect(ws.getCell('A2').value).toBe('Tình hình thực hiện các nhiệm vụ theo Quyết định số 36/QĐ-UBND ngày 12/01/2024 của UBND tỉnh Ninh Thuận');
    expect(ws.getCell('A3').value).toBe('(Kết quả đến ngày 28/05/2024; đơn vị chủ trì: Sở Thông tin và Truyền thông)');
    // the two-row header of the seed: lone columns merged down, "Kết quả thực hiện" over its three parts
    expect(row(4).slice(0, 7)).toEqual([
      'STT', 'STT theo Quyết định 36/QĐ-UBND', 'Nội dung nhiệm vụ', 'Thời gian hoàn thành theo Quyết định số 36/QĐ-UBND',
      'Cấp trình, ban hành', 'Sản phẩm trình', 'Kết quả thực hiện',
    ]);
    expect(row(5).slice(6)).toEqual(['Tiến độ thực hiện', 'Số, ngày văn bản trình', 'Số, ngày văn bản ban hành']);
    const merges: string[] = (ws.model as any).merges;
    expect(merges).toEqual(expect.arrayContaining(['A4:A5', 'B4:B5', 'C4:C5', 'D4:D5', 'E4:E5', 'F4:F5', 'G4:I4']));
    expect(ws.getCell('H4').isMerged).toBe(true);
    expect(ws.columnCount).toBe(9);

    // the 11 tasks, as the seed prints them, and nothing after
    const body = Array.from({ length: 11 }, (_, i) => row(6 + i).map(normal));
    expect(body).toEqual(SEED_004_PHU_LUC_2.map((r) => r.map(normal)));
    expect(ws.getCell('A6').value).toBe(1);
    expect(ws.getCell('A17').value ?? null).toBeNull();
    // several documents one per line, as the seed lists them
    expect(ws.getCell('H10').value).toBe('- 551/STTTT-CN ngày 07/03/2024\n- 780/STTTT-CN ngày 01/04/2024');
    // text as strings, never formulas
    expect(ws.getCell('H7').type).toBe(ExcelJS.ValueType.String);
  });

  it('reads the progress and documents of the cut-off as done, not of today', async () => {
    const may = (await env.http().get(`/api/v1/plans/${planId}/appendix?asOf=2024-05-28`).set(viewer.auth).expect(200)).body;
    expect(may).toMatchObject({ planNumber: '36/QĐ-UBND', asOf: '2024-05-28', departmentId: null, showLead: false });
    expect(may.rows).toHaveLength(11);
    // imported today: the note it came with, and no document dated after the cut-off
    expect(may.rows[5]).toMatchObject({ sourceRef: '159', status: 'in_progress', progress: 'Đang dự thảo', submitted: [], issued: [], collectiveParts: null });
    expect(may.rows[1]).toMatchObject({ status: 'completed', progress: 'Hoàn thành', submitted: [{ number: '86/STTTT-TTBCXB', issuedOn: '2024-01-10' }], issued: [{ number: '185/KH-UBND', issuedOn: '2024-01-12' }] });
    // the status of each row is the roll-up's of that day: 5 completed, 6 under way
    const rollup = (await env.http().get(`/api/v1/rollups?planId=${planId}&asOf=2024-05-28`).set(viewer.auth).expect(200)).body;
    expect(rollup.total).toMatchObject({ total: 11, completed: 5, completedOnTime: 5, withinDeadline: 6 });
    expect(may.rows.filter((r: any) => r.status === 'completed')).toHaveLength(rollup.total.completed);
    // row 5: its second submission (01/04/2024) and issuance (04/04/2024) were after 1 March, the first ones before
    const march = (await env.http().get(`/api/v1/plans/${planId}/appendix?asOf=2024-03-10`).set(viewer.auth).expect(200)).body;
    expect(march.rows[4]).toMatchObject({ sourceRef: '158', status: 'completed', submitted: [{ number: '551/STTTT-CN', issuedOn: '2024-03-07' }], issued: [] });
    // before the decision was issued nothing was assigned
    expect((await env.http().get(`/api/v1/plans/${planId}/appendix?asOf=2024-01-11`).set(viewer.auth).expect(200)).body.rows).toEqual([]);

    // the document dated 18/06/2024 shows from that day on; the note reported today only today
    const june = (await env.http().get(`/api/v1/plans/${planId}/appendix?asOf=2024-06-18`).set(viewer.auth).expect(200)).body;
    expect(june.rows[5]).toMatchObject({ progress: 'Đang dự thảo', submitted: [{ number: '1500/STTTT-CN', issuedOn: '2024-06-18' }] });
    const dayBefore = (await env.http().get(`/api/v1/plans/${planId}/appendix?asOf=2024-06-17`).set(viewer.auth).expect(200)).body;
    expect(dayBefore.rows[5].submitted).toEqual([]);
    const today = (await env.http().get(`/api/v1/plans/${planId}/appendix`).set(viewer.auth).expect(200)).body;
    expect(today.asOf).toBe('2026-03-02');
    expect(today.rows[5]).toMatchObject({ progress: 'Đã trình UBND tỉnh dự thảo', submitted: [{ number: '1500/STTTT-CN', issuedOn: '2024-06-18' }] });
  });

  it("gives a department's cut, and a flat CSV safe to open", async () => {
    const mine = (await env.http().get(`/api/v1/plans/${planId}/appendix?asOf=2024-05-28&departmentId=${idOf.get('STTTT')}`).set(viewer.auth).expect(200)).body;
    expect(mine.departmentName).toBe('Sở Thông tin và Truyền thông');
    expect(mine.rows.map((r: any) => r.sourceRef)).toEqual(SEED_004_PHU_LUC_2.map((r) => r[1]));
    const other = (await env.http().get(`/api/v1/plans/${planId}/appendix?asOf=2024-05-28&departmentId=${idOf.get('SNV')}`).set(viewer.auth).expect(200)).body;
    expect(other.rows).toEqual([]);

    const res = await download(env, `/api/v1/plans/${planId}/appendix.csv?asOf=2024-05-28`, viewer.auth).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes: Buffer = res.body;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: Record<string, string>[] = parse(bytes, { bom: true, columns: true });
    expect(rows).toHaveLength(11);
    expect(rows[4]).toMatchObject({
      'Văn bản giao nhiệm vụ': '36/QĐ-UBND', STT: '5', 'STT theo văn bản': '158', 'Tiến độ thực hiện': 'Hoàn thành',
      'Số, ngày văn bản trình': '551/STTTT-CN ngày 07/03/2024; 780/STTTT-CN ngày 01/04/2024',
    });
  });

  it('refuses a cut-off after today and an unknown department, naming the field', async () => {
    const future = await env.http().get(`/api/v1/plans/${planId}/appendix?asOf=2026-03-03`).set(viewer.auth).expect(400);
    expect(future.body.message).toMatch(/asOf/);
    const unknown = await env.http().get(`/api/v1/plans/${planId}/appendix?departmentId=00000000-0000-4000-8000-000000000000`).set(viewer.auth).expect(400);
    expect(unknown.body.message).toMatch(/departmentId/);
  });
});
