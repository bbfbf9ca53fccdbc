/**
 * Issue 15's meeting pages on the demo data, with the worker running: the secretariat enters a
 * meeting reviewing both demo plans, asks for its summary and watches the job finish without
 * reloading; the frozen tables appear; the workbook downloaded says the same completion rate
 * as the page. Read-only for the others.
 */
import ExcelJS from 'exceljs';
import { Page } from '@playwright/test';
import { choose, expect, expectNoSeriousAxeViolations, screenshot, signIn, test, typeDate, useDemoStack } from './support/fixtures';
import { ddmmyyyy } from './support/stack';

useDemoStack({ worker: true });

const PLANS = ['36/QĐ-UBND', '1446/KH-BĐHCĐS'];
const RATE = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
let meetingId: string | undefined;

/** Every text the summary's status line shows, recorded as the page changes it (no reload wipes it unseen: a reload fails the test). */
async function recordStatus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { statusTexts: string[]; sameDocument: boolean };
    w.statusTexts = [];
    w.sameDocument = true;
    const region = document.querySelector('.summary-status')!;
    const note = () => {
      const text = region.textContent ?? '';
      if (text && w.statusTexts[w.statusTexts.length - 1] !== text) w.statusTexts.push(text);
    };
    note();
    new MutationObserver(note).observe(region, { subtree: true, childList: true, characterData: true });
  });
}

