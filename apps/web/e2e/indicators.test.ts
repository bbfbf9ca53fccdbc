/**
 * The indicator table (/indicators) on npm start's demo data (seed 004 Phụ lục 1 and seed 003
 * §II.1, both the Sở TTTT's): the focal point of Sở TTTT enters a period's value in the form and
 * the row shows the new ratio and status, and enters it again once the secretariat returned it; a leader (viewer) reads the same table without a way to
 * write. What the page says is checked against the API.
 */
import { expect, expectNoSeriousAxeViolations, screenshot, signIn, test, useDemoStack } from './support/fixtures';

useDemoStack();

const KH30_12 = 'Tỷ trọng kinh tế số trong từng ngành, lĩnh vực đạt tối thiểu 7%';

test('the focal point enters a value of its department\'s indicator; the row shows the ratio and status', async ({ page, demo }) => {
  await signIn(page, demo.focalPoint, '/login?next=' + encodeURIComponent('/indicators?year=2024&period=6M'));
  await page.goto('/indicators?year=2024&period=6M');
  await expect(page.getByRole('heading', { name: 'Chỉ tiêu', level: 1 })).toBeVisible();
  const table = page.getByRole('table');
  const phone = table.getByRole('row').filter({ hasText: 'Mật độ điện thoại cố định và trả sau trên 100 dân' });
  await expect(phone).toContainText('98,24');
  await expect(phone).toContainText('Chưa đạt');
  await expect(phone).toContainText('16,7');

  const row = table.getByRole('row').filter({ hasText: KH30_12 });
  await expect(row).toContainText('Chưa có số liệu');
  await row.getByRole('button', { name: /^Nhập số liệu/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(KH30_12);
  await dialog.getByLabel('Giá trị', { exact: true }).fill('7,5');
  await dialog.getByLabel('Ghi chú', { exact: true }).fill('Số liệu sơ bộ của Cục Thống kê');
  await expectNoSeriousAxeViolations(page);
  await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('107,14');
  await expect(row).toContainText('Đạt');
  await expect(row).toContainText('chờ xác nhận');
  await screenshot(page, 'indicators');

  const items = (await demo.api.call<{ items: any[] }>(demo.viewer.token, 'GET', '/indicators?year=2024&period=6M')).items;
  const entered = items.find((i) => i.name === KH30_12);
  expect(entered).toMatchObject({ value: { value: 7.5, kind: 'final', note: 'Số liệu sơ bộ của Cục Thống kê' }, ratio: 107.14, status: 'reached' });
  await expectNoSeriousAxeViolations(page);

  // the secretariat returns it: it no longer counts, and the focal point enters it again from the page
  await demo.api.call(demo.secretariat.token, 'POST', `/indicator-values/${entered.value.id}/review`, { confirm: false, note: 'Chưa có số liệu của Cục Thống kê', version: entered.value.version });
  await page.reload();
  await expect(row).toContainText('Chưa có số liệu');
  await row.getByRole('button', { name: /^Nhập số liệu/ }).click();
  await expect(dialog).toContainText('đã bị trả lại: Chưa có số liệu của Cục Thống kê');
  await dialog.getByLabel('Giá trị', { exact: true }).fill('7,2');
  await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('102,86');
  await expect(row).toContainText('chờ xác nhận');
  const again = (await demo.api.call<{ items: any[] }>(demo.viewer.token, 'GET', '/indicators?year=2024&period=6M')).items;
  expect(again.find((i) => i.name === KH30_12)).toMatchObject({ value: { value: 7.2, kind: 'final', reviewStatus: 'reported' }, ratio: 102.86, status: 'reached' });
});

test('a leader reads the indicators without a control that writes', async ({ page, demo }) => {
  await signIn(page, demo.viewer);
  await page.goto('/indicators?year=2024&period=6M');
  const table = page.getByRole('table');
  await expect(table.getByRole('row').filter({ hasText: 'Số giờ phát sóng phát thanh' }).first()).toContainText('49,92');
  expect(await table.getByRole('row').count()).toBeGreaterThan(42);
  await expect(page.getByRole('button', { name: /^Nhập số liệu/ })).toHaveCount(0);
});
