/**
 * Issue 14's "Done when", walked as a new focal point of Sở Thông tin và Truyền thông would,
 * against the fixed accessible names of WEB.md. What the page claims is checked against the
 * API too, so a page that only looks right fails.
 */
import { Page } from '@playwright/test';
import { choose, expect, historyOf, screenshot, signIn, test, typeDate, useStack } from './support/fixtures';
import { dayInVietnam, ddmmyyyy } from './support/stack';

useStack();

const progressButton = (page: Page) => page.getByRole('button', { name: 'Cập nhật tiến độ', exact: true });
const saveButton = (page: Page) => page.getByRole('button', { name: 'Lưu', exact: true });
const noteField = (page: Page) => page.getByLabel('Kết quả thực hiện', { exact: true });
const taskTable = (page: Page) => page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Mã', exact: true }) });
const dataRows = (page: Page) => taskTable(page).getByRole('row').filter({ has: page.getByRole('cell') });

test('a new focal point signs in after a wrong password and lands on the department\'s tasks, most urgent first', async ({ page, stack }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email', { exact: true }).fill(stack.focalPoint.email);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(`${stack.focalPoint.password}x`);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  // the refusal says so, without saying which of the two was wrong
  const refusal = page.getByRole('alert').filter({ hasText: /\S/ }).first();
  await expect(refusal).toBeVisible();
  // the form's own answer (not some other alert), and the attempt over: the button is named again
  await expect(refusal).toContainText('Email hoặc mật khẩu không đúng');
  await expect(refusal).not.toContainText(/^(email|tài khoản) (không|chưa)|^mật khẩu (không đúng|sai)|không tồn tại/i);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Đăng nhập', exact: true })).toBeEnabled();

  await page.getByLabel('Mật khẩu', { exact: true }).fill(stack.focalPoint.password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).toHaveURL(/\/tasks\?(.*&)?mine=1/);

  const table = taskTable(page);
  for (const header of ['Mã', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn', 'Trạng thái']) {
    await expect(table.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  }
  // lead and coordinating: the department's 8 tasks, not the other department's own
  await expect(dataRows(page)).toHaveCount(8);
  await expect(table).toContainText(stack.tasks.coordinated.title);
  await expect(table).not.toContainText(stack.tasks.otherDepartment.title);
  // overdue, then due soon, then within deadline
  await expect(dataRows(page).nth(0)).toContainText(stack.tasks.overdue.title);
  await expect(dataRows(page).nth(0)).toContainText('Quá hạn');
  await expect(dataRows(page).nth(1)).toContainText(stack.tasks.dueSoon.title);
  await expect(dataRows(page).nth(1)).toContainText('Sắp đến hạn');
  await expect(dataRows(page).nth(2)).toContainText('Trong hạn');
  // deadlines as dates dd/mm/yyyy
  await expect(dataRows(page).nth(0)).toContainText(ddmmyyyy(dayInVietnam(-10)));
});

test('finds a task by searching without diacritics and reports its completion with two documents: completed, on time, in the history', async ({ page, stack }) => {
  const task = stack.tasks.completion;
  await signIn(page, stack.focalPoint);
  await expect(page).toHaveURL(/\/tasks\?(.*&)?mine=1/);
  const search = page.getByRole('searchbox', { name: 'Tìm kiếm' }).or(page.getByRole('textbox', { name: 'Tìm kiếm' })).first();
  await search.fill('dieu hanh thong minh');
  await search.press('Enter');
  await expect(page).toHaveURL(/[?&]q=dieu(\+|%20)hanh/);
  await expect(dataRows(page)).toHaveCount(1);
  await dataRows(page).first().getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${task.id}$`));
  await expect(page.getByText(task.title).first()).toBeVisible();

  await progressButton(page).click();
  await choose(page, page.getByLabel('Trạng thái', { exact: true }), 'Hoàn thành');
  await noteField(page).fill('Đã ban hành kế hoạch và đưa nền tảng vào vận hành.');
  await typeDate(page.getByLabel('Ngày hoàn thành', { exact: true }), stack.today);
  await page.getByRole('button', { name: 'Thêm văn bản', exact: true }).click();
  await page.getByRole('button', { name: 'Thêm văn bản', exact: true }).click();
  const numbers = page.getByLabel('Số văn bản', { exact: true });
  const dates = page.getByLabel('Ngày văn bản', { exact: true });
  const kinds = page.getByLabel('Loại văn bản', { exact: true });
  await expect(numbers).toHaveCount(2);
  await numbers.nth(0).fill('86/STTTT-TTBCXB');
  await typeDate(dates.nth(0), dayInVietnam(-5));
  await choose(page, kinds.nth(0), /trình/i);
  await numbers.nth(1).fill('185/KH-UBND');
  await typeDate(dates.nth(1), stack.today);
  await choose(page, kinds.nth(1), /ban hành/i);
  await saveButton(page).click();

  await expect(page.getByText('Đúng hạn').first()).toBeVisible();
  await expect(page.getByText('Hoàn thành').first()).toBeVisible();
  await expect(page.getByText('86/STTTT-TTBCXB').first()).toBeVisible();
  await expect(page.getByText('185/KH-UBND').first()).toBeVisible();
  const history = historyOf(page);
  await expect(history).toBeVisible();
  await expect(history).toContainText('Hoàn thành');

  const saved = await stack.api.call(stack.focalPoint.token, 'GET', `/tasks/${task.id}`);
  expect(saved.status).toBe('completed');
  expect(saved.completedOn).toBe(stack.today);
  expect(saved.timeliness).toBe('on_time');
  expect(saved.outputDocuments.map((d: any) => [d.number, d.kind]).sort()).toEqual([['185/KH-UBND', 'issued'], ['86/STTTT-TTBCXB', 'submitted']]);
});

test('a stale save shows the conflict, keeps the typed text and saves it after reloading the task', async ({ page, stack }) => {
  const task = stack.tasks.stale;
  await signIn(page, stack.focalPoint);
  await page.goto(`/tasks/${task.id}`);
  await progressButton(page).click();
  const typed = 'Đã thu thập dữ liệu của 12/15 đơn vị; đang chuẩn hóa.';
  await noteField(page).fill(typed);

  // someone else saves first
  const before = await stack.api.call(stack.secretariat.token, 'GET', `/tasks/${task.id}`);
  await stack.api.call(stack.secretariat.token, 'PATCH', `/tasks/${task.id}`, { version: before.version, expectedOutput: 'Cơ sở dữ liệu' });

  await saveButton(page).click();
  await expect(page.getByText(/đã (được )?(thay đổi|cập nhật)|phiên bản|tải lại/i).first()).toBeVisible();
  await expect(noteField(page)).toHaveValue(typed);
  const reload = page.getByRole('button', { name: /tải lại/i });
  await expect(reload).toBeVisible();
  await reload.click();
  await expect(noteField(page)).toHaveValue(typed);
  await saveButton(page).click();
  await expect.poll(async () => (await stack.api.call(stack.focalPoint.token, 'GET', `/tasks/${task.id}`)).progressNote).toBe(typed);
});

test('a task of another department shows no progress form and no extension request; its edits read in words', async ({ page, stack }) => {
  const task = stack.tasks.otherDepartment;
  // the secretariat edits it: the history names the fields in Vietnamese
  const { version } = await stack.api.call(stack.secretariat.token, 'GET', `/tasks/${task.id}`);
  await stack.api.call(stack.secretariat.token, 'PATCH', `/tasks/${task.id}`, {
    version, expectedOutput: 'Báo cáo', submissionLevel: 'UBND tỉnh',
  });
  await signIn(page, stack.focalPoint);
  await page.goto(`/tasks/${task.id}`);
  await expect(page.getByText(task.title).first()).toBeVisible();
  await expect(progressButton(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Đề nghị gia hạn', exact: true })).toHaveCount(0);
  await expect(saveButton(page)).toHaveCount(0);
  const history = historyOf(page);
  await expect(history).toContainText('Sản phẩm đầu ra: Kế hoạch → Báo cáo');
  await expect(history).toContainText('Cấp trình: — → UBND tỉnh');
  await expect(history).not.toContainText('expectedOutput');
});

test('a coordinating department adds its note, with no status field', async ({ page, stack }) => {
  const task = stack.tasks.coordinated;
  await signIn(page, stack.focalPoint);
  await page.goto(`/tasks/${task.id}`);
  await progressButton(page).click();
  await expect(noteField(page)).toBeVisible();
  await expect(page.getByLabel('Trạng thái', { exact: true })).toHaveCount(0);
  const note = 'Sở TTTT đã hỗ trợ chữ ký số cho 40 cán bộ.';
  await noteField(page).fill(note);
  await saveButton(page).click();
  // saved: the form closes, and the note shows among the coordinating departments' notes
  await expect(noteField(page)).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Ý kiến đơn vị phối hợp' })).toContainText(note);
  const saved = await stack.api.call(stack.focalPoint.token, 'GET', `/tasks/${task.id}`);
  expect(JSON.stringify(saved.coordinatorNotes)).toContain(note);
  expect(saved.progressNote ?? null).not.toBe(note);
});

test('a recurring duty\'s note is reported for the period chosen (Kỳ báo cáo), and a dated task has no such field', async ({ page, stack }) => {
  const created = await stack.api.call(stack.secretariat.token, 'POST', '/tasks', {
    planId: stack.plan.id, code: 'III.1', title: 'Theo dõi, đôn đốc chuyển đổi số thường xuyên', leadDepartmentId: stack.departments.own.id, deadlineText: 'Thường xuyên',
  });
  await signIn(page, stack.focalPoint);
  await page.goto(`/tasks/${stack.tasks.phone.id}`);
  await progressButton(page).click();
  await expect(noteField(page)).toBeVisible();
  await expect(page.getByLabel('Kỳ báo cáo', { exact: true })).toHaveCount(0);

  await page.goto(`/tasks/${created.id}`);
  await progressButton(page).click();
  const lastYear = Number(stack.today.slice(0, 4)) - 1;
  await choose(page, page.getByLabel('Kỳ báo cáo', { exact: true }), `6 tháng đầu năm ${lastYear}`);
  const note = 'Đã đôn đốc các sở, ngành 6 tháng đầu năm.';
  await noteField(page).fill(note);
  await saveButton(page).click();
  await expect(noteField(page)).toHaveCount(0);
  const history = await stack.api.call<any[]>(stack.focalPoint.token, 'GET', `/tasks/${created.id}/updates`);
  expect(history.at(-1)).toMatchObject({ action: 'progress_reported', reportPeriod: `${lastYear}-6M` });

  // the same words for another period: the form keeps the note it shows and files it under the new period
  await progressButton(page).click();
  await expect(noteField(page)).toHaveValue(note);
  await choose(page, page.getByLabel('Kỳ báo cáo', { exact: true }), `Cả năm ${lastYear}`);
  await saveButton(page).click();
  await expect(noteField(page)).toHaveCount(0);
  const again = await stack.api.call<any[]>(stack.focalPoint.token, 'GET', `/tasks/${created.id}/updates`);
  expect(again.at(-1)).toMatchObject({ action: 'progress_reported', reportPeriod: `${lastYear}-Y`, note });
});

test('requests a deadline extension with a later date and a reason', async ({ page, stack }) => {
  const task = stack.tasks.extension;
  await signIn(page, stack.focalPoint);
  await page.goto(`/tasks/${task.id}`);
  await page.getByRole('button', { name: 'Đề nghị gia hạn', exact: true }).click();
  const proposed = dayInVietnam(50);
  await typeDate(page.getByLabel('Thời hạn đề nghị', { exact: true }), proposed);
  const reason = 'Chờ kinh phí bổ sung của tỉnh.';
  await page.getByLabel('Lý do', { exact: true }).fill(reason);
  await page.getByRole('button', { name: 'Gửi', exact: true }).click();
  await expect(page.getByText(reason).first()).toBeVisible();
  await expect(page.getByText(ddmmyyyy(proposed)).first()).toBeVisible();
  const requests = await stack.api.call(stack.focalPoint.token, 'GET', `/extension-requests?taskId=${task.id}`);
  expect(requests).toHaveLength(1);
  expect(requests[0]).toMatchObject({ proposedDueDate: proposed, reason });
});

test('the inbox shows a returned completion and leads to the task, which shows the reason', async ({ page, stack }) => {
  const task = stack.tasks.returned;
  const reported = await stack.api.call(stack.focalPoint.token, 'GET', `/tasks/${task.id}`);
  const completed = await stack.api.call(stack.focalPoint.token, 'POST', `/tasks/${task.id}/updates`, {
    version: reported.version, status: 'completed', completedOn: stack.today,
    outputDocuments: [{ number: '12/QĐ-UBND', issuedOn: stack.today, kind: 'issued' }],
  });
  const reason = 'Thiếu quy chế kèm theo quyết định';
  await stack.api.call(stack.secretariat.token, 'POST', `/tasks/${task.id}/review`, { confirm: false, note: reason, version: completed.version });

  await signIn(page, stack.focalPoint);
  const inboxLink = page.getByRole('link', { name: /^Thông báo/ });
  await expect(inboxLink).toContainText('1');
  await inboxLink.click();
  await expect(page).toHaveURL(/\/notifications/);
  const item = page.getByRole('link').filter({ hasText: new RegExp(task.code.replace('.', '\\.')) }).first();
  await expect(item).toBeVisible();
  await item.click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${task.id}$`));
  // at the top of the page, not only as a line of the history further down
  const shown = page.getByText(reason).first();
  await expect(shown).toBeVisible();
  const history = page.getByRole('heading', { name: 'Lịch sử cập nhật' });
  await expect(history).toBeVisible();
  const [reasonBox, fieldsBox] = [await shown.boundingBox(), await page.getByRole('table').first().boundingBox()];
  expect(reasonBox!.y, 'the reason above the task\'s fields').toBeLessThan(fieldsBox!.y);
});

test('sign-out ends the session: going back shows no task data and the old cookie gets 401', async ({ page, stack, context }) => {
  const task = stack.tasks.phone;
  await signIn(page, stack.focalPoint);
  await page.goto(`/tasks/${task.id}`);
  await expect(page.getByText(task.title).first()).toBeVisible();
  const session = (await context.cookies()).find((c) => c.name === 'steering_session');
  expect(session, 'the steering_session cookie').toBeTruthy();
  expect(session!.httpOnly).toBe(true);

  const signOut = page.getByRole('button', { name: 'Đăng xuất' }).or(page.getByRole('link', { name: 'Đăng xuất' })).or(page.getByRole('menuitem', { name: 'Đăng xuất' }));
  await signOut.first().click();
  await expect(page).toHaveURL(/\/login/);
  await page.goBack();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText(task.title)).toHaveCount(0);

  const res = await fetch(`${stack.baseURL}/api/v1/me`, { headers: { Cookie: `steering_session=${session!.value}` } });
  expect(res.status).toBe(401);
  const list = await fetch(`${stack.baseURL}/api/v1/tasks`, { headers: { Cookie: `steering_session=${session!.value}` } });
  expect(list.status).toBe(401);
});
