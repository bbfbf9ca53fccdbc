/**
 * A leader of the steering committee (role viewer) walks every page a viewer can open in the
 * demo data (npm start's), and finds each one rendered, with what the API answers, and READ-ONLY:
 * no control that writes (WEB.md's names of every write), no field to type in but search,
 * filters and the as-of day. Written against WEB.md's fixed names and generic checks only.
 */
import { Page } from '@playwright/test';
import { expect, signIn, test, useDemoStack } from './support/fixtures';
import { DemoStack } from './support/stack';

useDemoStack();

/** The accessible names of the controls that write (WEB.md), none of which a viewer may see. */
const WRITE_CONTROLS = [
  'Cập nhật tiến độ',
  'Đề nghị gia hạn',
  'Xác nhận hoàn thành',
  'Trả lại',
  'Nhập từ tệp',
  'Kiểm tra',
  'Nhập',
  'Lập báo cáo',
  'Lưu',
  'Gửi',
  'Thêm',
  'Tạo',
  'Sửa',
  'Xóa',
];
/** A button whose text starts with a verb that writes ("Thêm văn bản", "Tạo cuộc họp", "Xoá", "Duyệt"…). */
const WRITING_BUTTON_TEXT = /^\s*(Tạo|Thêm|Sửa|Xóa|Xoá|Lưu|Gửi|Nhập|Cập nhật|Lập báo cáo|Xác nhận|Trả lại|Duyệt|Từ chối|Kiểm tra|Đề nghị|Phê duyệt|Chấp thuận)/i;
/** The labels of the fields a viewer may use: search, filters, the as-of day. */
const READING_FIELD =
  /^(Tìm kiếm|Tìm|Lọc.*|Kế hoạch|Trạng thái|Tình hình thực hiện|Đơn vị|Đơn vị chủ trì|Nhóm đơn vị|Năm|Kỳ|Số liệu đến ngày|Từ ngày|Đến ngày|Ngày|Chọn ngày|Trang)$/i;
const PLACEHOLDER = 'Trang này sẽ có trong đợt phát triển tiếp theo';

/** The editable fields of the page that are not search, filter or as-of fields, described for the failure message. */
async function writableFields(page: Page): Promise<string[]> {
  return page.evaluate((pattern) => {
    const reading = new RegExp(pattern, 'i');
    const visible = (el: Element) => {
      const box = (el as HTMLElement).getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const textOf = (ids: string | null) =>
      (ids ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
    const nameOf = (el: HTMLElement): string => {
      const own = el.getAttribute('aria-label') || textOf(el.getAttribute('aria-labelledby'));
      if (own.trim()) return own.trim();
      const byFor = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
      const wrapping = el.closest('label');
      return (byFor?.textContent || wrapping?.textContent || el.getAttribute('placeholder') || el.getAttribute('title') || '').trim();
    };
    const found: string[] = [];
    // a file input (an import) writes, even hidden behind its button
    for (const file of Array.from(document.querySelectorAll('input[type="file"]'))) found.push(`file input ${nameOf(file as HTMLElement) || '(no name)'}`);
    const fields = Array.from(document.querySelectorAll<HTMLElement>('input, textarea, select, [contenteditable="true"], [contenteditable=""]'));
    for (const el of fields) {
      const input = el as HTMLInputElement;
      if (input.type === 'hidden' || input.type === 'file') continue;
      if (!visible(el) || input.disabled || input.readOnly || el.getAttribute('aria-disabled') === 'true' || el.getAttribute('aria-readonly') === 'true') continue;
      if (input.type === 'search' || el.getAttribute('role') === 'searchbox') continue;
      if (el.closest('[role="search"], form.filters, .filters')) continue;
      const name = nameOf(el).replace(/\s*:\s*$/, '');
      if (reading.test(name)) continue;
      found.push(`${el.tagName.toLowerCase()}${input.type ? `[type=${input.type}]` : ''} "${name}"`);
    }
    return found;
  }, READING_FIELD.source);
}

/** The page rendered for real (not the placeholder of a page still to come), then nothing on it writes. */
async function expectReadOnly(page: Page, where: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 }).first(), `${where}: its main heading`).toBeVisible();
  await expect(page.getByText(PLACEHOLDER), `${where}: the page itself, not the placeholder`).toHaveCount(0);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  for (const name of WRITE_CONTROLS) {
    const control = page.getByRole('button', { name, exact: true }).or(page.getByRole('link', { name, exact: true }));
    await expect(control, `${where}: no "${name}" for a viewer`).toHaveCount(0);
  }
  await expect(page.locator('button, [role="button"]').filter({ hasText: WRITING_BUTTON_TEXT }), `${where}: no button that writes`).toHaveCount(0);
  expect(await writableFields(page), `${where}: no field to type in but search, filters and the as-of day`).toEqual([]);
}

