/**
 * The task list page on the 100,000-task bench dataset (bench/dataset.ts, its own database,
 * dropped afterwards), served by the BUILT API with the BUILT pages (npm run build first),
 * driven by Playwright and Debian's Chromium:
 *   - the JavaScript and CSS the page loads before the first rows are on screen, gzip sizes
 *     of the dist files it requested (target ≤ 400 KB), split into the entry (index.html's
 *     own script, stylesheet and modulepreloads) and the chunks loaded after it;
 *   - the time from navigation to the first 50 rows on screen (target < 1 s), cold (empty
 *     HTTP cache) and warm, as a focal point (/tasks?mine=1) and as the secretariat (/tasks).
 * Prints the figures; they are not assertions.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/web-task-list.ts
 *   (BENCH_TASKS=100000, BENCH_RUNS=5 warm runs per case, CHROMIUM_PATH)
 */
import { BrowserContext } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { killAll } from './api-support';
import { BenchUser } from './dataset';
import { kb, median, signedInContext, sizeOf, WEB_DIST, withWebBench } from './web-support';

const ROOT = join(__dirname, '..');
const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROWS = 50;

/**
 * Data rows rendered in the page's table (Ant Design's hidden measure and placeholder rows left
 * out). Run in the page as a function: the page's CSP (no 'unsafe-eval') refuses string predicates.
 */
function rowsOnScreen(): number {
  const doc = (globalThis as any).document;
  return [...doc.querySelectorAll('table tbody tr')].filter(
    (r: any) => r.getAttribute('aria-hidden') !== 'true' && !r.classList.contains('ant-table-placeholder') && r.querySelector('td'),
  ).length;
}


/** Files index.html itself names (script, stylesheet, modulepreload): the entry, before any lazy chunk. */
function entryFiles(): Set<string> {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  return new Set([...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]));
}

/**
 * One navigation: the time (from the navigation's start, the page's time origin) at which
 * ROWS data rows are in the table, or the rows of the first page if it holds fewer; and the
 * JS/CSS files requested until then.
 */
