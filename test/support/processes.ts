import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/** Runs an app's main.ts in its own process (ts-node, no build needed), with the given environment. */
export function startProcess(app: 'api' | 'worker', env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, `apps/${app}/src/main.ts`)],
    { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  ) as ChildProcess & { output: () => string };
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  child.output = () => output;
  return child;
}

export function waitForOutput(child: ReturnType<typeof startProcess>, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (pattern.test(child.output())) done(resolve);
      else if (child.exitCode !== null) done(() => reject(new Error(`exited ${child.exitCode} before ${pattern}: ${child.output()}`)));
    }, 50);
    const limit = setTimeout(() => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms: ${child.output()}`))), timeoutMs);
    const done = (fn: () => void) => {
      clearInterval(timer);
      clearTimeout(limit);
      fn();
    };
  });
}

export function waitForExit(child: ChildProcess, timeoutMs = 15_000): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(limit);
      resolve(code);
    });
  });
}
