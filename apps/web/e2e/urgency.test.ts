/**
 * "Most urgent first" holds for the department's whole list, not only within the page shown:
 * with more tasks than one page holds, or than the API's largest page, the overdue one comes
 * first even when the plan lists it last (the API sorts: GET /tasks?sort=urgency).
 */
import { Page } from '@playwright/test';
import { expect, signIn, test, useStack } from './support/fixtures';
import { dayInVietnam, Stack } from './support/stack';

useStack();

/** Adds tasks within deadline to the department until it leads `total`, then one overdue task last in plan order. */
async function growTheList(stack: Stack, total: number, lateCode: string): Promise<{ title: string }> {
  const own = stack.departments.own.id;
  const { total: now } = await stack.api.call(stack.focalPoint.token, 'GET', `/tasks?departmentId=${own}&limit=1`);
  const codes = Array.from({ length: Math.max(0, total - now) }, (_, i) => `${lateCode}.${i + 1}`);
  // 4 at once: the API's pool (10) deadlocks at 10 concurrent creations (tasks.service createMany reads the plan outside its transaction)
  for (let i = 0; i < codes.length; i += 4) {
    await Promise.all(codes.slice(i, i + 4).map((code, j) => stack.api.call(stack.secretariat.token, 'POST', '/tasks', {
      planId: stack.plan.id, code, title: `Nhiệm vụ trong hạn ${code}`, leadDepartmentId: own, dueDate: dayInVietnam(100 + ((i + j) % 200)),
    })));
  }
  return stack.api.call(stack.secretariat.token, 'POST', '/tasks', {
    planId: stack.plan.id, code: `${lateCode}.Z`, title: `Nhiệm vụ quá hạn cuối kế hoạch ${lateCode}`, leadDepartmentId: own, dueDate: dayInVietnam(-20),
  });
}

async function expectFirstRows(page: Page, stack: Stack, count: number, titles: string[]): Promise<void> {
  await signIn(page, stack.focalPoint);
  await expect(page).toHaveURL(/\/tasks\?(.*&)?mine=1/);
  const rows = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(page.getByRole('table')).toContainText(stack.tasks.overdue.title);
  const first = async () => (await rows.allTextContents()).slice(0, count).join(' | ');
  for (const title of titles) await expect.poll(first, { message: `the first ${count} rows of the department's list` }).toContain(title);
}

test('the department\'s list shows an overdue task first even when the plan lists it after a full page of others', async ({ page, stack }) => {
  test.setTimeout(120_000);
  const late = await growTheList(stack, 70, 'III');
  // the seeded overdue task (II.1) and this one lead the list
  await expectFirstRows(page, stack, 2, [late.title, stack.tasks.overdue.title]);
});

test('and when the department leads more tasks than the API gives in one call (230)', async ({ page, stack }) => {
  test.setTimeout(180_000);
  const late = await growTheList(stack, 230, 'IV');
  await expectFirstRows(page, stack, 3, [late.title, stack.tasks.overdue.title]);
  // the last page holds what is left after four full pages
  await page.goto('/tasks?mine=1&page=5');
  const rows = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('cell') });
  const { total } = await stack.api.call(stack.focalPoint.token, 'GET', `/tasks?involvedDepartmentId=${stack.departments.own.id}&limit=1`);
  await expect(rows).toHaveCount(total - 200);
});
