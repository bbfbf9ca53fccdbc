// npm test's Jest part, in two runs so that it stays short on two cores:
// - every suite but those below, two at a time (each e2e file has its own database and Redis prefix);
// - then, one at a time, the suites that start processes or Redis servers of their own, kill them,
//   time faults, retries or parse limits: they measure time and must not share the cores. Each
//   says so in its first line: `// @runAlone: … why`.
// Both runs always run; the exit code is the first failure's.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// a suite says so itself, by `@runAlone` in its first line (with why), so a new one is not forgotten here
const ALONE = fs
  .readdirSync(path.join(__dirname, '..', 'test'))
  .filter((name) => name.endsWith('.e2e-spec.ts'))
  .filter((name) => /@runAlone\b/.test(fs.readFileSync(path.join(__dirname, '..', 'test', name), 'utf8').split('\n', 1)[0]))
  .sort()
  .map((name) => `test/${name}`);

const jest = require.resolve('jest/bin/jest');
const run = (args) => spawnSync(process.execPath, [jest, ...args], { stdio: 'inherit' }).status ?? 1;

const together = run(['--maxWorkers=2', '--testPathIgnorePatterns', ...ALONE.map((p) => p.replace(/\./g, '\\.'))]);
const alone = ALONE.length ? run(['--runInBand', '--selectProjects', 'e2e', '--runTestsByPath', ...ALONE]) : 0;
process.exit(together || alone);
