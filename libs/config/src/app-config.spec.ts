import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { ConfigError, isPublishedSecret, loadConfig, PUBLISHED_SECRET_DIGESTS, queueSchemaName, webhookConfig } from './app-config';
import { localSecretsFile } from './local-secrets';

const ROOT = join(__dirname, '../../..');
/** A production environment whose every secret is good (made for this run): each test spoils one. */
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(36).toString('base64url'),
  ADMIN_EMAIL: 'admin@province.gov.vn',
  ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
};
/** A value of this run with a placeholder word in it, and one too short for production. */
const withPlaceholder = (length: number) => `${randomBytes(length).toString('hex').slice(0, length - 10)}-change-me`;
const tooShort = randomBytes(5).toString('hex');

function refusal(env: NodeJS.ProcessEnv): Error {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).not.toContain('\n');
    return e as Error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'steering-config-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the queues on Redis by default, on PostgreSQL with REDIS_URL=embedded, in a schema of QUEUE_PREFIX', () => {
    expect(loadConfig({ DATA_DIR: dataDir })).toMatchObject({ queueBackend: 'redis', queueSchema: 'queues_steering' });
    expect(loadConfig({ DATA_DIR: dataDir, REDIS_URL: 'redis://cache.local:6380' })).toMatchObject({ queueBackend: 'redis', redisUrl: 'redis://cache.local:6380' });
    expect(loadConfig({ DATA_DIR: dataDir, REDIS_URL: ' embedded ', QUEUE_PREFIX: 'Bench-1.x' })).toMatchObject({ queueBackend: 'postgres', queueSchema: 'queues_bench_1_x' });
    expect(queueSchemaName('p'.repeat(80))).toHaveLength(63);
    expect(refusal({ DATA_DIR: dataDir, REDIS_URL: 'embeded' }).message).toContain('REDIS_URL');
  });

  it('gives every variable of CONTRACT.md a working default', () => {
    const c = loadConfig({ DATA_DIR: dataDir });
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/steering');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.trustProxy).toBe(false);
    expect(c.corsOrigins).toEqual([]);
    expect(c.businessTimeZone).toBe('Asia/Ho_Chi_Minh');
    expect(c.reminderCron).toBe('0 7 * * *');
    expect(c.smtpUrl).toBeUndefined();
    expect(c.webhookUrl).toBeUndefined();
    expect(c.reminderDaysBefore).toEqual([7, 3, 1]);
    expect(c.jwtExpiresIn).toBe('12h');
  });

  it('reads the delivery, morning-run, escalation, log and web-page variables too, and names a bad one', () => {
    const c = loadConfig({ DATA_DIR: dataDir });
    expect(c.delivery).toEqual({ attempts: 6, backoffMs: 60_000, retryHorizonHours: 24, retryMaxDelayMs: 3_600_000, sweepEveryMs: 5_000, concurrency: 5, lockMs: 30_000, stalledCheckMs: 30_000 });
    expect(c.reminderRuns).toEqual({ checkCron: '30 * * * *', reassertEveryMs: 300_000, maxStalls: 10 });
    expect(c.escalationLadder.map((s) => s.overdueDays)).toEqual([1, 7, 30]);
    expect([c.logLevel, c.webDistDir]).toEqual(['info', undefined]);
    const set = loadConfig({ DATA_DIR: dataDir, DELIVERY_CONCURRENCY: '2', REMINDER_MAX_STALLS: '3', REMINDER_ESCALATION: 'none', LOG_LEVEL: 'WARN', WEB_DIST_DIR: 'pages' });
    expect([set.delivery.concurrency, set.reminderRuns.maxStalls, set.escalationLadder, set.logLevel, set.webDistDir]).toEqual([2, 3, [], 'warn', join(process.cwd(), 'pages')]);
    expect(refusal({ DATA_DIR: dataDir, WORKER_LOCK_MS: '10' }).message).toBe('WORKER_LOCK_MS must be a whole number ≥ 500, got "10"');
    expect(refusal({ DATA_DIR: dataDir, REMINDER_CHECK_CRON: 'hourly' }).message).toMatch(/^REMINDER_CHECK_CRON is not a cron expression/);
    expect(refusal({ DATA_DIR: dataDir, REMINDER_ESCALATION: '7:mayor' }).message).toMatch(/^REMINDER_ESCALATION must list steps/);
    expect(refusal({ DATA_DIR: dataDir, LOG_LEVEL: 'loud' }).message).toBe('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
  });

  it('keeps the read caches on unless READ_CACHES=off, and refuses any other word', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).readCaches).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir, READ_CACHES: ' OFF ' }).readCaches).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir, READ_CACHES: 'on' }).readCaches).toBe(true);
    expect(refusal({ DATA_DIR: dataDir, READ_CACHES: 'no' }).message).toContain('READ_CACHES');
  });

  it('outside production makes a random JWT secret at first start and keeps it, readable by its owner only', () => {
    const first = loadConfig({ DATA_DIR: dataDir }).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(48);
    expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(first);
    const other = mkdtempSync(join(tmpdir(), 'steering-config-'));
    try {
      expect(loadConfig({ DATA_DIR: other }).jwtSecret).not.toBe(first);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    expect(statSync(localSecretsFile(dataDir)).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(localSecretsFile(dataDir), 'utf8')).JWT_SECRET).toBe(first);
  });

  it('has no default admin: the first admin comes from ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    const c = loadConfig({ DATA_DIR: dataDir });
    expect(c.adminEmail).toBeUndefined();
    expect(c.adminPassword).toBeUndefined();
    expect(refusal({ DATA_DIR: dataDir, ADMIN_EMAIL: 'a@b.vn' }).message).toMatch(/^ADMIN_PASSWORD /);
    expect(refusal({ DATA_DIR: dataDir, ADMIN_PASSWORD: 'long-enough-password' }).message).toMatch(/^ADMIN_EMAIL /);
  });

  it('listens on every interface only in production or when HOST says so', () => {
    expect(loadConfig({ ...PRODUCTION }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATA_DIR: dataDir, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('reads TRUST_PROXY as Fastify takes it', () => {
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy).toBe('10.0.0.1,10.1.0.0/16');
  });

  it('accepts a production environment with its own secrets', () => {
    const c = loadConfig({ ...PRODUCTION });
    expect(c.jwtSecret).toBe(PRODUCTION.JWT_SECRET);
    expect(c.adminPassword).toBe(PRODUCTION.ADMIN_PASSWORD);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT /],
    [{ PORT: '70000' }, /^PORT /],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL /],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL /],
    [{ REDIS_URL: 'http://x' }, /^REDIS_URL /],
    [{ JWT_SECRET: 'short' }, /^JWT_SECRET /],
    [{ JWT_EXPIRES_IN: 'forever' }, /^JWT_EXPIRES_IN /],
    [{ JWT_EXPIRES_IN: '90d' }, /^JWT_EXPIRES_IN /],
    [{ JWT_EXPIRES_IN: '10s' }, /^JWT_EXPIRES_IN /],
    [{ TZ_BUSINESS: 'Mars/Olympus' }, /^TZ_BUSINESS /],
    [{ REMINDER_CRON: 'every morning' }, /^REMINDER_CRON /],
    [{ SMTP_URL: 'ftp://x' }, /^SMTP_URL /],
    [{ NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/x' }, /^NOTIFY_WEBHOOK_SECRET /],
    [{ NOTIFY_WEBHOOK_URL: 'ftp://127.0.0.1:9/x', NOTIFY_WEBHOOK_SECRET: 'long-enough-secret' }, /^NOTIFY_WEBHOOK_URL /],
    [{ NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/x', NOTIFY_WEBHOOK_SECRET: 'whsec_not base64!' }, /^NOTIFY_WEBHOOK_SECRET /],
    [{ ADMIN_EMAIL: 'nobody', ADMIN_PASSWORD: 'long-enough-password' }, /^ADMIN_EMAIL /],
    [{ ADMIN_EMAIL: 'a@b.vn', ADMIN_PASSWORD: 'short' }, /^ADMIN_PASSWORD /],
    [{ REMINDER_DAYS_BEFORE: '7,x' }, /^REMINDER_DAYS_BEFORE /],
    [{ TRUST_PROXY: 'everyone' }, /^TRUST_PROXY /],
    [{ CORS_ORIGINS: 'tracker.example.gov.vn' }, /^CORS_ORIGINS /],
    [{ CORS_ORIGINS: 'https://a.vn/path' }, /^CORS_ORIGINS /],
  ])('refuses %j with one line naming the variable', (env, pattern) => {
    expect(refusal({ DATA_DIR: dataDir, ...env }).message).toMatch(pattern);
  });

  it.each([
    ['JWT_SECRET', undefined, /^JWT_SECRET is required/],
    ['JWT_SECRET', 'only-twenty-chars-xx', /^JWT_SECRET must be at least 32/],
    ['JWT_SECRET', withPlaceholder(40), /^JWT_SECRET is a value printed/],
    ['ADMIN_PASSWORD', tooShort, /^ADMIN_PASSWORD must be at least 12/],
    ['ADMIN_PASSWORD', withPlaceholder(20), /^ADMIN_PASSWORD is a value printed/],
  ])('in production refuses %s=%s (missing, short or documented)', (name, value, pattern) => {
    expect(refusal({ ...PRODUCTION, [name]: value }).message).toMatch(pattern);
  });

  it('knows a value printed in the repository by its digest alone', () => {
    const value = randomBytes(24).toString('base64url');
    const digests = [createHash('sha256').update(value).digest('hex')];
    expect(isPublishedSecret(value, digests)).toBe(true);
    expect(isPublishedSecret(`${value}x`, digests)).toBe(false);
    expect(PUBLISHED_SECRET_DIGESTS.every((d) => /^[0-9a-f]{64}$/.test(d))).toBe(true);
    // the current test secret is no published value
    expect(isPublishedSecret(PRODUCTION.JWT_SECRET)).toBe(false);
  });

  it('the README, compose file and .env.example print no secret value, only references to .env', () => {
    // NAME=value or NAME: value, not a ${NAME:?…} reference
    const assignment = /(?<![{\w])(JWT_SECRET|ADMIN_PASSWORD|NOTIFY_WEBHOOK_SECRET|POSTGRES_(?:APP_)?PASSWORD|REDIS_PASSWORD)[ \t]*[=:][ \t]*["'`]?([^\s"'`|,)]+)/g;
    const printed: string[] = [];
    for (const file of ['README.md', 'docker-compose.yml', '.env.example']) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const [, name, value] of text.matchAll(assignment)) {
        if (!value.startsWith('${') && !value.startsWith('<')) printed.push(`${file}: ${name}=${value}`);
      }
    }
    expect(printed).toEqual([]);
  });

  it('docker-compose.yml takes every secret from .env and refuses to start without it', () => {
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    for (const name of ['JWT_SECRET', 'ADMIN_PASSWORD', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD']) {
      expect(compose).toMatch(new RegExp(`\\$\\{${name}:\\?`));
    }
    expect(compose).not.toMatch(/:-[^}]*(secret|password|change)/i);
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    for (const name of ['JWT_SECRET', 'ADMIN_PASSWORD', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD']) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });

  describe('webhook', () => {
    const refusal = (env: NodeJS.ProcessEnv, nodeEnv: string) => {
      try {
        webhookConfig(env, nodeEnv);
      } catch (e) {
        return e;
      }
      return undefined;
    };

    it('requires https for NOTIFY_WEBHOOK_URL when NODE_ENV=production, naming the variable', () => {
      const error = refusal({ NOTIFY_WEBHOOK_URL: 'http://hooks.example.gov.vn/steering', NOTIFY_WEBHOOK_SECRET: 'a-long-webhook-secret' }, 'production');
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe('NOTIFY_WEBHOOK_URL must start with https:// when NODE_ENV=production, got "http://hooks.example.gov.vn/steering"');
      expect(webhookConfig({ NOTIFY_WEBHOOK_URL: 'https://hooks.example.gov.vn/steering', NOTIFY_WEBHOOK_SECRET: 'a-long-webhook-secret' }, 'production')).toEqual({
        webhookUrl: 'https://hooks.example.gov.vn/steering',
        webhookSecret: 'a-long-webhook-secret',
      });
    });

    it('accepts http outside production, and a whsec_ secret that is base64', () => {
      const whsec = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
      expect(webhookConfig({ NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/x', NOTIFY_WEBHOOK_SECRET: whsec }, 'development')).toEqual({
        webhookUrl: 'http://127.0.0.1:9/x',
        webhookSecret: whsec,
      });
      expect(refusal({ NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/x', NOTIFY_WEBHOOK_SECRET: 'whsec_' }, 'development')).toBeInstanceOf(ConfigError);
    });
  });
});
