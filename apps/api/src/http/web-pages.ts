import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where Vite writes the built pages, from the repository's root (apps/web/vite.config). */
const WEB_DIST = 'apps/web/dist';

/** Paths that belong to the API, never to the pages: an unknown one keeps the JSON 404. */
const API_PATHS = ['/api', '/health', '/admin/queues'];

/** Hashed file names (Vite's `assets/index-3f9c1a.js`): a new build makes new names, so they may be kept a year. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * The built web pages' folder: the configured one (WEB_DIST_DIR, libs/config), else apps/web/dist
 * found from the source or the build (dist/apps/api/apps/api/src/… walks up to the repository),
 * or null when not built.
 */
export function webDistDir(configured?: string): string | null {
  if (configured) return configured;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, WEB_DIST);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return null;
}

/** Said at / when the pages were never built (a developer's `npm run start:api` before `npm run build`). */
const NOT_BUILT_PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Chưa có trang web</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><h1>Trang web chưa được xây dựng</h1>
<p>Máy chủ đang chạy nhưng chưa có các trang web. Hãy chạy <code>npm run build</code> (hoặc <code>npm start</code>) rồi khởi động lại máy chủ.</p>
<p>API vẫn dùng được tại <a href="/api/v1">/api/v1</a>; tài liệu tại <a href="/api/docs">/api/docs</a>.</p>
</body></html>
`;

const isApiPath = (url: string) => {
  const path = url.split('?', 1)[0];
  return API_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
};

/** A browser navigating (a reload, a pasted link): it asks for HTML. A script's fetch of a missing file does not. */
const wantsPage = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

/**
 * Serves the web pages at /: each built file at its path, and index.html for any other page
 * route a browser asks for (history fallback: /tasks/123 reloaded lands in the app, whose router
 * shows it). Anything under the API's paths, and any non-HTML request for a missing path, goes
 * to the JSON 404. index.html is never kept by caches (it names the current build's assets);
 * the hashed assets are kept a year. Without a built folder, the fallback is a short page
 * saying how to build it. Register after helmet: its headers (the CSP) cover these answers too.
 */
export async function webPages(fastify: FastifyInstance, options: { root: string | null }): Promise<void> {
  const { root } = options;
  if (root) {
    await fastify.register(fastifyStatic, {
      root,
      prefix: '/',
      // a route per file found at start (the build is made before), so a missing path falls to the fallback below
      wildcard: false,
      index: false,
      // the .br and .gz copies the build writes beside each asset (scripts/compress-web.js)
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply: FastifyReply, path: string) => {
        reply.header('cache-control', path.startsWith(join(root, 'assets')) ? ASSET_CACHE : 'no-cache');
      },
    });
  }
  fastify.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    handler: (request, reply) => {
      if (isApiPath(request.url) || !wantsPage(request)) return reply.callNotFound();
      reply.header('cache-control', 'no-cache');
      if (root) return reply.sendFile('index.html', root, { cacheControl: false });
      return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    },
  });
  // `/*` does not match `/` itself
  fastify.route({
    method: ['GET', 'HEAD'],
    url: '/',
    handler: (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      if (root) return reply.sendFile('index.html', root, { cacheControl: false });
      return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    },
  });
}
