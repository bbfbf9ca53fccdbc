/**
 * The periodic reports page (/reports) on npm start's demo data: the secretariat defines a
 * monthly request for the group "Các Sở, ban, ngành" through the form; this month's request is
 * made at once and the grid shows every member "Chưa gửi"; the focal point of Sở TTTT records its
 * report (number and date) for its own department only, and the grid shows it "Đúng hạn" while the
 * others stay "Chưa gửi". What the page says is checked against the API.
 */
import { choose, expect, expectNoSeriousAxeViolations, screenshot, signIn, test, typeDate, useDemoStack } from './support/fixtures';

useDemoStack();

const NUMBER = '2062/SKH-THQH';
const TITLE = 'Báo cáo tình hình kinh tế - xã hội';
const STTTT = 'Sở Thông tin và Truyền thông';

test('the secretariat defines a monthly request for a group; the focal point answers; the grid shows on time and not yet', async ({ page, demo }) => {
  // three people in turn on a shared machine: more than the default minute
  test.setTimeout(180_000);
  const today = demo.today;
  const month = Number(today.slice(5, 7));
  const year = Number(today.slice(0, 4));
  const firstOfMonth = `${today.slice(0, 8)}01`;

  // the secretariat: the form, a monthly request due on the 31st (the month's last day: never before today)
  await signIn(page, demo.secretariat);
  await page.getByRole('link', { name: 'Báo cáo định kỳ', exact: true }).click();
  await expect(page).toHaveURL(/\/reports/);
  await expect(page.getByRole('heading', { name: 'Báo cáo định kỳ', level: 1 })).toBeVisible();
  await expect(page.getByText('Chưa có yêu cầu báo cáo định kỳ.')).toBeVisible();
  await page.getByRole('button', { name: 'Thêm yêu cầu báo cáo', exact: true }).click();
  const form = page.getByRole('region', { name: 'Thêm yêu cầu báo cáo' });
  await form.getByLabel('Số văn bản', { exact: true }).fill(NUMBER);
  await form.getByLabel('Cơ quan ban hành', { exact: true }).fill('Sở Kế hoạch và Đầu tư');
  await form.getByLabel('Nội dung báo cáo', { exact: true }).fill(TITLE);
  await choose(page, form.getByLabel('Định kỳ', { exact: true }), 'Hằng tháng');
  await form.getByLabel('Hạn gửi vào ngày', { exact: true }).fill('31');
  // before the group: the date's Enter submits, and the form waits for who must answer
  await typeDate(form.getByLabel('Áp dụng từ ngày', { exact: true }), firstOfMonth);
  await choose(page, form.getByLabel('Nhóm đơn vị', { exact: true }), 'Các Sở, ban, ngành');
  await expectNoSeriousAxeViolations(page);
  await form.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(form).toBeHidden();

  const series = (await demo.api.call<{ items: any[] }>(demo.viewer.token, 'GET', '/report-series')).items;
  expect(series).toHaveLength(1);
  expect(series[0]).toMatchObject({ number: NUMBER, recurrence: 'monthly', dueDay: 31, groupName: 'Các Sở, ban, ngành', startsOn: firstOfMonth, periods: 1 });
  const grid = await demo.api.call<any>(demo.viewer.token, 'GET', `/report-series/${series[0].id}/grid?year=${year}`);
  expect(grid.periods.map((p: any) => p.period)).toEqual([`M${month}`]);
  const members = grid.rows.map((r: any) => r.departmentName);
  expect(members).toContain(STTTT);
  expect(members.length).toBeGreaterThan(5);
  expect(grid.rows.every((r: any) => r.cells[0].state === 'not_yet' && !r.cells[0].overdue)).toBe(true);

  const table = page.getByRole('table', { name: 'Tình hình gửi báo cáo theo kỳ' });
  await expect(table.getByRole('columnheader', { name: new RegExp(`^Tháng ${month}/${year}`) })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: STTTT })).toContainText('Chưa gửi');
  await expect(table.getByText('Chưa gửi', { exact: true })).toHaveCount(members.length);
  const requestTitle = `${TITLE} tháng ${month} năm ${year}`;
  await expect(page.getByRole('table', { name: 'Các yêu cầu báo cáo' }).getByRole('row').filter({ hasText: requestTitle })).toContainText(NUMBER);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL(/\/login/);

  // the focal point of Sở TTTT: its own department's row only
  await signIn(page, demo.focalPoint);
  await page.goto(`/reports?year=${year}`);
  await page.getByRole('button', { name: `Xem: ${requestTitle}` }).click();
  const answers = page.getByRole('table', { name: 'Báo cáo của các đơn vị' });
  await expect(answers.getByRole('row').filter({ hasText: STTTT })).toContainText('Chưa gửi');
  await expect(answers.getByRole('button', { name: /^Gửi báo cáo/ })).toHaveCount(1);
  await answers.getByRole('button', { name: `Gửi báo cáo: ${STTTT}` }).click();
  const dialog = page.getByRole('dialog');
  // the date first: its Enter submits, and the form waits for the number it still lacks
  await typeDate(dialog.getByLabel('Ngày báo cáo', { exact: true }), today);
  await dialog.getByLabel('Số báo cáo', { exact: true }).fill('512/BC-STTTT');
  await expectNoSeriousAxeViolations(page);
  await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(answers.getByRole('row').filter({ hasText: STTTT })).toContainText('Đúng hạn');
  await expect(answers.getByRole('row').filter({ hasText: STTTT })).toContainText('512/BC-STTTT');

  const gridTable = page.getByRole('table', { name: 'Tình hình gửi báo cáo theo kỳ' });
  await expect(gridTable.getByRole('row').filter({ hasText: STTTT })).toContainText('Đúng hạn');
  await expect(gridTable.getByText('Chưa gửi', { exact: true })).toHaveCount(members.length - 1);
  await screenshot(page, 'reports');
  await expectNoSeriousAxeViolations(page);

  const after = await demo.api.call<any>(demo.viewer.token, 'GET', `/report-series/${series[0].id}/grid?year=${year}`);
  const states = Object.fromEntries(after.rows.map((r: any) => [r.departmentName, r.cells[0].state]));
  expect(states[STTTT]).toBe('on_time');
  expect(Object.values(states).filter((s) => s === 'not_yet')).toHaveLength(members.length - 1);
  expect(after.rows.find((r: any) => r.departmentName === STTTT).cells[0]).toMatchObject({ number: '512/BC-STTTT', issuedOn: today });

  // a leader reads the same grid and answers without a control that writes
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, demo.viewer);
  await page.goto(`/reports?year=${year}`);
  await expect(page.getByRole('table', { name: 'Tình hình gửi báo cáo theo kỳ' }).getByRole('row').filter({ hasText: STTTT })).toContainText('Đúng hạn');
  await page.getByRole('button', { name: `Xem: ${requestTitle}` }).click();
  await expect(page.getByRole('table', { name: 'Báo cáo của các đơn vị' }).getByRole('row').filter({ hasText: STTTT })).toContainText('512/BC-STTTT');
  await expect(page.getByRole('button', { name: 'Thêm yêu cầu báo cáo' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Gửi báo cáo/ })).toHaveCount(0);
});
