// @runAlone: npm test runs this file by itself, after the others (scripts/run-jest.js): it inflates hostile uploads against size and time limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DEPARTMENTS } from '@app/imports';
import { createPlan } from './support/builders';
import { bigCsv, wholeSheetMerge, wholeSheetValidation, wideCsv, zipBomb } from './support/hostile-files';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/**
 * Spreadsheets that can't hurt: every hostile file is refused with the status and the code
 * of the limit it breaks, and nothing is imported. (That the API keeps answering meanwhile is
 * measured by bench/upload-attack.ts, not asserted here.)
 */
describe('hostile task tables are refused, naming the limit, and import nothing', () => {
  let env: TestEnv;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  let planId: string;

  beforeAll(async () => {
    env = await startTestApp();
    const admin = await signIn(env, 'admin');
    for (const d of DEMO_DEPARTMENTS) {
      await env.http().post('/api/v1/departments').set(admin.auth).send({ code: d.code, name: d.name, aliases: d.aliases }).expect(201);
    }
    secretariat = await signIn(env, 'secretariat');
    planId = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND', kind: 'decision', issuedOn: '2024-01-12' });
  });
  afterAll(() => env.close());

  const upload = (file: Buffer, name: string) =>
    env.http().post(`/api/v1/plans/${planId}/imports?dryRun=false`).set(secretariat.auth).attach('file', file, name);
  const taskCount = async () => Number((await env.db.query(`SELECT count(*) AS n FROM tasks WHERE plan_id = $1`, [planId]))[0].n);
  afterEach(async () => expect(await taskCount()).toBe(0));

  const refusal = async (file: Buffer, name: string, status: number, code: string) => {
    const res = await upload(file, name);
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.body.message).toContain(name);
    return res.body.message as string;
  };

  it('a zip bomb (an XLSX whose sheet inflates to 300 MB) is refused from its ZIP directory, before inflating: 413 IMPORT_DECOMPRESSED_TOO_LARGE', async () => {
    const message = await refusal(await zipBomb(300), 'bomb.xlsx', 413, 'IMPORT_DECOMPRESSED_TOO_LARGE');
    expect(message).toMatch(/declares 300 MB/);
  });

  it('a zip bomb whose directory lies about its size is stopped at the declared size while inflating: 413 IMPORT_DECOMPRESSED_TOO_LARGE', async () => {
    const message = await refusal(await zipBomb(300, true), 'liar.xlsx', 413, 'IMPORT_DECOMPRESSED_TOO_LARGE');
    expect(message).toMatch(/inflates past the 1 KB its ZIP directory declares/);
  });

  it('a merge over the whole sheet (A1:XFD1048576): 400 IMPORT_RANGE_TOO_LARGE', async () => {
    const message = await refusal(await wholeSheetMerge(), 'merge.xlsx', 400, 'IMPORT_RANGE_TOO_LARGE');
    expect(message).toMatch(/merge A1:XFD1048576/);
  });

  it('a data validation over the whole sheet (A1:XFD1048576): 400 IMPORT_RANGE_TOO_LARGE', async () => {
    const message = await refusal(await wholeSheetValidation(), 'validation.xlsx', 400, 'IMPORT_RANGE_TOO_LARGE');
    expect(message).toMatch(/data validation A1:XFD1048576/);
  });

  it('a CSV of 100,000 columns: 413 IMPORT_TOO_MANY_COLUMNS', async () => {
    const message = await refusal(wideCsv(100_000), 'wide.csv', 413, 'IMPORT_TOO_MANY_COLUMNS');
    expect(message).toMatch(/100000 columns; a task table may have at most 256/);
  });

  it('a 20 MB CSV: 413 IMPORT_FILE_TOO_LARGE', async () => {
    const res = await upload(bigCsv(20), 'big.csv');
    expect({ status: res.status, code: res.body.code, message: res.body.message }).toEqual({
      status: 413,
      code: 'IMPORT_FILE_TOO_LARGE',
      message: 'the file is too large: task tables up to 10 MB',
    });
  });

  it('a CSV of more than 50,000 rows: 413 IMPORT_TOO_MANY_ROWS', async () => {
    const rows = Buffer.from('STT,Nội dung nhiệm vụ,Đơn vị chủ trì\n' + '1,Việc,Sở Nội vụ\n'.repeat(50_000));
    await refusal(rows, 'rows.csv', 413, 'IMPORT_TOO_MANY_ROWS');
  });

  it('a cell of more than 32,767 characters: 413 IMPORT_CELL_TOO_LONG', async () => {
    const long = Buffer.from(`STT,Nội dung nhiệm vụ,Đơn vị chủ trì\n1,${'x'.repeat(40_000)},Sở Nội vụ\n`);
    const message = await refusal(long, 'long.csv', 413, 'IMPORT_CELL_TOO_LONG');
    expect(message).toMatch(/row 2, column 2: 40000 characters/);
  });

  it('a CSV record that never ends (an open quote over 1 MB): 413 IMPORT_ROW_TOO_LONG', async () => {
    const open = Buffer.from(`STT,Nội dung nhiệm vụ,Đơn vị chủ trì\n1,"${'x,\n'.repeat(400_000)}`);
    await refusal(open, 'open.csv', 413, 'IMPORT_ROW_TOO_LONG');
  });

  it('a whole-column merge in the data is clipped to the used range, then refused as merged data: 400 IMPORT_FILE_INVALID', async () => {
    const zip = await (await import('jszip')).default.loadAsync(await wholeSheetMerge());
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', sheet.replace('A1:XFD1048576', 'C2:C1048576'));
    const message = await refusal(await zip.generateAsync({ type: 'nodebuffer' }), 'column.xlsx', 400, 'IMPORT_FILE_INVALID');
    expect(message).toMatch(/merged cells in the table cannot be imported: C2:C2/);
  });

  it('a multipart body that ends inside the file answers 400, and the API lives on', async () => {
    const cutOff = '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nSTT';
    const res = await env.http().post(`/api/v1/plans/${planId}/imports?dryRun=true`).set(secretariat.auth)
      .set('Content-Type', 'multipart/form-data; boundary=zz').send(cutOff).expect(400);
    expect(res.body.message).toMatch(/^file: the multipart body cannot be read/);
    await env.http().get('/health').expect(200);
  });

  it('a real plan still imports through the parsing thread (Decision 36, dry run)', async () => {
    const csv = readFileSync(join(__dirname, '../libs/imports/demo-data/ninh-thuan-qd-36-2024.csv'));
    const res = await env.http().post(`/api/v1/plans/${planId}/imports?dryRun=true`).set(secretariat.auth).attach('file', csv, 'qd36.csv').expect(200);
    expect(res.body.rows).toHaveLength(11);
  });
});
