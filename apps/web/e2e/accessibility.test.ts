/**
 * Each page of the focal point's day at 1366×768 (office PCs): no serious or critical axe
 * violation, and a screenshot kept under test-results/screenshots/.
 */
import { expect, expectNoSeriousAxeViolations, screenshot, signIn, test, useStack } from './support/fixtures';

useStack();

test('the sign-in page has no serious accessibility violation', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Đăng nhập', exact: true })).toBeVisible();
  await screenshot(page, 'login-1366x768');
  await expectNoSeriousAxeViolations(page);
});

test('the task list has no serious accessibility violation', async ({ page, stack }) => {
  await signIn(page, stack.focalPoint);
  await expect(page.getByText(stack.tasks.completion.title).first()).toBeVisible();
  await screenshot(page, 'task-list-1366x768');
  await expectNoSeriousAxeViolations(page);
});

test('the task page, its progress form open, has no serious accessibility violation', async ({ page, stack }) => {
  await signIn(page, stack.focalPoint);
  await page.goto(`/tasks/${stack.tasks.completion.id}`);
  await expect(page.getByText(stack.tasks.completion.title).first()).toBeVisible();
  await screenshot(page, 'task-page-1366x768');
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Cập nhật tiến độ', exact: true }).click();
  await page.getByRole('button', { name: 'Thêm văn bản', exact: true }).click();
  await screenshot(page, 'task-page-form-1366x768');
  await expectNoSeriousAxeViolations(page);
});

test('the notifications page has no serious accessibility violation', async ({ page, stack }) => {
  // something in the inbox: a completion the secretariat returns
  const task = stack.tasks.returned;
  const read = await stack.api.call(stack.focalPoint.token, 'GET', `/tasks/${task.id}`);
  const completed = await stack.api.call(stack.focalPoint.token, 'POST', `/tasks/${task.id}/updates`, {
    version: read.version, status: 'completed', completedOn: stack.today,
    outputDocuments: [{ number: '12/QĐ-UBND', issuedOn: stack.today, kind: 'issued' }],
  });
  await stack.api.call(stack.secretariat.token, 'POST', `/tasks/${task.id}/review`, { confirm: false, note: 'Thiếu quy chế kèm theo', version: completed.version });
  await signIn(page, stack.focalPoint);
  await page.goto('/notifications');
  await expect(page.getByRole('button', { name: 'Đánh dấu đã đọc' }).first()).toBeVisible();
  await screenshot(page, 'notifications-1366x768');
  await expectNoSeriousAxeViolations(page);
});
