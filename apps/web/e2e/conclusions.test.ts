/**
 * Issue 18 on the web, on the demo data: the secretariat records a meeting's conclusion notice,
 * carries two open tasks of the demo plans into it (found by words typed without diacritics) and
 * sees them on the notice's page, counted in its roll-up; it records an urging letter on an
 * overdue task and finds it in the task's history and list of urgings. A leader sees it all, and
 * no control to change it.
 */
import { choose, expect, expectNoSeriousAxeViolations, screenshot, signIn, test, typeDate, useDemoStack } from './support/fixtures';

useDemoStack({ worker: true });

interface TaskRow { id: string; code: string; title: string; planId: string; status: string }
const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
const STATUS: Record<string, string> = { not_started: 'Chưa thực hiện', in_progress: 'Đang thực hiện', blocked: 'Vướng mắc' };

test('a conclusion notice carries two tasks and an overdue task is urged; a leader reads them', async ({ page, browser, demo }) => {
  test.setTimeout(180_000);
  const overdue = await demo.api.call<{ items: TaskRow[] }>(demo.secretariat.token, 'GET', '/tasks?timeliness=overdue&parentId=null&status=not_started,in_progress,blocked&limit=20');
  // two overdue tasks whose titles differ from every other's within their first words
  const picked: TaskRow[] = [];
  for (const t of overdue.items) if (picked.length < 2 && !picked.some((p) => p.title.slice(0, 30) === t.title.slice(0, 30))) picked.push(t);
  expect(picked).toHaveLength(2);
  const plans = await demo.api.call<{ items: { id: string; number: string }[] }>(demo.secretariat.token, 'GET', '/plans?limit=200');
  const numberOf = (planId: string) => plans.items.find((p) => p.id === planId)!.number;
  const meeting = await demo.api.call<{ id: string }>(demo.secretariat.token, 'POST', '/meetings', {
    title: 'Phiên họp Ban Chỉ đạo tổng kết năm', heldOn: demo.today, asOf: demo.today, planIds: [picked[0].planId],
  });
  const noticeNumber = `25/TB-VPUBND-${Date.now() % 100000}`;

  // the meeting records its conclusion notice
  await signIn(page, demo.secretariat, `/meetings/${meeting.id}`);
  await expect(page.getByRole('region', { name: 'Thông báo kết luận' })).toContainText('Chưa có thông báo kết luận');
  await page.getByRole('button', { name: 'Ghi thông báo kết luận', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Ghi thông báo kết luận' });
  await dialog.getByLabel('Số văn bản', { exact: true }).fill(noticeNumber);
  await dialog.getByLabel('Trích yếu', { exact: true }).fill('Kết luận của Trưởng Ban Chỉ đạo tại phiên họp tổng kết năm');
  await typeDate(dialog.getByLabel('Ngày ban hành', { exact: true }), demo.today);
  await dialog.getByLabel('Cơ quan ban hành', { exact: true }).fill('Văn phòng UBND tỉnh');
  await expectNoSeriousAxeViolations(page);
  await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/);
  const noticeId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Thông báo kết luận số ${noticeNumber}`);
  const conclusion = page.getByRole('region', { name: 'Kết luận cuộc họp' });
  await expect(conclusion.getByRole('link', { name: /Phiên họp Ban Chỉ đạo tổng kết năm/ })).toHaveAttribute('href', `/meetings/${meeting.id}`);
  await expect(conclusion).toContainText('Chưa có nhiệm vụ chuyển tiếp.');

  // carry two tasks, found by their titles typed without diacritics
  await conclusion.getByRole('button', { name: 'Chuyển tiếp nhiệm vụ', exact: true }).click();
  const field = conclusion.getByLabel(/Nhiệm vụ chưa hoàn thành của các văn bản trước/);
  for (const t of picked) {
    const words = fold(t.title).split(/\s+/).slice(0, 5).join(' ');
    await field.click();
    await field.fill(words);
    await choose(page, field, `${t.code}. ${t.title}`);
  }
  await page.keyboard.press('Escape');
  await expectNoSeriousAxeViolations(page);
  await conclusion.getByRole('button', { name: 'Chuyển tiếp', exact: true }).click();
  await expect(page.getByText('Đã chuyển tiếp 2 nhiệm vụ.')).toBeVisible();
  const carried = conclusion.getByRole('table');
  await expect(carried.getByRole('row')).toHaveCount(3);
  for (const t of picked) {
    const row = carried.getByRole('row').filter({ has: page.getByRole('link', { name: t.title, exact: true }) });
    await expect(row).toContainText(numberOf(t.planId));
    await expect(row).toContainText(STATUS[t.status]);
  }
  await expect(conclusion.getByRole('heading', { name: 'Nhiệm vụ chuyển tiếp (2)' })).toBeVisible();
  // the notice's roll-up counts the carried tasks (it has none of its own)
  const figures = page.locator('.plan-figures');
  await expect(figures.locator('div').filter({ hasText: 'Tổng số nhiệm vụ' }).locator('dd')).toHaveText('2');
  await expect(figures.locator('div').filter({ hasText: 'Quá hạn' }).locator('dd')).toHaveText('2');
  const rollup = await demo.api.call(demo.viewer.token, 'GET', `/rollups?planId=${noticeId}`);
  expect(rollup.total).toMatchObject({ total: 2, overdue: 2 });
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'conclusion-notice');

  // the meeting lists its notice
  await page.goto(`/meetings/${meeting.id}`);
  await expect(page.getByRole('region', { name: 'Thông báo kết luận' }).getByRole('link', { name: `Thông báo kết luận số ${noticeNumber}` })).toBeVisible();

  // an urging letter on the first overdue task
  const urged = picked[0];
  await page.goto(`/tasks/${urged.id}`);
  const urgings = page.getByRole('region', { name: 'Văn bản đôn đốc' });
  await expect(urgings).toContainText('Chưa có văn bản đôn đốc.');
  await urgings.getByRole('button', { name: 'Đôn đốc', exact: true }).click();
  // the day first: Enter in a complete form would send it
  await typeDate(urgings.getByLabel('Ngày văn bản', { exact: true }), demo.today);
  await urgings.getByLabel('Số văn bản đôn đốc', { exact: true }).fill('168/STTTT-CNTT');
  await urgings.getByLabel('Nội dung đôn đốc', { exact: true }).fill('Đề nghị khẩn trương hoàn thành');
  await expectNoSeriousAxeViolations(page);
  await urgings.getByRole('button', { name: 'Ghi văn bản đôn đốc', exact: true }).click();
  const day = demo.today.split('-').reverse().join('/');
  await expect(urgings.getByRole('listitem')).toHaveText(`Văn bản số 168/STTTT-CNTT ngày ${day}: Đề nghị khẩn trương hoàn thành`);
  const history = page.getByRole('region', { name: 'Lịch sử cập nhật' });
  await expect(history.getByText('Đôn đốc thực hiện', { exact: true })).toBeVisible();
  await expect(history).toContainText('168/STTTT-CNTT');
  // carried too: its history says into which notice
  await expect(history.getByText('Chuyển theo dõi theo Thông báo kết luận', { exact: true })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // the next meeting, over the notice: its summary has the carried tasks and the urged one
  const next = await demo.api.call<{ id: string }>(demo.secretariat.token, 'POST', '/meetings', {
    title: 'Phiên họp Ban Chỉ đạo kiểm tra kết luận', heldOn: demo.today, asOf: demo.today, planIds: [noticeId],
  });
  await page.goto(`/meetings/${next.id}`);
  await page.getByRole('button', { name: 'Lập báo cáo', exact: true }).click();
  const carriedSection = page.getByRole('region', { name: /^Chuyển tiếp: Kết quả thực hiện các nhiệm vụ chưa hoàn thành theo Thông báo kết luận số/ });
  await expect(carriedSection).toBeVisible({ timeout: 60_000 });
  await expect(carriedSection.getByRole('table').getByRole('row')).toHaveCount(3);
  const urgedSection = page.getByRole('region', { name: 'Đã đôn đốc (1)' });
  await expect(urgedSection.getByRole('row').filter({ hasText: urged.title })).toContainText('168/STTTT-CNTT');
  await expectNoSeriousAxeViolations(page);

  // a leader reads, and changes nothing
  const context = await browser.newContext();
  const leader = await context.newPage();
  await signIn(leader, demo.viewer, `/plans/${noticeId}`);
  const seen = leader.getByRole('region', { name: 'Kết luận cuộc họp' });
  await expect(seen.getByRole('table').getByRole('row')).toHaveCount(3);
  await expect(seen.getByRole('button', { name: 'Chuyển tiếp nhiệm vụ' })).toHaveCount(0);
  await expectNoSeriousAxeViolations(leader);
  await leader.goto(`/tasks/${urged.id}`);
  const leaderUrgings = leader.getByRole('region', { name: 'Văn bản đôn đốc' });
  await expect(leaderUrgings.getByRole('listitem')).toContainText('168/STTTT-CNTT');
  await expect(leaderUrgings.getByRole('button', { name: 'Đôn đốc' })).toHaveCount(0);
  await expect(leader.getByRole('region', { name: 'Lịch sử cập nhật' }).getByText('Đôn đốc thực hiện', { exact: true })).toBeVisible();
  await leader.goto(`/meetings/${meeting.id}`);
  await expect(leader.getByRole('button', { name: 'Ghi thông báo kết luận' })).toHaveCount(0);
  await expectNoSeriousAxeViolations(leader);
  await context.close();
});