test('the secretariat enters a meeting, has its summary made by the worker and takes the workbook away', async ({ page, demo }) => {
  test.setTimeout(120_000);
  const title = `Phiên họp Ban Chỉ đạo chuyển đổi số quý IV năm ${demo.today.slice(0, 4)}`;
  // the cut-off is today: a frozen summary keeps what was recorded by then, and the demo data was recorded today
  const asOf = demo.today;

  await signIn(page, demo.secretariat);
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cuộc họp', exact: true }).click();
  await expect(page).toHaveURL(/\/meetings$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Cuộc họp' })).toBeVisible();
  await page.getByRole('button', { name: 'Thêm cuộc họp', exact: true }).click();
  await expectNoSeriousAxeViolations(page);

  await page.getByLabel('Tên cuộc họp', { exact: true }).fill(title);
  await typeDate(page.getByLabel('Ngày họp', { exact: true }), demo.today);
  await typeDate(page.getByLabel('Số liệu đến ngày', { exact: true }), asOf);
  const plans = page.getByLabel('Kế hoạch', { exact: true });
  for (const number of PLANS) {
    await choose(page, plans, number);
    await page.keyboard.press('Escape');
  }
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}$/);
  meetingId = page.url().split('/').pop()!;

  // entered as typed
  const meeting = await demo.api.call(demo.viewer.token, 'GET', `/meetings/${meetingId}`);
  const planList = await demo.api.call(demo.viewer.token, 'GET', '/plans?limit=200');
  expect(meeting).toMatchObject({ title, heldOn: demo.today, asOf, lastSummaryAt: null });
  expect(meeting.planIds.map((id: string) => planList.items.find((p: { id: string }) => p.id === id).number).sort()).toEqual([...PLANS].sort());
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(ddmmyyyy(asOf)).first()).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Chưa lập báo cáo');
  await expect(page.getByRole('link', { name: 'Tải Excel' })).toHaveCount(0);

  // the job, followed on the page: queued or running, then done, in the same document
  await recordStatus(page);
  await page.getByRole('button', { name: 'Lập báo cáo', exact: true }).click();
  const seenStatus = () =>
    page.evaluate(() => {
      const w = window as unknown as { statusTexts: string[]; sameDocument?: boolean };
      return { statusTexts: w.statusTexts, sameDocument: w.sameDocument };
    });
  // done, or refused: a refusal fails at once with its words, and a wait that runs out says what the page went through
  const done = page.getByRole('status').filter({ hasText: 'Đã lập báo cáo' });
  // the page's refusals, not the status line (whose Alert has the role too)
  const refused = page.locator('section[aria-labelledby="summary-heading"] > [role="alert"]');
  try {
    await expect(done.or(refused).first()).toBeVisible({ timeout: 45_000 });
  } catch (error) {
    throw new Error(`the summary was not made: status seen ${(await seenStatus()).statusTexts.join(' | ')}\n${String(error)}`);
  }
  await expect(refused, 'the request for the summary was not refused').toHaveCount(0);
  await expect(page.getByRole('status')).toContainText('Đã lập báo cáo');
  const seen = await seenStatus();
  expect(seen.sameDocument, 'the page was not reloaded').toBe(true);
  expect(seen.statusTexts.some((t) => /xếp hàng|Đang lập/.test(t)), `status seen: ${seen.statusTexts.join(' | ')}`).toBe(true);
  expect(seen.statusTexts[seen.statusTexts.length - 1]).toContain('Đã lập báo cáo');

  // the frozen summary's tables, in the workbook's order
  const summary = await demo.api.call(demo.viewer.token, 'GET', `/meetings/${meetingId}/summary`);
  // one tab per sheet of the workbook, each with its table and as many rows as the summary's list
  const lists: Record<string, unknown[]> = {
    'Theo đơn vị': summary.rollup.byDepartment,
    'Nhiệm vụ quá hạn': summary.overdue,
    'Đã hoàn thành': summary.completedSince.tasks,
    'Sắp đến hạn': summary.dueBeforeNextMeeting.tasks,
  };
  for (const sheet of ['Theo đơn vị', 'Nhiệm vụ quá hạn', 'Đã hoàn thành', 'Sắp đến hạn', 'Tổng hợp']) {
    await page.getByRole('tab', { name: new RegExp(`^${sheet}`) }).click();
    const region = page.getByRole('region', { name: sheet, exact: true });
    await expect(region.getByRole('heading', { level: 3, name: sheet, exact: true })).toBeVisible();
    if (lists[sheet]) {
      await expect(page.getByRole('tab', { name: `${sheet} (${lists[sheet].length})` })).toBeVisible();
      const rows = region.locator('tbody tr.ant-table-row');
      await expect(rows).toHaveCount(lists[sheet].length);
    }
  }
  // the demo plans' 55 tasks, not an empty table
  expect(summary.rollup.total.total).toBeGreaterThan(0);
  const pageRate = `${RATE.format(summary.rollup.total.completionRate)}%`;
  await expect(page.getByTestId('summary-completion-rate')).toHaveText(pageRate);
  const byPlan = page.getByRole('region', { name: 'Tổng hợp', exact: true });
  const totalRow = byPlan.getByRole('row').filter({ hasText: 'Tổng cộng' });
  await expect(totalRow.getByRole('cell').nth(2)).toHaveText(String(summary.rollup.total.total));
  await expect(totalRow.getByRole('cell').last()).toHaveText(RATE.format(summary.rollup.total.completionRate));
  for (const plan of summary.rollup.byPlan) {
    await expect(byPlan.getByRole('row').filter({ hasText: plan.number }).getByRole('cell').last()).toHaveText(RATE.format(plan.completionRate));
  }

  // the workbook, downloaded as a person does, opened, and its rate read
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải Excel' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const sheet = workbook.getWorksheet('Tổng hợp')!;
  let workbookRate: number | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(2).value === 'Tổng cộng') workbookRate = Number(row.getCell(row.cellCount).value);
  });
  expect(workbookRate).toBeDefined();
  await expect(page.getByTestId('summary-completion-rate')).toHaveText(`${RATE.format(workbookRate!)}%`);
  await expect(totalRow.getByRole('cell').last()).toHaveText(RATE.format(workbookRate!));

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải CSV' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);

  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'meeting-summary');
});

test('the others read the meetings and their summaries without any control that writes', async ({ page, demo }) => {
  expect(meetingId, 'the first test entered a meeting').toBeDefined();
  await signIn(page, demo.viewer);
  await page.goto('/meetings');
  await expect(page.getByRole('link', { name: /Phiên họp Ban Chỉ đạo chuyển đổi số quý IV/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Thêm cuộc họp' })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('link', { name: /Phiên họp Ban Chỉ đạo chuyển đổi số quý IV/ }).click();
  await expect(page).toHaveURL(new RegExp(`/meetings/${meetingId}$`));
  await expect(page.getByRole('link', { name: 'Tải Excel' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Lập báo cáo' })).toHaveCount(0);
});
