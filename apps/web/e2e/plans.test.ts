/**
 * The plans pages on the demo data, as the secretariat works them: the plans with their
 * roll-up; a new plan; a broken task table refused by the dry run (nothing written), a good
 * one imported; a task added by hand with its deadline read as typed; the tasks taken away as
 * Excel. A viewer sees the same pages without a control that writes.
 */
import { Page } from '@playwright/test';
import { Workbook } from 'exceljs';
import { expect, expectNoSeriousAxeViolations, screenshot, signIn, test, typeDate, useDemoStack } from './support/fixtures';
import { DemoStack } from './support/stack';

useDemoStack();
test.describe.configure({ mode: 'serial' });

interface PlanRollup {
  planId: string;
  number: string;
  total: number;
  completed: number;
  completionRate: number;
  overdue: number;
}

/** "18/66 — 27,27%", as the reports print a share. */
const share = (r: Pick<PlanRollup, 'completed' | 'total' | 'completionRate'>) => `${r.completed}/${r.total} — ${r.completionRate.toFixed(2).replace('.', ',')}%`;

/** The plan this file makes, shared by its tests (serial). */
const made = { id: '', number: `${500 + Math.floor(Math.random() * 400)}/KH-BCĐ`, year: 2025 };

const HEADING = 'STT,Nhóm,Nội dung nhiệm vụ,Đơn vị chủ trì,Đơn vị phối hợp,Thời hạn';
/** Rows 3 and 4 of the file are wrong: a department nobody knows, a deadline nobody can read. */
const BROKEN = [
  HEADING,
  '1.1,1. Hạ tầng số,Nâng cấp mạng truyền số liệu chuyên dùng,Sở TTTT,Sở Nội vụ,Quý II/2025',
  '1.2,1. Hạ tầng số,Phủ sóng 5G các khu công nghiệp,Sở Hàng Không Vũ Trụ,,Tháng 6/2025',
  '2.1,2. Dữ liệu số,Xây dựng kho dữ liệu dùng chung,Sở Tài chính,,Cuối năm nay',
].join('\n');
const GOOD = [
  HEADING,
  '1.1,1. Hạ tầng số,Nâng cấp mạng truyền số liệu chuyên dùng,Sở TTTT,Sở Nội vụ,Quý II/2025',
  '1.2,1. Hạ tầng số,Phủ sóng 5G các khu công nghiệp,Sở KH&ĐT,,Tháng 6/2025',
  '2.1,2. Dữ liệu số,Xây dựng kho dữ liệu dùng chung,Sở Tài chính,,Năm 2025',
  '2.2,2. Dữ liệu số,"Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",Sở GD&ĐT,"Sở TTTT, Sở Nội vụ",Trước 30/9/2025',
].join('\n');

async function tasksOf(demo: DemoStack, planId: string): Promise<{ total: number; items: Array<{ code: string; title: string; group: string | null; dueDate: string | null; leadDepartmentId: string | null; coordinatingDepartmentIds: string[] }> }> {
  return demo.api.call(demo.secretariat.token, 'GET', `/tasks?planId=${planId}&parentId=null&limit=200`);
}

async function departmentId(demo: DemoStack, code: string): Promise<string> {
  const { items } = await demo.api.call<{ items: Array<{ id: string; code: string }> }>(demo.secretariat.token, 'GET', '/departments?limit=200');
  return items.find((d) => d.code === code)!.id;
}