interface Ids {
  taskId: string;
  taskTitle: string;
  plan: { id: string; number: string };
  meeting: { id: string; title: string };
}

/** What the walk opens, read from the API; a meeting made by the secretariat, as a real one would be. */
async function idsOf(demo: DemoStack): Promise<Ids> {
  const tasks = await demo.api.call<{ items: Array<{ id: string; title: string }> }>(demo.viewer.token, 'GET', '/tasks?limit=1');
  const plans = await demo.api.call<{ items: Array<{ id: string; number: string }> }>(demo.viewer.token, 'GET', '/plans?limit=200');
  const plan = plans.items.find((p) => p.number === '36/QĐ-UBND') ?? plans.items[0];
  const title = 'Phiên họp Ban Chỉ đạo chuyển đổi số cuối năm';
  const meeting = await demo.api.call<{ id: string }>(demo.secretariat.token, 'POST', '/meetings', {
    title,
    heldOn: demo.today,
    asOf: demo.today,
    planIds: plans.items.map((p) => p.id),
  });
  return { taskId: tasks.items[0].id, taskTitle: tasks.items[0].title, plan, meeting: { id: meeting.id, title } };
}

let ids: Ids | undefined;

test.beforeEach(async ({ page, demo }) => {
  ids ??= await idsOf(demo);
  await signIn(page, demo.viewer);
  await expect(page).toHaveURL(/\/dashboard/);
});

test('the viewer\'s navigation has no link of the secretariat or the admin', async ({ page }) => {
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  for (const name of ['Tổng hợp', 'Nhiệm vụ', 'Kế hoạch', 'Cuộc họp', 'Thông báo']) await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Chờ duyệt' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Quản trị' })).toHaveCount(0);
});

test('/dashboard: the roll-up, with its as-of day, read-only', async ({ page }) => {
  await page.goto('/dashboard');
  await expect(page.getByLabel('Số liệu đến ngày')).toBeVisible();
  await expect(page.locator('main')).toContainText(ids!.plan.number);
  await expectReadOnly(page, '/dashboard');
});

test('/tasks: the list, read-only', async ({ page }) => {
  await page.goto('/tasks');
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Mã', exact: true }) });
  await expect(table.getByRole('row').filter({ has: page.getByRole('cell') }).first()).toBeVisible();
  await expectReadOnly(page, '/tasks');
});

