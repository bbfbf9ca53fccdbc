/**
 * The dashboard (/dashboard), on the demo data of npm start: its figures are the roll-up's
 * (GET /rollups) today and as of a past day chosen in `Số liệu đến ngày`; a figure leads to
 * the task list showing exactly the tasks it counts; the secretariat's and a leader's home.
 */
import { Locator, Page } from '@playwright/test';
import { expect, expectNoSeriousAxeViolations, screenshot, signIn, test, typeDate, useDemoStack } from './support/fixtures';
import type { DemoStack } from './support/stack';

useDemoStack();

interface Counts {
  total: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  recurring: number;
  inProgress: number;
  notStarted: number;
  blocked: number;
  cancelled: number;
  withinDeadline: number;
  overdue: number;
  completionRate: number;
}
interface Rollup {
  asOf: string;
  total: Counts;
  byPlan: (Counts & { planId: string; number: string })[];
  byDepartment: (Counts & { departmentId: string; name: string })[];
}

const number = new Intl.NumberFormat('vi-VN');
const percent = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const PAST_DAY = '2024-12-31';

/** The value of a headline figure, by the words of its label. */
function figure(page: Page, label: string): Locator {
  return page
    .getByRole('region', { name: 'Số liệu chung' })
    .locator('dt', { hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** "n/total (" — the count and the start of its share, as the reports print it. */
const shareStart = (n: number, total: number) => new RegExp(`^${number.format(n)}/${number.format(total)} \\(\\d+,\\d{2}%\\)$`);

/** The page's headline figures against the roll-up the API answers for the same day. */
async function expectHeadline(page: Page, rollup: Rollup): Promise<void> {
  const t = rollup.total;
  await expect(figure(page, 'Tổng số nhiệm vụ')).toHaveText(number.format(t.total));
  await expect(figure(page, 'Tỷ lệ hoàn thành')).toHaveText(`${percent.format(t.completionRate)}%`);
  // the completed share is the completion rate itself
  await expect(figure(page, 'Hoàn thành')).toHaveText(`${number.format(t.completed)}/${number.format(t.total)} (${percent.format(t.completionRate)}%)`);
  const counted: [string, number][] = [
    ['Hoàn thành đúng hạn', t.completedOnTime],
    ['Hoàn thành trễ hạn', t.completedLate],
    ['Thực hiện thường xuyên', t.recurring],
    ['Đang thực hiện', t.inProgress],
    ['Chưa thực hiện', t.notStarted],
    ['Vướng mắc', t.blocked],
    ['Trong hạn', t.withinDeadline],
    ['Quá hạn', t.overdue],
  ];
  for (const [label, n] of counted) await expect(figure(page, label), label).toHaveText(shareStart(n, t.total));
}

const rollupOf = (demo: DemoStack, query = '') => demo.api.call<Rollup>(demo.secretariat.token, 'GET', `/rollups${query}`);
const taskCount = async (demo: DemoStack, query: string) => (await demo.api.call<{ total: number }>(demo.secretariat.token, 'GET', `/tasks?${query}&limit=1`)).total;

/** The task list's count of what it shows (its pagination's "n nhiệm vụ"). */
async function expectListCount(page: Page, n: number): Promise<void> {
  // the router keeps the dashboard on screen until the list's chunk is in
  await expect(page.getByRole('heading', { name: 'Nhiệm vụ', level: 1 })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  await expect(page.getByText(new RegExp(`^${n} nhiệm vụ$`))).toBeVisible();
}

test('the secretariat\'s dashboard shows the roll-up of today and of a past day; its figures lead to exactly the tasks they count', async ({ page, demo }) => {
  test.setTimeout(180_000);
  const today = await rollupOf(demo);
  expect(today.total.total).toBeGreaterThan(0);

  await signIn(page, demo.secretariat);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Tổng hợp', level: 1 })).toBeVisible();
  await expectHeadline(page, today);
  // the three charts drawn, each an image with a text alternative
  await expect(page.locator('.dash-chart[data-drawn="true"]')).toHaveCount(3, { timeout: 30_000 }); // a lazy chunk and three drawings: slow on a busy machine
  for (const chart of await page.locator('.dash-chart').all()) {
    await expect(chart).toHaveAttribute('role', 'img');
    await expect(chart).toHaveAttribute('aria-label', /Biểu đồ/);
  }
  // the overdue list: the plans' overdue tasks, as many as the headline figure counts, each row a link to its task
  const overdueCount = await taskCount(demo, 'parentId=null&timeliness=overdue');
  expect(overdueCount).toBe(today.total.overdue);
  await expect(page.getByRole('heading', { name: `Nhiệm vụ quá hạn (${overdueCount})` })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'dashboard');

  // the department leading most tasks: its figures in the departments' table, as the API counts them
  const department = [...today.byDepartment].sort((a, b) => b.total - a.total)[0];
  const table = page.getByRole('table', { name: 'Số liệu theo đơn vị chủ trì' });
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: department.name, exact: true }) });
  const cells = row.getByRole('cell');
  // columns: Tổng số, Hoàn thành, Đúng hạn, Trễ hạn, Thường xuyên, Đang thực hiện, Chưa thực hiện, Vướng mắc, Không thực hiện, Trong hạn, Quá hạn, Tỷ lệ
  await expect(cells.nth(0)).toHaveText(number.format(department.total));
  await expect(cells.nth(1)).toHaveText(number.format(department.completed));
  await expect(cells.nth(9)).toHaveText(number.format(department.withinDeadline));
  await expect(cells.nth(10)).toHaveText(number.format(department.overdue));
  await expect(cells.nth(11)).toHaveText(`${percent.format(department.completionRate)}%`);
  // the API's list filtered as the link says counts the same tasks
  expect(await taskCount(demo, `departmentId=${department.departmentId}`)).toBe(department.total);
  await cells.nth(0).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/tasks\\?departmentId=${department.departmentId}$`));
  await expectListCount(page, department.total);

  // a department's "within deadline" figure: its open tasks due soon or later
  await page.goBack();
  await expect(cells.nth(9)).toBeVisible();
  await cells.nth(9).getByRole('link').click();
  await expect(page).toHaveURL(/timeliness=due_soon,within_deadline/);
  await expectListCount(page, department.withinDeadline);

  // a bar of the departments' chart: the worst department comes first (most overdue), and a
  // click in the middle of its bar lands on its overdue segment
  await page.goto('/dashboard');
  // drawn again after the visit: as slow as the first time on a busy machine
  await expect(page.locator('.dash-chart[data-drawn="true"]')).toHaveCount(3, { timeout: 30_000 });
  const worst = [...today.byDepartment].filter((d) => d.total > 0).sort((a, b) => b.overdue - a.overdue || a.completionRate - b.completionRate)[0];
  const widest = Math.max(...today.byDepartment.map((d) => d.total));
  const before = worst.completedOnTime + worst.completedLate + worst.withinDeadline;
  expect(before < 0.4 * widest && before + worst.overdue > 0.6 * widest, 'the demo data: the worst department\'s overdue segment spans the middle of the axis').toBe(true);
  const chart = page.locator('.dash-chart[data-drawn="true"]').filter({ has: page.locator('canvas') }).nth(2);
  await expect(chart).toHaveAttribute('aria-label', /đơn vị chủ trì/);
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  // the plot area runs from after the names (about a third of the width at 1366 px) to 24 px from the right; the first bar's centre is 12 px under the top margin (56 px)
  const plotLeft = box.x + box.width * 0.3;
  const plotRight = box.x + box.width - 24;
  await page.mouse.click(plotLeft + (plotRight - plotLeft) * 0.5, box.y + 56 + 12);
  await expect(page).toHaveURL(new RegExp(`/tasks\\?departmentId=${worst.departmentId}&timeliness=overdue$`));
  await expectListCount(page, worst.overdue);

  // the whole scope's overdue figure: the top-level tasks past their due date
  await page.goto('/dashboard');
  expect(today.total.overdue, 'the demo data has overdue tasks today').toBeGreaterThan(0);
  await figure(page, 'Quá hạn').getByRole('link').click();
  await expect(page).toHaveURL(/\/tasks\?parentId=null&timeliness=overdue$/);
  await expectListCount(page, today.total.overdue);

  // a plan's completed figure
  await page.goto('/dashboard');
  const plan = today.byPlan[0];
  const planRow = page.getByRole('table', { name: 'Số liệu theo kế hoạch' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: plan.number, exact: true }) });
  await expect(planRow.getByRole('cell').nth(0)).toHaveText(number.format(plan.total));
  await planRow.getByRole('cell').nth(1).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`planId=${plan.planId}&parentId=null&status=completed$`));
  await expectListCount(page, plan.completed);

  // a past day, chosen in the field: the roll-up as of that day, figures without links
  await page.goto('/dashboard');
  const past = await rollupOf(demo, `?asOf=${PAST_DAY}`);
  await typeDate(page.getByLabel('Số liệu đến ngày'), PAST_DAY);
  await expect(page).toHaveURL(new RegExp(`/dashboard\\?asOf=${PAST_DAY}$`));
  await expect(page.getByText('Số liệu đến hết ngày 31/12/2024')).toBeVisible();
  await expectHeadline(page, past);
  await expect(page.getByText('Danh sách nhiệm vụ chỉ lọc theo số liệu hôm nay', { exact: false })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Số liệu chung' }).getByRole('link')).toHaveCount(0);
  expect(past.total.total === today.total.total && past.total.completed === today.total.completed && past.total.overdue === today.total.overdue,
    'the past day differs from today somewhere (else the test proves nothing about the day)').toBe(false);
  await expect(page.locator('.dash-chart[data-drawn="true"]')).toHaveCount(3, { timeout: 30_000 }); // a lazy chunk and three drawings: slow on a busy machine
  await expectNoSeriousAxeViolations(page);

  // a reload keeps the day
  await page.reload();
  await expect(page.getByLabel('Số liệu đến ngày')).toHaveValue('31/12/2024');
  await expect(figure(page, 'Tổng số nhiệm vụ')).toHaveText(number.format(past.total.total));
});

test('a leader (viewer) lands on the dashboard and sees the same figures', async ({ page, demo }) => {
  const today = await demo.api.call<Rollup>(demo.viewer.token, 'GET', '/rollups');
  await signIn(page, demo.viewer);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expectHeadline(page, today);
  await expect(page.locator('.dash-chart[data-drawn="true"]')).toHaveCount(3, { timeout: 30_000 }); // a lazy chunk and three drawings: slow on a busy machine
  await expectNoSeriousAxeViolations(page);
});
