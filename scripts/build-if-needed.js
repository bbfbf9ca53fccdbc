// Builds the apps when dist/ is missing or older than any source file.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entries = ['dist/apps/api/apps/api/src/main.js', 'dist/apps/worker/apps/worker/src/main.js'].map((p) => path.join(root, p));

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const built = entries.every((e) => fs.existsSync(e)) ? Math.min(...entries.map((e) => fs.statSync(e).mtimeMs)) : 0;
  const sources = Math.max(...['apps', 'libs', 'migrations'].map((d) => newestSource(path.join(root, d))));
  if (built > sources) return;
  console.log('building…');
  execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
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
