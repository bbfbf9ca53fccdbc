import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';
import { waitForSummary } from './support/wait';

/** Reads a download whole into a Buffer. */
const download = (env: TestEnv, path: string, who: { Authorization: string }) =>
  env.http().get(path).set(who).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

const HYPERLINK = '=HYPERLINK("http://x","y")';
const DDE = "+cmd|' /C calc'!A0";
const AT = '@SUM(1+1)*cmd|/C calc';
const MINUS = '-2+3+cmd|/C calc';

/** Every cell of every sheet, and whether the file holds a formula at all (an <f> element in a sheet). */
async function openWorkbook(bytes: Buffer): Promise<{ cells: ExcelJS.Cell[]; formulaXml: boolean }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: ExcelJS.Cell[] = [];
  wb.eachSheet((ws) => ws.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (cell) => cells.push(cell))));
  const zip = await JSZip.loadAsync(bytes);
  const sheets = Object.keys(zip.files).filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
  expect(sheets.length).toBeGreaterThan(0);
  let formulaXml = false;
  for (const name of sheets) if (/<f[\s>]/.test(await zip.file(name)!.async('string'))) formulaXml = true;
  return { cells, formulaXml };
}

/**
 * Exports that a secretariat member opens in Excel carry what users typed: a plan number,
 * a title, a department name. Typed like a formula, it must stay text (OWASP "CSV injection").
 */
describe('exports: text that looks like a formula stays text', () => {
  let env: TestEnv;
  let secretariat: Awaited<ReturnType<typeof signIn>>, viewer: Awaited<ReturnType<typeof signIn>>;
  let planId: string, meetingId: string;

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2024-03-01T03:00:00Z');
    const admin = await signIn(env, 'admin');
    const dept = await createDepartment(env, admin.auth, 'SXD', AT);
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
    planId = await createPlan(env, secretariat.auth, { number: HYPERLINK, title: DDE });
    await createTask(env, secretariat.auth, { planId, code: '1', title: MINUS, leadDepartmentId: dept, deadlineText: '15/6/2024', note: HYPERLINK });
    env.clock.set('2024-07-01T01:00:00Z');
    meetingId = (await env.http().post('/api/v1/meetings').set(secretariat.auth)
      .send({ title: '=1+1 Phiên họp', heldOn: '2024-07-05', asOf: '2024-06-30', planIds: [planId] }).expect(201)).body.id;
    await env.http().post(`/api/v1/meetings/${meetingId}/summary`).set(secretariat.auth).expect(202);
    await env.startWorker();
    await waitForSummary(env, viewer.auth, meetingId, { timeoutMs: 20_000 });
  });
  afterAll(() => env?.close());

  it('summary.csv puts a quote before a plan number =HYPERLINK("http://x","y") and a department name @SUM…, inside a quoted field', async () => {
    const res = await download(env, `/api/v1/meetings/${meetingId}/summary.csv`, viewer.auth).expect(200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text).toContain(`,"'=HYPERLINK(""http://x"",""y"")",`);
    expect(text).toContain(`,"'@SUM(1+1)*cmd|/C calc",`);
    // no field of the file starts with a formula character once read back
    const rows: string[][] = parse(res.body, { bom: true });
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const byName = Object.fromEntries(rows.slice(1).map((r) => [r[2], r[4]]));
    expect(byName).toEqual({ [`'${HYPERLINK}`]: '1', 'Tổng cộng': '1', [`'${AT}`]: '1' });
  });

  it('summary.xlsx holds the plan number, the department and the overdue task title as text cells, and no formula anywhere', async () => {
    const res = await download(env, `/api/v1/meetings/${meetingId}/summary.xlsx`, viewer.auth).expect(200);
    const { cells, formulaXml } = await openWorkbook(res.body);
    expect(formulaXml).toBe(false);
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    const texts = cells.filter((c) => c.type === ExcelJS.ValueType.String).map((c) => c.value);
    expect(texts).toEqual(expect.arrayContaining([HYPERLINK, AT, MINUS]));
  });

  it('the departments compared and the appendices (CSV of the summary and of the plan, XLSX of the plan) keep formula-like text as text', async () => {
    for (const path of [`/api/v1/meetings/${meetingId}/summary/departments.csv`, `/api/v1/meetings/${meetingId}/summary/appendix.csv`, `/api/v1/plans/${planId}/appendix.csv?asOf=2024-06-30`]) {
      const res = await download(env, path, viewer.auth).expect(200);
      const rows: string[][] = parse(res.body, { bom: true });
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    const ranking: string[][] = parse((await download(env, `/api/v1/meetings/${meetingId}/summary/departments.csv`, viewer.auth)).body, { bom: true });
    expect(ranking[1][1]).toBe(`'${AT}`);
    const annex: string[][] = parse((await download(env, `/api/v1/plans/${planId}/appendix.csv`, viewer.auth)).body, { bom: true });
    expect(annex[1].slice(0, 5)).toEqual([`'${HYPERLINK}`, '', '1', '', `'${MINUS}`]);
    const res = await download(env, `/api/v1/plans/${planId}/appendix.xlsx`, viewer.auth).expect(200);
    const { cells, formulaXml } = await openWorkbook(res.body);
    expect(formulaXml).toBe(false);
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.String).map((c) => c.value)).toEqual(expect.arrayContaining([MINUS]));
  });

  it("the plan's tasks.xlsx holds the title, the note and the department as text cells, and no formula anywhere", async () => {
    const res = await download(env, `/api/v1/plans/${planId}/tasks.xlsx`, secretariat.auth).expect(200);
    const { cells, formulaXml } = await openWorkbook(res.body);
    expect(formulaXml).toBe(false);
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    const texts = cells.filter((c) => c.type === ExcelJS.ValueType.String).map((c) => c.value);
    expect(texts).toEqual(expect.arrayContaining([MINUS, AT, HYPERLINK]));
  });
});
