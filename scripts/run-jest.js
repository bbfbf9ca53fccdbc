// npm test's Jest part, in two runs so that it stays short on two cores:
// - every suite but those below, two at a time (each e2e file has its own database and Redis prefix);
// - then, one at a time, the suites that start processes or Redis servers of their own, kill them,
//   time faults, retries or parse limits: they measure time and must not share the cores.
// Both runs always run; the exit code is the first failure's.
const { spawnSync } = require('node:child_process');

const ALONE = [
  'cookie-sign-in', 'database-role', 'delivery-retries', 'escalation-ladder', 'http-hardening', 'import-limits',
  'notifications-delivery', 'outages', 'parallel-writes', 'processes', 'reminder-runs-crash', 'reminder-schedules-redis',
  'reminders-crash', 'reminders-scheduler', 'sign-in-throttle', 'two-of-each', 'version-races', 'webhook-retries', 'webhook-signing',
].map((name) => `test/${name}.e2e-spec.ts`);

const jest = require.resolve('jest/bin/jest');
const run = (args) => spawnSync(process.execPath, [jest, ...args], { stdio: 'inherit' }).status ?? 1;

const together = run(['--maxWorkers=2', '--testPathIgnorePatterns', ...ALONE.map((p) => p.replace(/\./g, '\\.'))]);
const alone = run(['--runInBand', '--selectProjects', 'e2e', '--runTestsByPath', ...ALONE]);
process.exit(together || alone);
