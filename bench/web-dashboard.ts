/**
 * The dashboard page (/dashboard) on the 100,000-task bench dataset (bench/dataset.ts, its own
 * database, dropped afterwards), served by the BUILT API with the BUILT pages (npm run build
 * first), driven by Playwright and Debian's Chromium, as the secretariat (the page's home):
 *   - the time from navigation to the three charts drawn (each chart marks itself
 *     data-drawn="true" once ECharts has laid out its option and a frame has painted it; target
 *     < 1.5 s), and to the headline figures on screen; cold (empty HTTP cache, new context) and
 *     warm; the first visit after the server starts also computes the roll-up (its cache is empty);
 *   - the same for a past day (?asOf=…), whose roll-up is rebuilt from the task history;
 *   - the gzip (and brotli, as served precompressed) size of the lazy chart chunk (ECharts), and
 *     the JS/CSS the page loaded before the charts were drawn.
 * Prints the figures; they are not assertions.
 *
 *   npm run bench:web:dashboard   (BENCH_TASKS=100000, BENCH_RUNS=5 warm runs per case, CHROMIUM_PATH,
 *   BENCH_PAST_DAY=2025-06-30)
 */
import { BrowserContext } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { killAll } from './api-support';
import { kb, median, signedInContext, sizeOf, withWebBench } from './web-support';

const ROOT = join(__dirname, '..');
const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHARTS = 3;
const PAST_DAY = process.env.BENCH_PAST_DAY ?? '2025-06-30';
/** The lazy chunk of the charts (apps/web/src/dashboard/DashboardCharts.tsx, with ECharts). */
const CHART_CHUNK = /\/assets\/DashboardCharts-[^/]+\.js$/;

const list = (xs: number[]) => xs.map((m) => m.toFixed(0)).join(', ');

interface Run {
  /** Navigation start → the charts drawn. */
  ms: number;
  /** Navigation start → the headline figures on screen. */
  figuresMs: number;
  /** When the page asked for the roll-up, and when its answer had arrived (resource timing). */
  rollupAsked: number;
  rollupMs: number;
  /** When the chart chunk had arrived (resource timing). */
  chunkMs: number;
  files: string[];
}

