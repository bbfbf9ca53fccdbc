import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Secrets a local (non-production) install makes for itself at first start and keeps, so no
 * two installs share a secret printed anywhere, and tokens survive a restart. Kept in
 * `<DATA_DIR>/local-secrets.json` (ignored by git, readable by its owner only). Production
 * never reads this file: there every secret comes from the environment (README, Security).
 */
export function localSecretsFile(dataDir: string): string {
  return join(dataDir, 'local-secrets.json');
}

/**
 * The kept value of `name`, made from `bytes` random bytes (base64url) and saved on first use:
 * 48 for keys, 12 (16 characters, 96 bits) for passwords a person types.
 */
export function localSecret(dataDir: string, name: string, bytes = 48): string {
  const file = localSecretsFile(dataDir);
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!secrets[name]) {
    secrets[name] = randomBytes(bytes).toString('base64url');
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  }
  return secrets[name];
}
