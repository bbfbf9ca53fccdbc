/**
 * Issue 15's review page (/reviews) and the task page's review buttons, walked by the
 * secretariat on the demo data: the focal point of Sở TTTT reports completions (with their
 * documents) and asks for an extension through the API; the secretariat confirms, returns
 * with a reason and approves on the page; the focal point, in a browser of its own, reads the
 * reason. What the page claims is checked against the API.
 */
import { Page } from '@playwright/test';
import { expect, expectNoSeriousAxeViolations, historyOf, screenshot, signIn, test, useDemoStack } from './support/fixtures';
import { dayInVietnam, ddmmyyyy, DemoStack } from './support/stack';

useDemoStack();

interface Task {
  id: string;
  code: string;
  title: string;
  status: string;
  version: number;
  dueDate: string | null;
  originalDueDate: string | null;
  completionConfirmed: boolean;
  leadGroupId: string | null;
}

/** The items waiting for the secretariat, as the API counts them: what the navigation's count must say. */
async function pendingCount(demo: DemoStack): Promise<number> {
  const token = demo.secretariat.token;
  const completions = await demo.api.call(token, 'GET', '/tasks?awaitingReview=true&limit=1');
  const extensions = await demo.api.call<unknown[]>(token, 'GET', '/extension-requests?status=pending');
  const statuses = await demo.api.call<unknown[]>(token, 'GET', '/status-requests?state=pending');
  return completions.total + extensions.length + statuses.length;
}

const reviewsLink = (page: Page) => page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /^Chờ duyệt/ });
const item = (page: Page, task: Pick<Task, 'code' | 'title'>) => page.getByRole('article', { name: `${task.code}. ${task.title}`, exact: true });

/** The scenes, made through the API as the focal point would: three completions reported, one extension asked. */
let scene: { confirm: Task; giveBack: Task; onTaskPage: Task; extension: Task; proposed: string; reason: string } | undefined;

async function setUp(demo: DemoStack) {
  if (scene) return scene;
  const focal = demo.focalPoint.token;
  const me = await demo.api.call<{ departmentId: string }>(focal, 'GET', '/me');
  const open = (await demo.api.call<{ items: Task[] }>(focal, 'GET', `/tasks?departmentId=${me.departmentId}&status=not_started,in_progress&limit=200`)).items;
  const dated = open.filter((t) => t.dueDate && !t.leadGroupId);
  expect(dated.length, 'the demo data gives Sở TTTT at least four open tasks with a deadline').toBeGreaterThanOrEqual(4);
  const [confirm, giveBack, onTaskPage, extension] = dated;
  const today = demo.today;
  let n = 0;
  for (const task of [confirm, giveBack, onTaskPage]) {
    n += 1;
    const { version } = await demo.api.call<Task>(focal, 'GET', `/tasks/${task.id}`);
    await demo.api.call(focal, 'POST', `/tasks/${task.id}/updates`, {
      version,
      status: 'completed',
      completedOn: today,
      progressNote: `Đã hoàn thành, báo cáo số ${n}.`,
      outputDocuments: [{ number: `${100 + n}/STTTT-CĐS`, issuedOn: today, kind: 'submitted', title: 'Báo cáo kết quả' }],
    });
  }
  const proposed = dayInVietnam(45) > extension.dueDate! ? dayInVietnam(45) : extension.dueDate!.replace(/^\d{4}/, (y) => String(Number(y) + 1));
  const reason = 'Chờ hướng dẫn của Bộ Thông tin và Truyền thông.';
  await demo.api.call(focal, 'POST', `/tasks/${extension.id}/extension-requests`, { proposedDueDate: proposed, reason });
  scene = { confirm, giveBack, onTaskPage, extension, proposed, reason };
  return scene;
}