/** One navigation, timed from its start (the page's time origin) to CHARTS charts drawn. */
async function measure(context: BrowserContext, path: string): Promise<Run> {
  const page = await context.newPage();
  const files: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => {
    if (['script', 'stylesheet'].includes(request.resourceType())) files.push(request.url());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(path, { waitUntil: 'commit' });
  // the figures and the charts, each stamped in the page the frame it was first seen
  const handle = await page
    .waitForFunction(
      (want: number) => {
        const w = globalThis as any;
        const doc = w.document;
        if (w.__figuresAt === undefined && doc.querySelector('.dash-figures dd')) w.__figuresAt = performance.now();
        const drawn = doc.querySelectorAll('.dash-chart[data-drawn="true"]').length;
        return drawn >= want ? [performance.now(), w.__figuresAt ?? performance.now()] : null;
      },
      CHARTS,
      { polling: 'raf', timeout: 30_000 },
    )
    .catch(async () => {
      const shot = join(ROOT, 'bench/results/web-dashboard-failed.png');
      mkdirSync(dirname(shot), { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
      throw new Error(`${path}: the charts not drawn after 30 s at ${page.url()}; screenshot ${shot}${problems.map((p) => `\n  ${p}`).join('')}`);
    });
  const [ms, figuresMs] = (await handle.jsonValue()) as [number, number];
  const [rollupAsked, rollupMs, chunkMs] = await page.evaluate(() => {
    const entries = (globalThis as any).performance.getEntriesByType('resource') as { name: string; startTime: number; responseEnd: number }[];
    const last = (re: RegExp) => entries.filter((e) => re.test(e.name)).pop();
    const rollup = last(/\/api\/v1\/rollups/);
    return [rollup?.startTime ?? NaN, rollup?.responseEnd ?? NaN, last(/\/assets\/DashboardCharts-/)?.responseEnd ?? NaN];
  });
  await page.close();
  return { ms, figuresMs, rollupAsked, rollupMs, chunkMs, files };
}

async function main(): Promise<void> {
  await withWebBench('web-dash', TASKS, async ({ baseURL, browser, users, password }) => {
    const secretariat = users.find((u) => u.role === 'secretariat');
    if (!secretariat) throw new Error('the dataset has no secretariat');

    const lines: string[] = [];
    let chartFiles: string[] = [];
    let allFiles: string[] = [];
    for (const c of [
      { label: 'today, /dashboard', path: '/dashboard' },
      { label: `a past day, /dashboard?asOf=${PAST_DAY}`, path: `/dashboard?asOf=${PAST_DAY}` },
    ]) {
      // cold: a new context each time, so nothing is in the HTTP cache (the sign-in cookie only);
      // the first run of each case also finds the server's roll-up cache empty
      const cold: Run[] = [];
      for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
        const context = await signedInContext(browser, baseURL, secretariat, password);
        cold.push(await measure(context, c.path));
        await context.close();
      }
      const context = await signedInContext(browser, baseURL, secretariat, password);
      await measure(context, c.path);
      const warm: Run[] = [];
      for (let i = 0; i < RUNS; i++) warm.push(await measure(context, c.path));
      await context.close();
      allFiles = [...new Set(cold[cold.length - 1].files)];
      chartFiles = allFiles.filter((f) => CHART_CHUNK.test(f));
      const [first, ...rest] = cold;
      lines.push(
        `${c.label}: charts drawn in ${median(rest.map((r) => r.ms)).toFixed(0)} ms cold (median of ${rest.length}: ${list(rest.map((r) => r.ms))}), ` +
          `${median(warm.map((r) => r.ms)).toFixed(0)} ms warm (median of ${warm.length}: ${list(warm.map((r) => r.ms))}); ` +
          `first visit after the server started (roll-up computed, not cached): ${first.ms.toFixed(0)} ms`,
        `  cold (medians): figures on screen at ${median(rest.map((r) => r.figuresMs)).toFixed(0)} ms, roll-up asked at ${median(rest.map((r) => r.rollupAsked)).toFixed(0)} ms, answered at ${median(rest.map((r) => r.rollupMs)).toFixed(0)} ms ` +
          `(first visit: ${first.rollupMs.toFixed(0)} ms), chart chunk loaded at ${median(rest.map((r) => r.chunkMs)).toFixed(0)} ms; ` +
          `warm: figures at ${median(warm.map((r) => r.figuresMs)).toFixed(0)} ms`,
      );
    }
    const sizes = allFiles.map(sizeOf);
    const sum = (xs: { gzip: number }[]) => xs.reduce((t, s) => t + s.gzip, 0);
    const charts = chartFiles.map(sizeOf);
    console.log(`\nDashboard page, ${TASKS.toLocaleString('en')} tasks, Chromium headless at 1366×768, as the secretariat (target: charts drawn < 1500 ms)`);
    for (const line of lines) console.log(line);
    console.log(
      `lazy chart chunk (ECharts): ${charts.map((s) => `${s.file} ${kb(s.gzip)} gzip, ${kb(s.brotli)} brotli, ${kb(s.raw)} raw`).join('; ') || 'not requested?'}`,
    );
    console.log(`JS+CSS loaded before the charts were drawn: ${kb(sum(sizes))} gzip in ${sizes.length} files`);
    for (const s of sizes.sort((a, b) => b.gzip - a.gzip)) console.log(`    ${kb(s.gzip).padStart(9)}  ${s.file}`);
  });
}

process.once('SIGINT', () => {
  killAll();
  process.exit(130);
});
main().catch((error) => {
  killAll();
  console.error(`web-dashboard failed: ${error?.message ?? error}`);
  process.exit(1);
});