async function measure(
  context: BrowserContext,
  path: string,
): Promise<{ ms: number; rows: number; files: string[]; apiStart: number; apiMs: number; encodings: string[] }> {
  const page = await context.newPage();
  const files: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => {
    if (['script', 'stylesheet'].includes(request.resourceType())) files.push(request.url());
  });
  const t0 = Date.now();
  if (process.env.BENCH_DEBUG) page.on('request', (request) => problems.push(`${Date.now() - t0} ms → ${request.url()}`));
  const encodings = new Set<string>();
  page.on('response', (response) => {
    if (['script', 'stylesheet'].includes(response.request().resourceType())) encodings.add(response.headers()['content-encoding'] ?? 'none');
    if (response.status() >= 400 || process.env.BENCH_DEBUG) problems.push(`${Date.now() - t0} ms ${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(path, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (want: number) => {
      // rowsOnScreen, inlined: a predicate reaches the page as its source, alone
      const doc = (globalThis as any).document;
      const n = [...doc.querySelectorAll('table tbody tr')].filter(
        (r: any) => r.getAttribute('aria-hidden') !== 'true' && !r.classList.contains('ant-table-placeholder') && r.querySelector('td'),
      ).length;
      return n >= want ? [performance.now(), n] : null;
    },
    ROWS,
    { polling: 'raf', timeout: 30_000 },
  ).catch(async () => {
    const rows = await page.evaluate(rowsOnScreen);
    const shot = join(ROOT, 'bench/results/web-task-list-failed.png');
    mkdirSync(dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    if (process.env.BENCH_DEBUG) problems.push(await page.locator('body').ariaSnapshot());
    throw new Error(`${path}: ${rows} rows on screen after 30 s (the page shows fewer than ${ROWS}?) at ${page.url()}; screenshot ${shot}${problems.map((p) => `\n  ${p}`).join('')}`);
  });
  const [ms, rows] = (await handle.jsonValue()) as [number, number];
  // when the list's answer had arrived (resource timing, same time origin as ms)
  const [apiStart, apiMs] = await page.evaluate(() => {
    const entries = (globalThis as any).performance.getEntriesByType('resource') as { name: string; startTime: number; responseEnd: number }[];
    const list = entries.filter((e) => /\/api\/v1\/tasks\?/.test(e.name));
    return list.length ? [list[list.length - 1].startTime, list[list.length - 1].responseEnd] : [NaN, NaN];
  });
  const requested = [...files];
  await page.close();
  return { ms, rows, files: requested, apiStart, apiMs, encodings: [...encodings] };
}

async function main(): Promise<void> {
  await withWebBench('web', TASKS, async ({ baseURL, browser, users, password }) => {
    const focal = users.find((u) => u.role === 'focal_point');
    const secretariat = users.find((u) => u.role === 'secretariat');
    if (!focal || !secretariat) throw new Error('the dataset has no focal point or no secretariat');
    const entry = entryFiles();
    const cases: { label: string; user: BenchUser; path: string }[] = [
      { label: 'focal point, /tasks?mine=1', user: focal, path: '/tasks?mine=1' },
      { label: 'secretariat, /tasks (all tasks)', user: secretariat, path: '/tasks' },
    ];
    const lines: string[] = [];
    for (const c of cases) {
      // cold: a new context each time, so nothing is in the HTTP cache (the sign-in cookie only)
      const cold: number[] = [];
      const apiAt: number[] = [];
      const apiAsked: number[] = [];
      let files: string[] = [];
      let encodings: string[] = [];
      let rows = 0;
      for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
        const context = await signedInContext(browser, baseURL, c.user, password);
        const run = await measure(context, c.path);
        cold.push(run.ms);
        apiAt.push(run.apiMs);
        apiAsked.push(run.apiStart);
        files = run.files;
        encodings = run.encodings;
        rows = run.rows;
        await context.close();
      }
      // warm: one context, the assets cached after a first visit
      const context = await signedInContext(browser, baseURL, c.user, password);
      await measure(context, c.path);
      const warm: number[] = [];
      for (let i = 0; i < RUNS; i++) warm.push((await measure(context, c.path)).ms);
      await context.close();

      const sizes = [...new Set(files)].map(sizeOf);
      const entrySizes = sizes.filter((s) => entry.has(s.file));
      const later = sizes.filter((s) => !entry.has(s.file));
      const sum = (xs: { gzip: number }[]) => xs.reduce((t, s) => t + s.gzip, 0);
      lines.push(
        `${c.label}: ${rows} rows on screen in ${median(cold).toFixed(0)} ms cold (median of ${cold.length}: ${cold.map((m) => m.toFixed(0)).join(', ')}), ` +
          `${median(warm).toFixed(0)} ms warm (median of ${warm.length}: ${warm.map((m) => m.toFixed(0)).join(', ')})`,
        `  cold (medians): the page asked the API for the list at ${median(apiAsked).toFixed(0)} ms, had the answer at ${median(apiAt).toFixed(0)} ms; JS/CSS served with content-encoding ${encodings.join(', ')}`,
        `  JS+CSS loaded before the rows: ${kb(sum(sizes))} gzip (${kb(sizes.reduce((t, s) => t + s.raw, 0))} raw) in ${sizes.length} files — ` +
          `entry ${kb(sum(entrySizes))}, chunks after it ${kb(sum(later))}`,
        ...sizes.sort((a, b) => b.gzip - a.gzip).map((s) => `    ${kb(s.gzip).padStart(9)}  ${s.file}${entry.has(s.file) ? '' : '  (loaded after the entry)'}`),
      );
    }
    console.log(`\nTask list page, ${TASKS.toLocaleString('en')} tasks, Chromium headless at 1366×768 (targets: ≤ 400 KB gzip, < 1000 ms to ${ROWS} rows)`);
    for (const line of lines) console.log(line);
  });
}

process.once('SIGINT', () => {
  killAll();
  process.exit(130);
});
main().catch((error) => {
  killAll();
  console.error(`web-task-list failed: ${error?.message ?? error}`);
  process.exit(1);
});
