/**
 * Issue 15's admin page, walked by the admin of the demo data (npm start's): departments and
 * their aliases, groups and their members, users. What the page claims is checked against the
 * API too, and the people it makes or changes then sign in (or fail to) in a browser of their own.
 */
import { Browser, Locator, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { DemoStack } from './support/stack';
import { choose, expect, expectNoSeriousAxeViolations, screenshot, signIn, test, useDemoStack } from './support/fixtures';

useDemoStack();

interface Department {
  id: string;
  code: string;
  name: string;
  aliases: string[];
}
interface User {
  id: string;
  email: string;
  fullName: string;
  role: string;
  departmentId: string | null;
  active: boolean;
  mustChangePassword: boolean;
  version: number;
}

const unique = () => randomBytes(4).toString('hex');
const password = () => `Mk-${randomBytes(9).toString('base64url')}`;

/** The admin's password as it is now: a person asked to change it at first sign-in does so. */
let adminPassword: string | undefined;

/**
 * Signs in through the form; when the API asks for the password to be changed first (a password
 * someone else chose, in production), changes it on /change-password as a person would.
 * Returns the password that now works.
 */
async function signInAs(page: Page, email: string, current: string): Promise<string> {
  await signIn(page, { email, password: current });
  if (!/\/change-password/.test(page.url())) return current;
  const fresh = password();
  await page.getByLabel('Mật khẩu hiện tại', { exact: true }).fill(current);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(fresh);
  await page.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill(fresh);
  await page.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
  await expect(page).not.toHaveURL(/\/change-password/);
  return fresh;
}

async function signInAsAdmin(page: Page, demo: DemoStack, path = '/admin'): Promise<void> {
  adminPassword = await signInAs(page, demo.admin.email, adminPassword ?? demo.admin.password);
  // an admin's home is /admin
  await expect(page).toHaveURL(/\/admin/);
  if (path !== '/admin') await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Quản trị' })).toBeVisible();
}

/** A token of the admin as of now (a password change ends the earlier ones). */
const adminToken = async (demo: DemoStack) => demo.api.signIn(demo.admin.email, adminPassword ?? demo.admin.password);

async function departmentNamed(demo: DemoStack, name: string): Promise<Department> {
  const list = await demo.api.call<{ items: Department[] }>(demo.viewer.token, 'GET', '/departments?limit=200');
  const found = list.items.find((d) => d.name === name);
  if (!found) throw new Error(`no department named ${name}`);
  return found;
}

async function userByEmail(demo: DemoStack, email: string): Promise<User | undefined> {
  const list = await demo.api.call<{ items: User[] }>(await adminToken(demo), 'GET', '/users?limit=200');
  return list.items.find((u) => u.email === email);
}

/** A user made through the API, to be acted on through the page. */
async function makeUser(demo: DemoStack, role: string, label: string): Promise<{ id: string; email: string; password: string }> {
  const email = `${label}.${unique()}@test.local`;
  const chosen = password();
  const user = await demo.api.call<User>(await adminToken(demo), 'POST', '/users', { email, fullName: `Người dùng ${label}`, role, password: chosen });
  return { id: user.id, email, password: chosen };
}

/** A second browser, as the other person at another desk. */
async function otherPerson<T>(browser: Browser, demo: DemoStack, act: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ baseURL: demo.baseURL });
  try {
    return await act(await context.newPage());
  } finally {
    await context.close();
  }
}

const usersTab = async (page: Page) => {
  await page.getByRole('tab', { name: 'Người dùng', exact: true }).click();
  await expect(page).toHaveURL(/[?&]tab=users/);
};
const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Tìm kiếm' }).or(page.getByRole('textbox', { name: 'Tìm kiếm' })).first();
const rowOf = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });
/** The form item (label, field, its messages) of a labelled field. */
const formItemOf = (scope: Locator, label: string) => scope.locator('.ant-form-item').filter({ has: scope.page().getByLabel(label, { exact: true }) });

