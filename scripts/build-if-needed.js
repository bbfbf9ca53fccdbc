// Builds the apps when a build is missing or older than any source file: the API and the worker
// (dist/), and the web pages (apps/web/dist, from apps/web's .ts/.tsx/.css/.html sources).
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const SOURCE = /\.(ts|tsx|mts|css|html)$/;
// build output and the browser tests are not sources of the build
const NOT_SOURCES = new Set(['node_modules', 'dist', 'e2e']);

function newestSource(dir) {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!NOT_SOURCES.has(entry.name)) newest = Math.max(newest, newestSource(full));
    } else if (SOURCE.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when a build output is missing or older than a source. */
function stale(outputs, sourceDirs) {
  const files = outputs.map((p) => path.join(root, p));
  const built = files.every((f) => fs.existsSync(f)) ? Math.min(...files.map((f) => fs.statSync(f).mtimeMs)) : 0;
  return built <= Math.max(...sourceDirs.map((d) => newestSource(path.join(root, d))));
}

function buildIfNeeded() {
  // an image holds the build and no sources (Dockerfile): nothing to compare, nothing to build
  if (!fs.existsSync(path.join(root, 'apps'))) return;
  const serverDirs = [...fs.readdirSync(path.join(root, 'apps')).filter((d) => d !== 'web').map((d) => `apps/${d}`), 'libs', 'migrations'];
  const server = stale(['dist/apps/api/apps/api/src/main.js', 'dist/apps/worker/apps/worker/src/main.js'], serverDirs);
  const web = stale(['apps/web/dist/index.html'], ['apps/web']);
  if (!server && !web) return;
  console.log('building…');
  // npm run build is the API, the worker and the pages; only the pages when only they changed
  execSync(server ? 'npm run build --silent' : 'npm run build:web --silent', { cwd: root, stdio: 'inherit' });
}

/** Loads a compiled module of a lib from the API's build, e.g. lib('config'). */
function lib(name) {
  return require(path.join(root, 'dist/apps/api/libs', name, 'src'));
}

function loadConfigOrExit() {
  const { configOrExit, loadConfig } = lib('config');
  return configOrExit(() => loadConfig());
}

module.exports = { root, buildIfNeeded, lib, loadConfigOrExit };
