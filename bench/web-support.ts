/**
 * What the page benchmarks (web-task-list.ts, web-dashboard.ts) share: the BUILT API serving the
 * BUILT pages on a fresh bench dataset, Debian's Chromium, signed-in contexts, and the sizes of
 * the files a page asked for. Everything started is stopped and dropped, whatever happens.
 */
import { Browser, BrowserContext, chromium } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { BENCH_QUEUE_PREFIX, deleteBenchRedisKeys, freePort, HOST, startServer } from './api-support';
import { BENCH_SERVER_URL, BenchUser, seedDataset } from './dataset';

const ROOT = join(__dirname, '..');
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
export const WEB_DIST = join(ROOT, 'apps/web/dist');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The sizes of a dist file the page asked for: raw, gzip -9 and brotli (as the API sends it precompressed). */
export function sizeOf(url: string): { file: string; raw: number; gzip: number; brotli: number } {
  const file = decodeURIComponent(new URL(url).pathname);
  const path = join(WEB_DIST, file);
  if (!existsSync(path)) throw new Error(`the page asked for ${file}, which is not in ${WEB_DIST}`);
  const bytes = readFileSync(path);
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length };
}

export async function signedInContext(browser: Browser, baseURL: string, user: BenchUser, password: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const res = await context.request.post('/api/v1/auth/login?cookie=true', { data: { email: user.email, password } });
  if (!res.ok()) throw new Error(`sign-in of ${user.email}: ${res.status()} ${await res.text()}`);
  return context;
}

export interface WebBench {
  baseURL: string;
  browser: Browser;
  /** The dataset's users and their shared password. */
  users: BenchUser[];
  password: string;
}

/** Seeds `tasks` tasks, serves them with the built API and pages, launches Chromium, runs `body`, then removes it all. */
export async function withWebBench(name: string, tasks: number, body: (bench: WebBench) => Promise<void>): Promise<void> {
  if (!existsSync(API_MAIN) || !existsSync(join(WEB_DIST, 'index.html'))) throw new Error('the API or the pages are not built: npm run build');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  console.log(`seeding ${tasks.toLocaleString('en')} tasks…`);
  const data = await seedDataset(BENCH_SERVER_URL, { tasks, log: (line) => console.log(`  ${line}`) });
  const queuePrefix = `${BENCH_QUEUE_PREFIX}${name}-${randomBytes(4).toString('hex')}`;
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const port = await freePort();
    server = await startServer('api', [API_MAIN], {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      DATABASE_URL: data.url,
      DATABASE_APP_URL: data.appUrl,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      PORT: String(port),
      HOST,
      JWT_SECRET: randomBytes(36).toString('base64url'),
      WEB_DIST_DIR: WEB_DIST,
      LOG_LEVEL: 'warn',
    }, port);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    await body({ baseURL: server.url, browser, users: data.users, password: data.password });
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await deleteBenchRedisKeys(REDIS_URL, [queuePrefix]).catch((e) => console.error(`Redis cleanup: ${e.message}`));
    await data.drop();
    console.log(`dropped ${data.name}`);
  }
}
