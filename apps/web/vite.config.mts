import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The libraries' entries the pages may import (README, Layout): no wildcard, no library's index that loads NestJS. */
const LIBRARY_ENTRIES = {
  '@app/common/plain': '../../libs/common/src/plain.ts',
  '@app/deadlines': '../../libs/deadlines/src/index.ts',
  '@app/tasks/words': '../../libs/tasks/src/task-words.ts',
  '@app/meetings/columns': '../../libs/meetings/src/summary-columns.ts',
};
/** The running API `npm run dev:web` forwards /api and /health to (API_URL to change). */
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

/**
 * Forwarded as if the page were served by the API itself: the API refuses a change signed by the
 * session cookie whose Origin is not its own (403 CROSS_SITE_REQUEST), and the dev server's
 * origin (http://localhost:5173) is not.
 */
const toApi = {
  target: api,
  changeOrigin: true,
  configure: (proxy: { on: (event: 'proxyReq', listener: (request: { setHeader: (name: string, value: string) => void; getHeader: (name: string) => unknown }) => void) => void }) => {
    proxy.on('proxyReq', (request) => {
      if (request.getHeader('origin')) request.setHeader('origin', new URL(api).origin);
    });
  },
};

/**
 * The web pages (apps/web): built into apps/web/dist, which the API serves at / (WEB_DIST_DIR
 * overrides). `npm run dev:web` runs Vite's dev server against an API running on port 3000.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // the libraries' entries the pages share with the server, the same as apps/web/tsconfig.json's paths:
  // each one imports nothing heavier than itself (the plan page parses deadlines as the server does)
  resolve: { alias: Object.entries(LIBRARY_ENTRIES).map(([name, file]) => ({ find: new RegExp(`^${name}$`), replacement: fileURLToPath(new URL(file, import.meta.url)) })) },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // the API's CSP allows no inline script: keep every asset a file, none inlined as data: scripts
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // the libraries every page needs in their own long-cached chunks; each route's own code
        // is a lazy chunk (React.lazy in routes.tsx), so the task list loads only what it shows
        manualChunks(id: string) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          if (/node_modules\/(@tanstack|openapi-fetch)\//.test(id)) return 'data';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    // the pages share the words of statuses and timeliness, the summary's columns and the deadline parser with the server
    fs: { allow: ['.', '../../libs/tasks/src/task-words.ts', '../../libs/meetings/src/summary-columns.ts', '../../libs/deadlines/src', '../../libs/common/src'] },
    proxy: { '/api': toApi, '/health': toApi },
  },
});