test('the admin creates a focal point of a department found by its name without diacritics; the focal point signs in and lands on the department\'s tasks', async ({ page, demo, browser }) => {
  const department = await departmentNamed(demo, 'Sở Tài nguyên và Môi trường');
  const person = { email: `daumoi.stnmt.${unique()}@test.local`, fullName: 'Lê Thị Tài Nguyên', password: password() };
  await signInAsAdmin(page, demo);
  await usersTab(page);
  await page.getByRole('button', { name: 'Thêm người dùng', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Thêm người dùng' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Email', { exact: true }).fill(person.email);
  await dialog.getByLabel('Họ và tên', { exact: true }).fill(person.fullName);
  await choose(page, dialog.getByLabel('Vai trò', { exact: true }), 'Đầu mối');

  // the department is found by typing its name without diacritics: one match among the 36
  const departmentField = dialog.getByLabel('Đơn vị', { exact: true });
  await departmentField.click();
  await departmentField.fill('tai nguyen va moi truong');
  const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toHaveText(department.name);
  await options.first().click();
  await expect(formItemOf(dialog, 'Đơn vị')).toContainText(department.name);

  await dialog.getByLabel('Mật khẩu ban đầu', { exact: true }).fill(person.password);
  await dialog.getByRole('button', { name: 'Tạo', exact: true }).click();
  await expect(dialog).toBeHidden();
  await searchBox(page).fill(person.email);
  await expect(rowOf(page, person.email)).toContainText('Đầu mối');
  await expect(rowOf(page, person.email)).toContainText(department.name);

  // the API holds what the page said
  const created = await userByEmail(demo, person.email);
  expect(created).toMatchObject({ fullName: person.fullName, role: 'focal_point', departmentId: department.id, active: true });

  // the new focal point signs in at another desk (changing the password first when the API asks) and lands on the department's tasks
  await otherPerson(browser, demo, async (other) => {
    const now = await signInAs(other, person.email, person.password);
    // asked to change the password exactly when the API says it must be changed
    expect(now !== person.password).toBe(created!.mustChangePassword);
    await expect(other).toHaveURL(/\/tasks\?(.*&)?mine=1/);
    await expect(other.getByRole('heading', { level: 1, name: 'Việc của đơn vị' })).toBeVisible();
  });
});

test('the admin changes a user\'s role: the API and the list say the new role', async ({ page, demo }) => {
  const user = await makeUser(demo, 'viewer', 'doivaitro');
  await signInAsAdmin(page, demo, `/admin?tab=users&q=${encodeURIComponent(user.email)}`);
  await expect(rowOf(page, user.email)).toContainText('Lãnh đạo');
  await page.getByRole('button', { name: `Sửa ${user.email}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Sửa tài khoản ${user.email}` });
  await choose(page, dialog.getByLabel('Vai trò', { exact: true }), 'Thường trực');
  await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(rowOf(page, user.email)).toContainText('Thường trực');
  expect(await userByEmail(demo, user.email)).toMatchObject({ role: 'secretariat', departmentId: null });
  // a focal point needs a department: the form says so next to the field, in Vietnamese
  await page.getByRole('button', { name: `Sửa ${user.email}`, exact: true }).click();
  const again = page.getByRole('dialog', { name: `Sửa tài khoản ${user.email}` });
  await choose(page, again.getByLabel('Vai trò', { exact: true }), 'Đầu mối');
  await again.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(formItemOf(again, 'Đơn vị')).toContainText('Tài khoản đầu mối phải thuộc một đơn vị');
  await again.getByRole('button', { name: 'Hủy', exact: true }).click();
  expect(await userByEmail(demo, user.email)).toMatchObject({ role: 'secretariat' });
});

test('the admin deactivates a user, who then cannot sign in', async ({ page, demo, browser }) => {
  const user = await makeUser(demo, 'viewer', 'vohieuhoa');
  await demo.api.signIn(user.email, user.password); // could sign in before
  await signInAsAdmin(page, demo, `/admin?tab=users&q=${encodeURIComponent(user.email)}`);
  await expect(rowOf(page, user.email)).toContainText('Đang hoạt động');
  await page.getByRole('button', { name: `Vô hiệu hóa ${user.email}`, exact: true }).click();
  await page.getByRole('button', { name: 'Vô hiệu hóa', exact: true }).click();
  await expect(rowOf(page, user.email)).toContainText('Đã vô hiệu hóa');
  expect(await userByEmail(demo, user.email)).toMatchObject({ active: false });
  await demo.api.call(null, 'POST', '/auth/login', { email: user.email, password: user.password }, [401]);

  await otherPerson(browser, demo, async (other) => {
    await other.goto('/login');
    await other.getByLabel('Email', { exact: true }).fill(user.email);
    await other.getByLabel('Mật khẩu', { exact: true }).fill(user.password);
    await other.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await expect(other.getByRole('alert').filter({ hasText: /\S/ }).first()).toBeVisible();
    await expect(other).toHaveURL(/\/login/);
  });
});

test('the admin resets a password: a weak one is refused next to the field; the old one stops working, the new one signs in', async ({ page, demo, browser }) => {
  const user = await makeUser(demo, 'viewer', 'datlaimatkhau');
  await signInAsAdmin(page, demo, `/admin?tab=users&q=${encodeURIComponent(user.email)}`);
  await page.getByRole('button', { name: `Đặt lại mật khẩu ${user.email}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Đặt lại mật khẩu của ${user.email}` });
  await dialog.getByLabel('Mật khẩu mới', { exact: true }).fill('ngan');
  await dialog.getByRole('button', { name: 'Đặt lại mật khẩu', exact: true }).click();
  // the API's refusal, in Vietnamese, beside the field, with what was typed kept
  await expect(formItemOf(dialog, 'Mật khẩu mới')).toContainText('Mật khẩu cần ít nhất 8 ký tự.');
  await expect(dialog.getByLabel('Mật khẩu mới', { exact: true })).toHaveValue('ngan');

  const fresh = password();
  await dialog.getByLabel('Mật khẩu mới', { exact: true }).fill(fresh);
  await dialog.getByRole('button', { name: 'Đặt lại mật khẩu', exact: true }).click();
  await expect(dialog).toBeHidden();
  const after = await userByEmail(demo, user.email);
  expect(after!.version).toBeGreaterThan(1);
  if (after!.mustChangePassword) await expect(rowOf(page, user.email)).toContainText('Chưa đổi mật khẩu');
  await demo.api.call(null, 'POST', '/auth/login', { email: user.email, password: user.password }, [401]);

  await otherPerson(browser, demo, async (other) => {
    await signIn(other, { email: user.email, password: fresh });
    // a reset password is changed at first sign-in whenever the API asks it (in production)
    if (after!.mustChangePassword) await expect(other).toHaveURL(/\/change-password/);
    else await expect(other).toHaveURL(/\/dashboard/);
  });
});

test('the admin adds an alias to a department found without diacritics', async ({ page, demo }) => {
  const department = await departmentNamed(demo, 'Sở Thông tin và Truyền thông');
  const alias = `Sở TT và TT ${unique()}`;
  await signInAsAdmin(page, demo);
  await searchBox(page).fill('thong tin va truyen thong');
  await expect(page).toHaveURL(/[?&]q=thong/);
  const row = rowOf(page, department.name);
  await expect(row).toHaveCount(1);
  for (const known of department.aliases) await expect(row).toContainText(known);
  await page.getByRole('button', { name: `Sửa ${department.name}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Sửa đơn vị ${department.name}` });
  const aliases = dialog.getByLabel('Tên gọi khác', { exact: true });
  await aliases.fill(alias);
  await aliases.press('Enter');
  await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText(alias);
  const saved = await demo.api.call<Department>(demo.viewer.token, 'GET', `/departments/${department.id}`);
  expect(saved.aliases).toEqual([...department.aliases, alias]);
  expect(saved.name).toBe(department.name);
});

test('the admin makes a group of departments chosen by name without diacritics', async ({ page, demo }) => {
  const members = [await departmentNamed(demo, 'Sở Nội vụ'), await departmentNamed(demo, 'Sở Tư pháp')];
  const code = `NHOM${unique().toUpperCase()}`;
  await signInAsAdmin(page, demo, '/admin?tab=groups');
  await page.getByRole('button', { name: 'Thêm nhóm đơn vị', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Thêm nhóm đơn vị' });
  await dialog.getByLabel('Mã', { exact: true }).fill(code);
  await dialog.getByLabel('Tên nhóm', { exact: true }).fill('Nhóm cải cách hành chính');
  const field = dialog.getByLabel('Đơn vị thành viên', { exact: true });
  for (const [typed, member] of [['so noi vu', members[0]], ['so tu phap', members[1]]] as const) {
    await field.click();
    await field.pressSequentially(typed);
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await expect(option).toHaveCount(1);
    await expect(option).toHaveText(member.name);
    await option.click();
    await expect(formItemOf(dialog, 'Đơn vị thành viên')).toContainText(member.name);
  }
  for (const member of members) await expect(formItemOf(dialog, 'Đơn vị thành viên')).toContainText(member.name);
  await field.press('Escape');
  await dialog.getByRole('button', { name: 'Tạo', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(rowOf(page, code)).toContainText('2 đơn vị');
  const groups = await demo.api.call<{ items: Array<{ code: string; departmentIds: string[] }> }>(demo.viewer.token, 'GET', '/department-groups?limit=200');
  expect(groups.items.find((g) => g.code === code)?.departmentIds).toEqual(members.map((m) => m.id).sort());
});

test('a duplicate e-mail is refused next to the field, in Vietnamese, keeping what was typed', async ({ page, demo }) => {
  const before = (await demo.api.call<{ total: number }>(await adminToken(demo), 'GET', '/users?limit=1')).total;
  await signInAsAdmin(page, demo, '/admin?tab=users');
  await page.getByRole('button', { name: 'Thêm người dùng', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Thêm người dùng' });
  await dialog.getByLabel('Email', { exact: true }).fill(demo.secretariat.email);
  await dialog.getByLabel('Họ và tên', { exact: true }).fill('Người trùng email');
  await choose(page, dialog.getByLabel('Vai trò', { exact: true }), 'Lãnh đạo');
  await dialog.getByLabel('Mật khẩu ban đầu', { exact: true }).fill(password());
  await dialog.getByRole('button', { name: 'Tạo', exact: true }).click();
  await expect(formItemOf(dialog, 'Email')).toContainText('Đã có người dùng với email này.');
  await expect(dialog.getByLabel('Email', { exact: true })).toHaveValue(demo.secretariat.email);
  await expect(dialog.getByLabel('Họ và tên', { exact: true })).toHaveValue('Người trùng email');
  expect((await demo.api.call<{ total: number }>(await adminToken(demo), 'GET', '/users?limit=1')).total).toBe(before);
});

test('the admin page passes axe on each tab and in the new user form', async ({ page, demo }) => {
  await signInAsAdmin(page, demo);
  await expect(page.getByRole('row').filter({ hasText: 'Sở Thông tin và Truyền thông' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('tab', { name: 'Nhóm đơn vị', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Thêm nhóm đơn vị', exact: true })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await usersTab(page);
  await expect(rowOf(page, demo.secretariat.email)).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'admin');
  await page.getByRole('button', { name: 'Thêm người dùng', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Thêm người dùng' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});
