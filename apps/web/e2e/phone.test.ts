/** The task list and the progress form on a 390-pixel-wide phone (WEB.md: usable there too). */
import { expect, screenshot, signIn, test, useStack } from './support/fixtures';

useStack();
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

/** The page itself does not scroll sideways (a wide table may, inside its own box). */
const pageWidth = (page: import('@playwright/test').Page) =>
  page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]') as Promise<[number, number]>;

test('on a 390-pixel phone the task list shows the department\'s tasks without the page scrolling sideways', async ({ page, stack }) => {
  await signIn(page, stack.focalPoint);
  await expect(page).toHaveURL(/\/tasks\?(.*&)?mine=1/);
  await expect(page.getByRole('textbox', { name: 'Tìm kiếm' }).or(page.getByRole('searchbox', { name: 'Tìm kiếm' })).first()).toBeVisible();
  const title = page.getByText(stack.tasks.phone.title).first();
  await title.scrollIntoViewIfNeeded();
  await expect(title).toBeVisible();
  const [scrollWidth, innerWidth] = await pageWidth(page);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  await screenshot(page, 'task-list-390');
});

test('on a 390-pixel phone the progress form can be filled and saved', async ({ page, stack }) => {
  const task = stack.tasks.phone;
  await signIn(page, stack.focalPoint);
  await page.goto(`/tasks/${task.id}`);
  await expect(page.getByText(task.title).first()).toBeVisible();
  await page.getByRole('button', { name: 'Cập nhật tiến độ', exact: true }).click();
  const note = 'Đã tích hợp 35 thủ tục lên Cổng dịch vụ công.';
  const field = page.getByLabel('Kết quả thực hiện', { exact: true });
  await field.fill(note);
  const [scrollWidth, innerWidth] = await pageWidth(page);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  await screenshot(page, 'task-page-390');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByText(note).first()).toBeVisible();
  await expect.poll(async () => (await stack.api.call(stack.focalPoint.token, 'GET', `/tasks/${task.id}`)).progressNote).toBe(note);
});