/** The import panel's file, as a person picks it. */
async function pickFile(page: Page, name: string, csv: string): Promise<void> {
  await page.getByLabel('Tệp nhiệm vụ (CSV hoặc XLSX)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
}

test('the plans list shows each demo plan with the roll-up the API answers; the secretariat enters a plan and opens it', async ({ page, demo }) => {
  const rollup = await demo.api.call<{ byPlan: PlanRollup[] }>(demo.secretariat.token, 'GET', '/rollups');
  const demoPlans = rollup.byPlan.filter((r) => ['36/QĐ-UBND', '1446/KH-BĐHCĐS'].includes(r.number));
  expect(demoPlans).toHaveLength(2);

  await signIn(page, demo.secretariat);
  await page.getByRole('link', { name: 'Kế hoạch', exact: true }).click();
  await expect(page).toHaveURL(/\/plans$/);
  for (const r of demoPlans) {
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: r.number, exact: true }) });
    await expect(row).toContainText(share(r));
    const cells = row.getByRole('cell');
    const texts = await cells.allTextContents();
    // Số nhiệm vụ and Quá hạn as the roll-up counts them
    expect(texts).toContain(String(r.total));
    expect(texts.at(-2)).toBe(String(r.overdue));
  }
  await expectNoSeriousAxeViolations(page);

  await page.getByRole('button', { name: 'Thêm kế hoạch' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Số văn bản').fill(made.number);
  await dialog.getByLabel('Trích yếu').fill('Kế hoạch thử nghiệm chuyển đổi số năm 2025');
  await typeDate(dialog.getByLabel('Ngày ban hành'), '2025-03-15');
  await dialog.getByLabel('Năm').fill(String(made.year));
  await dialog.getByLabel('Cơ quan ban hành').fill('Ban Chỉ đạo chuyển đổi số tỉnh');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/);
  made.id = page.url().split('/').pop()!;

  const plan = await demo.api.call(demo.secretariat.token, 'GET', `/plans/${made.id}`);
  expect(plan).toMatchObject({ number: made.number, kind: 'plan', issuedOn: '2025-03-15', year: made.year });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(made.number);
  await expect(page.getByText('Kế hoạch chưa có nhiệm vụ nào.')).toBeVisible();

  // the new plan is listed too, with no task yet
  await page.getByRole('link', { name: '← Kế hoạch' }).click();
  await expect(page.getByRole('row').filter({ has: page.getByRole('link', { name: made.number, exact: true }) })).toContainText('0/0 — 0,00%');
  await page.getByRole('link', { name: made.number, exact: true }).click();
  await expect(page).toHaveURL(`/plans/${made.id}`);
});