test('/tasks: the lead filter finds a department typed without diacritics, and the list then holds exactly its tasks', async ({ page, demo }) => {
  const departments = await demo.api.call<{ items: Array<{ id: string; name: string }> }>(demo.viewer.token, 'GET', '/departments?limit=200');
  const department = departments.items.find((d) => d.name === 'Sở Thông tin và Truyền thông');
  const other = departments.items.find((d) => d.name.startsWith('Sở ') && !d.name.includes('Thông tin'));
  expect(department).toBeDefined();
  expect(other).toBeDefined();
  const led = await demo.api.call<{ total: number }>(demo.viewer.token, 'GET', `/tasks?departmentId=${department!.id}&limit=1`);
  expect(led.total).toBeGreaterThan(0);

  await page.goto('/tasks');
  const filter = page.getByLabel('Đơn vị chủ trì', { exact: true });
  await filter.click();
  await filter.fill('so thong tin');
  const listbox = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').filter({ visible: true });
  // an option is labelled by the name, then its aliases in brackets
  const option = (name: string) => listbox.getByTitle(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(|$)`));
  // the typed words, folded, keep the department and leave out the others
  await expect(option(department!.name)).toBeVisible();
  await expect(option(other!.name)).toHaveCount(0);
  await option(department!.name).click();
  await expect(page).toHaveURL(new RegExp(`[?&]departmentId=${department!.id}`));
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Mã', exact: true }) });
  const rows = table.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(rows.first()).toContainText(department!.name);
  await expect(page.getByText(`${led.total} nhiệm vụ`, { exact: true })).toBeVisible();
  const shown = await rows.count();
  for (let i = 0; i < shown; i++) await expect(rows.nth(i)).toContainText(department!.name);
});

test('/tasks/:id: one task, its history, read-only', async ({ page }) => {
  await page.goto(`/tasks/${ids!.taskId}`);
  await expect(page.locator('main')).toContainText(ids!.taskTitle);
  await expect(page.getByText('Lịch sử cập nhật').first()).toBeVisible();
  await expectReadOnly(page, '/tasks/:id');
});

test('/plans: the plans, read-only', async ({ page }) => {
  await page.goto('/plans');
  await expect(page.locator('main')).toContainText('36/QĐ-UBND');
  await expect(page.locator('main')).toContainText('1446/KH-BĐHCĐS');
  await expectReadOnly(page, '/plans');
});

test('/plans/:id: one plan, its tasks and roll-up, read-only but for the export', async ({ page }) => {
  await page.goto(`/plans/${ids!.plan.id}`);
  await expect(page.locator('main')).toContainText(ids!.plan.number);
  await expect(page.getByRole('link', { name: 'Tải Excel' })).toBeVisible();
  await expectReadOnly(page, '/plans/:id');
});

test('/meetings: the meetings, read-only', async ({ page }) => {
  await page.goto('/meetings');
  await expect(page.locator('main')).toContainText(ids!.meeting.title);
  await expectReadOnly(page, '/meetings');
});

test('/meetings/:id: one meeting, read-only (no summary to make)', async ({ page }) => {
  await page.goto(`/meetings/${ids!.meeting.id}`);
  await expect(page.locator('main')).toContainText(ids!.meeting.title);
  await expectReadOnly(page, '/meetings/:id');
});

test('/notifications: the inbox, with nothing that writes but marking as read', async ({ page }) => {
  await page.goto('/notifications');
  await expect(page.getByRole('heading', { level: 1, name: /Thông báo/ })).toBeVisible();
  await expectReadOnly(page, '/notifications');
});

test('/admin: a viewer is told there is no access, and nothing of the admin shows', async ({ page }) => {
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Quản trị' })).toBeVisible();
  await expect(page.getByText('Bạn không có quyền truy cập trang này.')).toBeVisible();
  await expect(page.getByRole('tab')).toHaveCount(0);
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectReadOnly(page, '/admin');
});

test('the read-only checks see the writes a focal point has on its own task (they are not blind)', async ({ browser, demo }) => {
  const context = await browser.newContext({ baseURL: demo.baseURL });
  try {
    const page = await context.newPage();
    await signIn(page, demo.focalPoint);
    await expect(page).toHaveURL(/\/tasks\?(.*&)?mine=1/);
    const mine = await demo.api.call<{ items: Array<{ id: string; leadDepartmentId: string | null }> }>(
      demo.focalPoint.token,
      'GET',
      `/tasks?limit=50&involvedDepartmentId=${(await demo.api.call<{ departmentId: string }>(demo.focalPoint.token, 'GET', '/me')).departmentId}`,
    );
    const own = mine.items.find((t) => t.leadDepartmentId);
    expect(own, 'a task the focal point\'s department leads').toBeTruthy();
    await page.goto(`/tasks/${own!.id}`);
    await page.getByRole('button', { name: 'Cập nhật tiến độ', exact: true }).click();
    await expect(page.getByLabel('Kết quả thực hiện', { exact: true })).toBeVisible();
    expect((await writableFields(page)).join('\n')).toContain('Kết quả thực hiện');
    await expect(page.locator('button, [role="button"]').filter({ hasText: WRITING_BUTTON_TEXT }).first()).toBeVisible();
  } finally {
    await context.close();
  }
});
