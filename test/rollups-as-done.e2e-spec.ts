import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DEPARTMENTS } from '@app/imports';
import { createDepartment, createPlan, createTask } from './support/builders';
import { signIn, startTestApp, TestEnv } from './support/test-app';
import { waitForSummary as waitForMeetingSummary } from './support/wait';

const fixture = (name: string) => readFileSync(join(__dirname, '../libs/imports/demo-data', name));

/**
 * Two times kept apart (DOMAIN.md "Roll-ups", issue 16): a roll-up as of a past day counts the
 * state *as done* — by the dates the work happened, as known now, a task existing from the day
 * it was assigned — while a frozen meeting summary keeps what was known when it was made. And a
 * completion is on time by the department's delivery (its earliest submitted document).
 */
describe('roll-ups of past days as done', () => {
  let env: TestEnv;
  type Who = Awaited<ReturnType<typeof signIn>>;
  let admin: Who, secretariat: Who, viewer: Who;
  const rollup = async (query: string) => (await env.http().get(`/api/v1/rollups?${query}`).set(viewer.auth).expect(200)).body;

  beforeAll(async () => {
    env = await startTestApp();
    admin = await signIn(env, 'admin');
    secretariat = await signIn(env, 'secretariat');
    viewer = await signIn(env, 'viewer');
  });
  afterAll(() => env.close());

  it('gives seed 004\'s own sentence for Decision 36 imported today: as of 28/5/2024, 05/11 completed on time and 06/11 within deadline', async () => {
    env.clock.set('2025-11-26T03:00:00Z'); // typed in long after the work was done
    for (const d of DEMO_DEPARTMENTS.filter((x) => x.code === 'STTTT')) {
      await env.http().post('/api/v1/departments').set(admin.auth).send({ code: d.code, name: d.name, aliases: d.aliases }).expect(201);
    }
    const planId = await createPlan(env, secretariat.auth, { number: '36/QĐ-UBND', kind: 'decision', issuedOn: '2024-01-12' });
    const imported = await env.http().post(`/api/v1/plans/${planId}/imports?dryRun=false`).set(secretariat.auth)
      .attach('file', fixture('ninh-thuan-qd-36-2024.csv'), 'qd36.csv').expect(200);
    expect(imported.body.errors).toEqual([]);

    // "Sở Thông tin và Truyền thông đã hoàn thành 05/11 nhiệm vụ đúng thời hạn và 06/11 nhiệm vụ đang triển khai trong hạn"
    const may = await rollup(`planId=${planId}&asOf=2024-05-28&shares=true`);
    expect(may.total).toMatchObject({ total: 11, completed: 5, completedOnTime: 5, completedLate: 0, withinDeadline: 6, overdue: 0, recurring: 0, cancelled: 0 });
    expect(may.total.shares.completedOnTime.text).toBe('5/11 (45,45%)');
    expect(may.total.shares.withinDeadline.text).toBe('6/11 (54,55%)');
    expect(may.byPlan).toEqual([expect.objectContaining({ planId, total: 11, completedOnTime: 5, withinDeadline: 6 })]);

    // rows 3 and 5: submitted before the due date, issued by the province after it — on time
    const tasks = (await env.http().get(`/api/v1/tasks?planId=${planId}&limit=50`).set(viewer.auth).expect(200)).body.items;
    const byCode = (code: string) => tasks.find((t: any) => t.code === code);
    expect(byCode('3')).toMatchObject({ dueDate: '2024-02-29', completedOn: '2024-02-28', timeliness: 'on_time' });
    expect(byCode('5')).toMatchObject({ dueDate: '2024-03-31', completedOn: '2024-03-07', timeliness: 'on_time' });
    // every document keeps its own date
    const five = (await env.http().get(`/api/v1/tasks/${byCode('5').id}`).set(viewer.auth).expect(200)).body;
    expect(five.outputDocuments.map((d: any) => `${d.kind} ${d.number} ${d.issuedOn}`).sort()).toEqual([
      'issued 03-KH/BCĐCĐS 2024-03-14', 'issued 1446/KH-BĐHCĐS 2024-04-04',
      'submitted 551/STTTT-CN 2024-03-07', 'submitted 780/STTTT-CN 2024-04-01',
    ]);

    // before the decision was issued nothing was assigned; on 1 March two tasks were delivered
    expect((await rollup(`planId=${planId}&asOf=2024-01-11`)).total.total).toBe(0);
    expect((await rollup(`planId=${planId}&asOf=2024-03-01`)).total).toMatchObject({ total: 11, completed: 2, completedOnTime: 2, overdue: 0, withinDeadline: 9 });
    // at the end of 2024 the six unfinished ones are overdue; today (2025) as well
    expect((await rollup(`planId=${planId}&asOf=2024-12-31`)).total).toMatchObject({ total: 11, completed: 5, overdue: 4, withinDeadline: 2 });
    expect((await rollup(`planId=${planId}`)).total).toMatchObject({ total: 11, completed: 5, completedOnTime: 5, overdue: 6 });
  });

  it('keeps a frozen summary as known when made; a back-dated completion changes the day recomputed', async () => {
    env.clock.set('2024-05-25T03:00:00Z');
    const dept = await createDepartment(env, admin.auth, 'SYT', 'Sở Y tế');
    const planId = await createPlan(env, secretariat.auth, { number: '12/KH-UBND', issuedOn: '2024-05-01' });
    const late = await createTask(env, secretariat.auth, { planId, code: '1', title: 'Báo cáo y tế số', leadDepartmentId: dept, dueDate: '2024-05-20' });
    await createTask(env, secretariat.auth, { planId, code: '2', title: 'Kế hoạch bệnh án điện tử', leadDepartmentId: dept, dueDate: '2024-06-30' });
    const meeting = (await env.http().post('/api/v1/meetings').set(secretariat.auth)
      .send({ title: 'Giao ban tháng 5', heldOn: '2024-05-25', asOf: '2024-05-25', planIds: [planId] }).expect(201)).body;
    await env.startWorker();
    await env.http().post(`/api/v1/meetings/${meeting.id}/summary`).set(secretariat.auth).expect(202);
    const frozen = await waitForSummary(meeting.id);
    expect(frozen.rollup.total).toMatchObject({ total: 2, completed: 0, overdue: 1, withinDeadline: 1 });
    expect(frozen.overdue.map((t: any) => t.code)).toEqual(['1']);

    // entered in June, dated 20 May, delivered (submitted) on 19 May
    env.clock.set('2024-06-10T03:00:00Z');
    const { version } = (await env.http().get(`/api/v1/tasks/${late.id}`).set(secretariat.auth).expect(200)).body;
    await env.http().post(`/api/v1/tasks/${late.id}/updates`).set(secretariat.auth).send({
      version, status: 'completed', completedOn: '2024-05-20',
      outputDocuments: [{ number: '88/SYT-KHTC', issuedOn: '2024-05-19', kind: 'submitted' }],
    }).expect(201);

    // the frozen summary is what was known on 25 May
    expect((await env.http().get(`/api/v1/meetings/${meeting.id}/summary`).set(viewer.auth).expect(200)).body).toEqual(frozen);
    // recomputed, 25 May as done: completed on time, nothing overdue; 19 May it was still open, not yet due
    const recomputed = await rollup(`planId=${planId}&asOf=2024-05-25`);
    const recomputedShares = await rollup(`planId=${planId}&asOf=2024-05-25&shares=true`);
    expect(recomputed.total).toMatchObject({ total: 2, completed: 1, completedOnTime: 1, completedLate: 0, overdue: 0, withinDeadline: 1 });
    expect(recomputedShares.total.shares.completed.text).toBe('1/2 (50,00%)');
    expect((await rollup(`planId=${planId}&asOf=2024-05-19`)).total).toMatchObject({ total: 2, completed: 0, overdue: 0, withinDeadline: 2 });
    // and the meeting's summary asked again is the recomputed day, beside the frozen one
    await env.http().post(`/api/v1/meetings/${meeting.id}/summary`).set(secretariat.auth).expect(202);
    const again = await waitForSummary(meeting.id, frozen.id);
    expect(again.rollup).toEqual(recomputed);
    expect(again.overdue).toEqual([]);
    expect(again.completedSince.tasks.map((t: any) => [t.code, t.completedOn, t.timeliness])).toEqual([['1', '2024-05-20', 'on_time']]);
    const [{ count }] = await env.db.query(`SELECT count(*)::int AS count FROM meeting_summaries WHERE meeting_id = $1`, [meeting.id]);
    expect(count).toBe(2);

    // the files of the summary print the same shares, with the decimal comma
    const xlsx = await download(`/api/v1/meetings/${meeting.id}/summary.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const texts: string[] = [];
    wb.getWorksheet('Tổng hợp')!.eachRow((row) => texts.push(String(row.getCell(1).value ?? '')));
    expect(texts).toContain(
      'Tổng cộng: 2 nhiệm vụ: hoàn thành 1/2 (50,00%), trong đó đúng hạn 1/2 (50,00%), quá hạn 0/2 (0,00%); ' +
        'thực hiện thường xuyên 0/2 (0,00%); chưa hoàn thành trong hạn 1/2 (50,00%), quá hạn 0/2 (0,00%)',
    );
    const csv: Record<string, string>[] = parse(await download(`/api/v1/meetings/${meeting.id}/summary.csv`), { bom: true, columns: true });
    expect(csv.filter((r) => r['Tên'] === 'Tổng cộng').map((r) => r['Tỷ lệ hoàn thành (%)'])).toEqual(['50,00']);
  });

  it('judges on time by the earliest submitted document as soon as one is recorded, whoever writes it (the cached roll-up follows)', async () => {
    env.clock.set('2024-06-10T03:00:00Z');
    const dept = await createDepartment(env, admin.auth, 'SNV', 'Sở Nội vụ');
    const planId = await createPlan(env, secretariat.auth, { number: '15/KH-UBND', issuedOn: '2024-03-01' });
    const task = await createTask(env, secretariat.auth, { planId, code: '1', title: 'Đề án vị trí việc làm', leadDepartmentId: dept, dueDate: '2024-05-31' });
    const { version } = (await env.http().get(`/api/v1/tasks/${task.id}`).set(secretariat.auth).expect(200)).body;
    // the province issued on 5 June: late by that alone
    await env.http().post(`/api/v1/tasks/${task.id}/updates`).set(secretariat.auth)
      .send({ version, status: 'completed', completedOn: '2024-06-05', outputDocuments: [{ number: '1201/QĐ-UBND', issuedOn: '2024-06-05', kind: 'issued' }] }).expect(201);
    expect((await rollup(`planId=${planId}`)).total).toMatchObject({ completed: 1, completedOnTime: 0, completedLate: 1 });
    // the department's submission of 28 May, written by another process: delivered on time
    await env.db.query(`INSERT INTO output_documents (task_id, number, issued_on, kind) VALUES ($1, '77/TTr-SNV', '2024-05-28', 'submitted')`, [task.id]);
    expect((await rollup(`planId=${planId}`)).total).toMatchObject({ completed: 1, completedOnTime: 1, completedLate: 0 });
    const read = (await env.http().get(`/api/v1/tasks/${task.id}`).set(viewer.auth).expect(200)).body;
    expect(read).toMatchObject({ completedOn: '2024-06-05', timeliness: 'on_time' });
    // and back: without it the issuance decides again
    await env.db.query(`DELETE FROM output_documents WHERE task_id = $1 AND kind = 'submitted'`, [task.id]);
    expect((await rollup(`planId=${planId}`)).total).toMatchObject({ completedOnTime: 0, completedLate: 1 });
  });

  /** Reads a download whole into a Buffer. */
  const download = async (path: string): Promise<Buffer> =>
    (await env.http().get(path).set(viewer.auth).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200)).body;

  /** Polls the API until a summary other than `notId` is there: the job ran in the worker. */
  const waitForSummary = (meetingId: string, notId?: string) => waitForMeetingSummary(env, viewer.auth, meetingId, { notId });
});