test('a broken task table is refused by the dry run with its rows and columns, and nothing is imported; a good one is', async ({ page, demo }) => {
  await signIn(page, demo.secretariat, `/plans/${made.id}`);
  await page.getByRole('button', { name: 'Nhập từ tệp' }).click();
  const importButton = page.getByRole('button', { name: 'Nhập', exact: true });
  await expect(importButton).toBeDisabled();

  await pickFile(page, 'ke-hoach-loi.csv', BROKEN);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  const errors = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Lỗi' }) });
  await expect(errors.getByRole('columnheader', { name: 'Dòng' })).toBeVisible();
  await expect(errors.getByRole('columnheader', { name: 'Cột' })).toBeVisible();
  const errorRows = errors.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(errorRows).toHaveCount(2);
  const lines = (await errorRows.evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''))));
  expect(lines).toEqual([
    ['3', 'Đơn vị chủ trì', expect.stringContaining('Không tìm thấy đơn vị "Sở Hàng Không Vũ Trụ"')],
    ['4', 'Thời hạn', expect.stringContaining('Không đọc được thời hạn "Cuối năm nay"')],
  ]);
  await expect(importButton).toBeDisabled();
  await screenshot(page, 'import-preview-errors');
  // the dry run wrote nothing, and a real run of this file is refused whole
  expect((await tasksOf(demo, made.id)).total).toBe(0);
  const form = new FormData();
  form.append('file', new Blob([BROKEN], { type: 'text/csv' }), 'ke-hoach-loi.csv');
  const realRun = await fetch(`${demo.baseURL}/api/v1/plans/${made.id}/imports?dryRun=false`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${demo.secretariat.token}` },
    body: form,
  });
  expect(realRun.status).toBe(400);
  expect((await realRun.json()).errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
  expect((await tasksOf(demo, made.id)).total).toBe(0);

  await pickFile(page, 'ke-hoach.csv', GOOD);
  await expect(importButton).toBeDisabled(); // a new file needs its own check
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.getByText('Tệp hợp lệ: 4 nhiệm vụ sẽ được nhập.')).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Lỗi' })).toHaveCount(0);
  expect((await tasksOf(demo, made.id)).total).toBe(0);
  await importButton.click();
  await expect(page.getByText('Đã nhập 4 nhiệm vụ.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kiểm tra' })).toHaveCount(0);

  const tasks = await tasksOf(demo, made.id);
  expect(tasks.total).toBe(4);
  await expect(page.getByRole('heading', { name: `Nhiệm vụ (${tasks.total})` })).toBeVisible();
  // each section of the file, in its order, lists its tasks in the file's order
  const groups = [...new Set(tasks.items.map((t) => t.group))];
  expect(groups).toHaveLength(2);
  const headings = page.locator('.plan-section h3');
  await expect(headings).toHaveText(groups.map((g) => g!));
  for (const group of groups) {
    const section = page.getByRole('region', { name: group! });
    const titles = section.getByRole('row').filter({ has: page.getByRole('cell') }).getByRole('link');
    await expect(titles).toHaveText(tasks.items.filter((t) => t.group === group).map((t) => t.title));
  }
  // a row leads to its task
  const first = tasks.items[0];
  await expect(page.getByRole('link', { name: first.title })).toHaveAttribute('href', /\/tasks\/[0-9a-f-]{36}$/);
});

test('the secretariat adds a task by hand: the deadline is read as typed, a refusal shows next to its field', async ({ page, demo }) => {
  await signIn(page, demo.secretariat, `/plans/${made.id}`);
  await page.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Mã').fill('1.1'); // already in the plan: the server refuses it
  await dialog.getByLabel('Mục').fill('3. Nhiệm vụ bổ sung');
  await dialog.getByLabel('Nội dung nhiệm vụ').fill('Tổ chức tập huấn kỹ năng số cho cán bộ, công chức');

  // departments are found by alias without diacritics
  const lead = dialog.getByLabel('Đơn vị chủ trì');
  await lead.click();
  await lead.pressSequentially('so tttt');
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle(/^Sở Thông tin và Truyền thông/).click();
  const coordinating = dialog.getByLabel('Đơn vị phối hợp');
  await coordinating.click();
  await coordinating.pressSequentially('so noi vu');
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle(/^Sở Nội vụ/).click();
  await dialog.getByText('Thêm nhiệm vụ').click(); // close the list

  const deadline = dialog.getByLabel('Thời hạn');
  await deadline.fill('Quý V/2025');
  await expect(dialog.getByText(/Không đọc được thời hạn "Quý V\/2025": quý phải là I–IV/)).toBeVisible();
  await deadline.fill('Quý II/2025');
  await expect(dialog.getByText('Hạn hoàn thành: 30/06/2025')).toBeVisible();
  await expect(dialog.getByText(/Không đọc được thời hạn/)).toHaveCount(0);
  await screenshot(page, 'plan-task-form');

  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(dialog.getByText('Mã 1.1 đã có trong kế hoạch này.')).toBeVisible();
  // what was typed stays
  await expect(deadline).toHaveValue('Quý II/2025');
  expect((await tasksOf(demo, made.id)).total).toBe(4);

  await dialog.getByLabel('Mã').fill('3.1');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const tasks = await tasksOf(demo, made.id);
  expect(tasks.total).toBe(5);
  expect(tasks.items.find((t) => t.code === '3.1')).toMatchObject({
    title: 'Tổ chức tập huấn kỹ năng số cho cán bộ, công chức',
    group: '3. Nhiệm vụ bổ sung',
    dueDate: '2025-06-30',
    leadDepartmentId: await departmentId(demo, 'STTTT'),
    coordinatingDepartmentIds: [await departmentId(demo, 'SNV')],
  });
  const section = page.getByRole('region', { name: '3. Nhiệm vụ bổ sung' });
  await expect(section.getByRole('row').filter({ hasText: 'Tổ chức tập huấn kỹ năng số' })).toContainText('30/06/2025');
  await expect(page.getByRole('heading', { name: 'Nhiệm vụ (5)' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'plan');
});

test('the secretariat edits a task and the plan', async ({ page, demo }) => {
  await signIn(page, demo.secretariat, `/plans/${made.id}`);
  await page.getByRole('button', { name: 'Sửa nhiệm vụ 3.1' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Thời hạn')).toHaveValue('Quý II/2025');
  await dialog.getByLabel('Thời hạn').fill('Tháng 9/2025');
  await expect(dialog.getByText('Hạn hoàn thành: 30/09/2025')).toBeVisible();
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const edited = (await tasksOf(demo, made.id)).items.find((t) => t.code === '3.1');
  expect(edited).toMatchObject({ dueDate: '2025-09-30', group: '3. Nhiệm vụ bổ sung' });
  await expect(page.getByRole('region', { name: '3. Nhiệm vụ bổ sung' })).toContainText('30/09/2025');

  await page.getByRole('button', { name: 'Sửa kế hoạch' }).click();
  await page.getByRole('dialog').getByLabel('Trích yếu').fill('Kế hoạch chuyển đổi số năm 2025 (đã sửa)');
  await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText('Kế hoạch chuyển đổi số năm 2025 (đã sửa)')).toBeVisible();
  expect((await demo.api.call(demo.secretariat.token, 'GET', `/plans/${made.id}`)).title).toBe('Kế hoạch chuyển đổi số năm 2025 (đã sửa)');
});

test("everyone takes the plan's tasks away as Excel, one row per task", async ({ page, demo }) => {
  await signIn(page, demo.secretariat, `/plans/${made.id}`);
  const { total } = await tasksOf(demo, made.id);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải Excel' }).click()]);
  const workbook = new Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  const heading = rows.findIndex((cells) => cells[0] === 'STT');
  expect(heading).toBeGreaterThanOrEqual(0);
  expect(rows.length - heading - 1).toBe(total);
  expect(rows.slice(heading + 1).map((cells) => cells[0])).toContain('3.1');
});

test("a focal point sees a plan's page without a control that writes", async ({ page, demo }) => {
  await signIn(page, demo.focalPoint, `/plans/${made.id}`);
  await expect(page.getByRole('heading', { name: 'Nhiệm vụ (5)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tải Excel' })).toBeVisible();
  await expect(page.getByRole('button')).toHaveText(['Đăng xuất']);
});

test('a viewer sees the plans read-only: no entry, no import, no edit', async ({ page, demo }) => {
  await signIn(page, demo.viewer, '/plans');
  await expect(page.getByRole('link', { name: made.number, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Thêm kế hoạch' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Sửa/ })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);

  await page.getByRole('link', { name: made.number, exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Nhiệm vụ (5)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tải Excel' })).toBeVisible();
  for (const name of ['Nhập từ tệp', 'Thêm nhiệm vụ', 'Sửa kế hoạch']) await expect(page.getByRole('button', { name })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Sửa/ })).toHaveCount(0);
  await expect(page.getByLabel('Tệp nhiệm vụ (CSV hoặc XLSX)')).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);

  // a demo plan, its tasks by section as the API lists them
  const { items: plans } = await demo.api.call<{ items: Array<{ id: string; number: string }> }>(demo.viewer.token, 'GET', '/plans');
  const kh1446 = plans.find((p) => p.number === '1446/KH-BĐHCĐS')!;
  const tasks = await tasksOf(demo, kh1446.id);
  await page.goto(`/plans/${kh1446.id}`);
  await expect(page.getByRole('heading', { name: `Nhiệm vụ (${tasks.total})` })).toBeVisible();
  const groups = [...new Set(tasks.items.map((t) => t.group ?? 'Nhiệm vụ'))];
  await expect(page.locator('.plan-section h3')).toHaveText(groups);
  await expect(page.locator('.plan-section').getByRole('row').filter({ has: page.getByRole('cell') })).toHaveCount(tasks.total);
});