test('the secretariat confirms one completion, returns another with a reason and approves an extension; the count follows', async ({ page, demo, browser }) => {
  test.setTimeout(120_000);
  const s = await setUp(demo);
  const before = await pendingCount(demo);
  expect(before).toBeGreaterThanOrEqual(4);

  await signIn(page, demo.secretariat);
  await reviewsLink(page).click();
  await expect(page).toHaveURL(/\/reviews$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Chờ duyệt' })).toBeVisible();
  await expect(reviewsLink(page)).toHaveText(`Chờ duyệt ${before}`);
  // its name stays WEB.md's, the count is its description
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Chờ duyệt', exact: true })).toHaveAccessibleDescription(`${before} việc chờ duyệt`);

  // each completion with its documents and the focal point's note
  const confirmed = item(page, s.confirm);
  await expect(confirmed).toContainText('101/STTTT-CĐS');
  await expect(confirmed).toContainText(`ngày ${ddmmyyyy(demo.today)}`);
  await expect(confirmed).toContainText('Đã hoàn thành, báo cáo số 1.');
  // the extension with the task, the current and proposed dates, and the reason
  const extension = page.getByRole('article', { name: `${s.extension.code}. ${s.extension.title}`, exact: true });
  await expect(extension).toContainText(ddmmyyyy(s.extension.dueDate!));
  await expect(extension).toContainText(ddmmyyyy(s.proposed));
  await expect(extension).toContainText(s.reason);
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'reviews');

  await confirmed.getByRole('button', { name: 'Xác nhận hoàn thành', exact: true }).click();
  await expect(confirmed).toHaveCount(0);
  expect(await demo.api.call<Task>(demo.viewer.token, 'GET', `/tasks/${s.confirm.id}`)).toMatchObject({ status: 'completed', completionConfirmed: true });

  const returned = item(page, s.giveBack);
  await returned.getByRole('button', { name: 'Trả lại', exact: true }).click();
  // a return needs its reason: refused on the form without one
  await returned.getByRole('button', { name: 'Gửi trả lại', exact: true }).click();
  await expect(returned.getByText('Nêu lý do trả lại báo cáo hoàn thành.')).toBeVisible();
  const why = 'Văn bản 102/STTTT-CĐS chưa phải văn bản ban hành; bổ sung quyết định phê duyệt.';
  await returned.getByLabel('Lý do', { exact: true }).fill(why);
  await returned.getByRole('button', { name: 'Gửi trả lại', exact: true }).click();
  await expect(returned).toHaveCount(0);
  expect(await demo.api.call<Task>(demo.viewer.token, 'GET', `/tasks/${s.giveBack.id}`)).toMatchObject({ status: 'in_progress', completionConfirmed: false });

  await extension.getByLabel('Ghi chú', { exact: true }).fill('Đồng ý gia hạn.');
  await extension.getByRole('button', { name: 'Chấp thuận', exact: true }).click();
  await expect(extension).toHaveCount(0);
  const extended = await demo.api.call<Task>(demo.viewer.token, 'GET', `/tasks/${s.extension.id}`);
  expect(extended.dueDate).toBe(s.proposed);

  // three fewer waiting, as the API counts them
  const after = await pendingCount(demo);
  expect(after).toBe(before - 3);
  await expect(reviewsLink(page)).toHaveText(after ? `Chờ duyệt ${after}` : 'Chờ duyệt');

  // the task page shows the approved date beside the original one
  await page.goto(`/tasks/${s.extension.id}`);
  const deadline = page.getByRole('row').filter({ has: page.getByText('Thời hạn', { exact: true }) }).first();
  await expect(deadline).toContainText(ddmmyyyy(s.proposed));
  await expect(deadline).toContainText(`ban đầu ${ddmmyyyy(extended.originalDueDate ?? s.extension.dueDate!)}`);
  expect(extended.originalDueDate ?? s.extension.dueDate).toBe(s.extension.dueDate);

  // the focal point, in a browser of its own, reads why its completion came back
  const focalContext = await browser.newContext({ baseURL: demo.baseURL });
  try {
    const focalPage = await focalContext.newPage();
    await signIn(focalPage, demo.focalPoint);
    await focalPage.goto(`/tasks/${s.giveBack.id}`);
    const alert = focalPage.getByRole('alert').filter({ hasText: 'trả lại' });
    await expect(alert).toContainText(why);
    await expect(focalPage.getByText('Đang thực hiện').first()).toBeVisible();
  } finally {
    await focalContext.close();
  }
});

test('on the task page the secretariat confirms a completion waiting for it; the buttons go', async ({ page, demo }) => {
  const s = await setUp(demo);
  await signIn(page, demo.secretariat);
  await page.goto(`/tasks/${s.onTaskPage.id}`);
  await expect(page.getByText('Chờ xác nhận hoàn thành')).toBeVisible();
  const confirm = page.getByRole('button', { name: 'Xác nhận hoàn thành', exact: true });
  await expect(page.getByRole('button', { name: 'Trả lại', exact: true })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await confirm.click();
  await expect(page.getByText('Đã xác nhận hoàn thành', { exact: true })).toBeVisible();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Trả lại', exact: true })).toHaveCount(0);
  expect((await demo.api.call<Task>(demo.viewer.token, 'GET', `/tasks/${s.onTaskPage.id}`)).completionConfirmed).toBe(true);
  // the history records it
  await expect(historyOf(page)).toContainText('Xác nhận hoàn thành');
});

test('a focal point opening /reviews is told it has no access, and sees no review control', async ({ page, demo }) => {
  await setUp(demo);
  await signIn(page, demo.focalPoint);
  await expect(reviewsLink(page)).toHaveCount(0);
  await page.goto('/reviews');
  await expect(page.getByText('Không có quyền truy cập')).toBeVisible();
  for (const name of ['Xác nhận hoàn thành', 'Trả lại', 'Chấp thuận', 'Không chấp thuận']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  }
  await expectNoSeriousAxeViolations(page);
});
