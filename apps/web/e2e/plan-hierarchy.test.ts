/**
 * Plans that implement plans (issue 18), on the demo data: task 5 of Decision 36/QĐ-UBND is done
 * by issuing Plan 1446/KH-BĐHCĐS (its output document carries that number), so each plan's page
 * links to the other, and Decision 36's shows the figures of the whole cascade.
 */
import { expect, expectNoSeriousAxeViolations, screenshot, signIn, test, useDemoStack } from './support/fixtures';

useDemoStack();

interface Rollup {
  total: { total: number; completed: number; completionRate: number; overdue: number };
  byPlan: Array<{ planId: string; number: string }>;
}

/** "18/66 — 27,27%", as the reports print a share. */
const share = (r: { completed: number; total: number; completionRate: number }) => `${r.completed}/${r.total} — ${r.completionRate.toFixed(2).replace('.', ',')}%`;

test('a leader goes from Plan 1446 to the task of Decision 36 it implements, and sees the cascade\'s figures', async ({ page, demo }) => {
  const all = await demo.api.call<Rollup>(demo.secretariat.token, 'GET', '/rollups');
  const id = (number: string) => all.byPlan.find((p) => p.number === number)!.planId;
  const qd36 = id('36/QĐ-UBND');
  const kh1446 = id('1446/KH-BĐHCĐS');
  const both = await demo.api.call<Rollup>(demo.secretariat.token, 'GET', `/rollups?planId=${qd36},${kh1446}`);

  await signIn(page, demo.viewer, `/plans/${kh1446}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('1446/KH-BĐHCĐS');
  const parent = page.locator('.plan-parent');
  await expect(parent).toContainText('Quyết định số 36/QĐ-UBND, nhiệm vụ 5 “Kế hoạch Chuyển đổi số năm 2024” (theo văn bản đầu ra của nhiệm vụ)');
  await expect(parent.getByRole('link', { name: 'nhiệm vụ 5' })).toHaveAttribute('href', /\/tasks\/[0-9a-f-]{36}$/);
  await expectNoSeriousAxeViolations(page);

  await parent.getByRole('link', { name: 'Quyết định số 36/QĐ-UBND' }).click();
  await expect(page).toHaveURL(`/plans/${qd36}`);
  const children = page.getByRole('region', { name: 'Văn bản triển khai (1)' });
  await expect(children.getByRole('link', { name: 'Kế hoạch số 1446/KH-BĐHCĐS' })).toBeVisible();
  await expect(children).toContainText('thực hiện nhiệm vụ 5');
  await expect(children.getByRole('heading', { level: 3 })).toContainText(`${share(both.total)}, quá hạn ${both.total.overdue}`);
  const cascade = children.getByRole('table');
  await expect(cascade.getByRole('row')).toHaveCount(3);
  await expect(cascade.getByRole('row').nth(1)).toContainText('36/QĐ-UBND');
  await expect(cascade.getByRole('row').nth(2)).toContainText('1446/KH-BĐHCĐS');
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'plan-cascade');

  await children.getByRole('link', { name: 'Kế hoạch số 1446/KH-BĐHCĐS' }).click();
  await expect(page).toHaveURL(`/plans/${kh1446}`);
  // a plan nobody implements shows no cascade
  await expect(page.getByRole('region', { name: /Văn bản triển khai/ })).toHaveCount(0);
});
