import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startTestApp, TestEnv } from './support/test-app';

/**
 * The API serves the built web pages at / (apps/api/src/http/web-pages.ts): files as built,
 * index.html for any page route a browser asks for, the API's own paths untouched.
 */
describe('web pages served by the API', () => {
  const INDEX = '<!doctype html><html lang="vi"><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
  const SCRIPT = 'console.log("trang");';
  const BIG_SCRIPT = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `Nhiệm vụ số ${i}`))};`;
  let dist: string;
  let env: TestEnv;
  const html = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), SCRIPT);
    // as scripts/compress-web.js leaves a built asset: its Brotli and gzip copies beside it
    writeFileSync(join(dist, 'assets', 'big-def456.js'), BIG_SCRIPT);
    writeFileSync(join(dist, 'assets', 'big-def456.js.br'), brotliCompressSync(BIG_SCRIPT));
    writeFileSync(join(dist, 'assets', 'big-def456.js.gz'), gzipSync(BIG_SCRIPT));
    env = await startTestApp({}, { webDistDir: dist });
  });
  afterAll(async () => {
    await env.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers index.html at / with no-cache and the content security policy', async () => {
    const res = await env.http().get('/').set(html).expect(200);
    expect(res.text).toBe(INDEX);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await env.http().get('/assets/index-abc123.js').expect(200);
    expect(res.text).toBe(SCRIPT);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends the compressed copy a browser accepts, and the file itself to a client that accepts none', async () => {
    const brotli = await env.http().get('/assets/big-def456.js').set('Accept-Encoding', 'br, gzip').expect(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(brotli.headers['content-length'])).toBe(brotliCompressSync(BIG_SCRIPT).length);
    expect(brotli.text).toBe(BIG_SCRIPT); // superagent decodes Brotli too

    const gzip = await env.http().get('/assets/big-def456.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.text).toBe(BIG_SCRIPT); // superagent unzips

    const plain = await env.http().get('/assets/big-def456.js').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(BIG_SCRIPT);
  });

  it('answers index.html for a page route a browser reloads (history fallback), query string included', async () => {
    for (const path of ['/tasks?mine=1', '/tasks/5b1f7a52-8a35-4f5e-9d55-9d7a0e4d2c11', '/notifications', '/login']) {
      const res = await env.http().get(path).set(html).expect(200);
      expect(res.text).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('keeps the JSON 404 for an unknown API path, even when HTML is accepted', async () => {
    for (const path of ['/api/v1/x', '/api/nothing', '/health/x', '/admin/queues/nothing-here']) {
      const res = await env.http().get(path).set(html).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toMatchObject({ statusCode: 404, code: expect.any(String) });
    }
  });

  it('answers 404, not the page, for a missing file asked without text/html', async () => {
    const res = await env.http().get('/assets/missing-123.js').set('Accept', '*/*').expect(404);
    expect(res.text).not.toContain('<div id="root">');
  });

  it('leaves the API, /health and the OpenAPI document as they were', async () => {
    await env.http().get('/health').set(html).expect(200).expect('content-type', /json/);
    await env.http().get('/api/v1/tasks').set(html).expect(401);
    const docs = await env.http().get('/api/docs-json').expect(200);
    expect(docs.body.openapi).toMatch(/^3\./);
  });

  it('says in Vietnamese how to build the pages when they are not built, at / and page routes', async () => {
    const bare = await startTestApp({}, { webDistDir: null });
    try {
      for (const path of ['/', '/tasks']) {
        const res = await bare.http().get(path).set(html).expect(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toContain('Trang web chưa được xây dựng');
        expect(res.text).toContain('npm run build');
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      }
      await bare.http().get('/api/v1/x').set(html).expect(404).expect('content-type', /json/);
    } finally {
      await bare.close();
    }
  });
});
