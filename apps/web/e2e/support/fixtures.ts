/**
 * What every browser spec uses: its own product (useStack, one per spec file), and the steps
 * a person takes, written against the fixed accessible names of WEB.md.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, Locator, Page, test as base } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './databases';
import { DemoStack, Person, Stack, StackOptions, startDemoStack, startStack } from './stack';

let current: Stack | undefined;
let currentDemo: DemoStack | undefined;

export const test = base.extend<{ stack: Stack; demo: DemoStack }>({
  stack: async ({}, use) => {
    if (!current) throw new Error('no product for this file: call useStack() at the top of the spec file');
    await use(current);
  },
  demo: async ({}, use) => {
    if (!currentDemo) throw new Error('no demo product for this file: call useDemoStack() at the top of the spec file');
    await use(currentDemo);
  },
  // every page.goto('/…') goes to this file's API
  baseURL: async ({}, use) => use(current?.baseURL ?? currentDemo?.baseURL),
});

/** One product per spec file: started before its first test, removed after its last. */
export function useStack(options: StackOptions = {}): void {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    current = await startStack(options);
  });
  test.afterAll(async () => {
    test.setTimeout(60_000);
    const stack = current;
    current = undefined;
    await stack?.stop();
  });
}

/** One product with npm start's demo data per spec file (DemoStack), instead of useStack's seeded scenes; `{ worker: true }` runs the worker too. */
export function useDemoStack(options: StackOptions = {}): void {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    currentDemo = await startDemoStack(options);
  });
  test.afterAll(async () => {
    test.setTimeout(60_000);
    const demo = currentDemo;
    currentDemo = undefined;
    await demo?.stop();
  });
}

export { expect };

/** Signs in through the page's form, as a person does. */
export async function signIn(page: Page, person: Pick<Person, 'email' | 'password'>, path = '/login'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/**
 * Picks an option of a labelled select: a native <select>, or an ARIA combobox (Ant Design's
 * Select, whose visible items carry their label as title).
 */
export async function choose(page: Page, field: Locator, option: string | RegExp): Promise<void> {
  if ((await field.evaluate((el) => el.tagName)) === 'SELECT') {
    const labels = await field.locator('option').allTextContents();
    const label = labels.find((l) => (typeof option === 'string' ? l.trim() === option : option.test(l)));
    await field.selectOption({ label: label ?? String(option) });
    return;
  }
  const select = field.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const single = typeof option === 'string' && !(await select.evaluate((el) => el.classList.contains('ant-select-multiple')).catch(() => true));
  for (let attempt = 1; ; attempt++) {
    await field.click();
    const popup = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), [role="listbox"]').filter({ visible: true });
    const byTitle = typeof option === 'string' ? popup.getByTitle(option, { exact: true }) : popup.getByTitle(option);
    const byRole = popup.getByRole('option', { name: option, exact: typeof option === 'string' });
    await byTitle.or(byRole).filter({ visible: true }).first().click();
    if (!single) return;
    // on a loaded machine a click that lands while the list is still sliding in picks nothing (the
    // form kept its default role once in CI): the select must show the option, else pick again
    try {
      await expect(select).toContainText(option as string, { timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Types a day (YYYY-MM-DD) into a labelled date field as dd/mm/yyyy, as a person types it. */
export async function typeDate(field: Locator, day: string): Promise<void> {
  const text = day.split('-').reverse().join('/');
  await field.click();
  await field.fill(text);
  await field.press('Enter');
  await expect(field).toHaveValue(text);
}

/** Where a violation is, and for a contrast its colours and ratio, as the pages' authors need it. */
function describeNode(node: { target: unknown[]; any: { data?: any }[] }): string {
  const contrast = node.any.find((check) => check.data?.contrastRatio)?.data;
  const where = node.target.map(String).join(' ');
  return contrast ? `${where} — ${contrast.fgColor} on ${contrast.bgColor}, ratio ${contrast.contrastRatio} < ${contrast.expectedContrastRatio}` : where;
}

/** Fails, listing them, on any serious or critical accessibility violation of the page as it is. */
export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  // colours mid-animation (a dialog fading in over its mask) are not the page's colours
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  const result = await new AxeBuilder({ page }).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 6).map(describeNode).join('; ')})`);
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

/** A full-page screenshot kept as an artifact: test-results/screenshots/<name>.png (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(ROOT, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** The history of a task page: the list, table or section headed `Lịch sử cập nhật`. */
export function historyOf(page: Page): Locator {
  const heading = page.getByRole('heading', { name: 'Lịch sử cập nhật' });
  return page
    .getByRole('list', { name: 'Lịch sử cập nhật' })
    .or(page.getByRole('table', { name: 'Lịch sử cập nhật' }))
    .or(page.getByRole('region', { name: 'Lịch sử cập nhật' }))
    .or(page.locator('section, .ant-card').filter({ has: heading }).last())
    .first();
}
