/**
 * The environment of CONTRACT.md, validated once at start. A bad value throws a
 * ConfigError whose message is one line naming the variable; main() prints it and exits.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { ConfigError } from './config-error';
import { DeliverySettings, loadDeliverySettings } from './delivery-settings';
import { DEFAULT_ESCALATION, EscalationStep, parseEscalation } from './escalation-ladder';
import { localSecret } from './local-secrets';
import { loadReminderRunSettings, ReminderRunSettings } from './reminder-run-settings';

export { ConfigError };

export interface AppConfig {
  nodeEnv: string;
  databaseUrl: string;
  /** REDIS_URL; unused when `queueBackend` is 'postgres' (REDIS_URL=embedded). */
  redisUrl: string;
  /**
   * Where the queues, the sign-in throttle and the session marks live: 'redis' (REDIS_URL, the
   * default) or 'postgres' (REDIS_URL=embedded: BullMQ's PostgreSQL backend in the schema
   * `queueSchema`, the throttle and the session marks in tables, all in DATABASE_URL's database).
   */
  queueBackend: QueueBackend;
  /** The PostgreSQL schema of the queues when `queueBackend` is 'postgres': one per QUEUE_PREFIX. */
  queueSchema: string;
  port: number;
  /** The address the API listens on: 127.0.0.1 outside production unless HOST says otherwise. */
  host: string;
  /** Fastify's `trustProxy`: false (default), true, a hop count, or a comma list of addresses/CIDRs. */
  trustProxy: boolean | number | string;
  /** Origins allowed cross-origin access; empty: CORS off. */
  corsOrigins: string[];
  adminEmail?: string;
  adminPassword?: string;
  /** Local data of a non-production install (kept secrets; later the embedded services). */
  dataDir: string;
  jwtSecret: string;
  jwtExpiresIn: string;
  businessTimeZone: string;
  reminderCron: string;
  smtpUrl?: string;
  mailFrom: string;
  webhookUrl?: string;
  webhookSecret?: string;
  /** Redis key prefix of every queue; tests set their own so they never touch another's keys. */
  queuePrefix: string;
  /** Reminder rule day offsets before the due date, e.g. "7,3,1". */
  reminderDaysBefore: number[];
  /** After the first overdue day, overdue notices repeat every this many days. */
  reminderOverdueRepeatDays: number;
  /** REMINDER_ESCALATION: who an overdue task climbs to, and when (libs/reminders/src/reminder-rules.ts). */
  escalationLadder: EscalationStep[];
  /** How the morning run guards itself (REMINDER_CHECK_CRON, REMINDER_SCHEDULES_EVERY_MS, REMINDER_MAX_STALLS). */
  reminderRuns: ReminderRunSettings;
  /** Retries of e-mails and webhook calls, and the worker's timings (DELIVERY_*, WORKER_LOCK_MS, WORKER_STALLED_MS). */
  delivery: DeliverySettings;
  /** LOG_LEVEL: the API's pino level. */
  logLevel: string;
  /** WEB_DIST_DIR resolved: the built web pages the API serves; unset, the API finds apps/web/dist itself. */
  webDistDir?: string;
  /**
   * What the API and the worker connect as (DATABASE_APP_URL): a role that neither is superuser
   * nor owns the tables (libs/database/src/app-role.ts). Unset: DATABASE_URL, the owner, which
   * production refuses (libs/database/src/app-role-check.ts). Migrations always use DATABASE_URL.
   */
  databaseAppUrl?: string;
  /** PostgreSQL cancels an application statement running longer than this (DB_STATEMENT_TIMEOUT_MS). */
  dbStatementTimeoutMs: number;
  /** …and ends an application session left idle inside a transaction this long (DB_IDLE_IN_TRANSACTION_TIMEOUT_MS). */
  dbIdleInTransactionTimeoutMs: number;
  /** Sign-in attempts that may fail before a wait (libs/users/src/login-throttle.ts). */
  loginLimits: LoginLimits;
  /** JWT_EXPIRES_IN validated, in seconds: every token carries exp (5 minutes to 24 hours). */
  jwtExpiresInSeconds: number;
  /** READ_CACHES=off: every read goes to the database (libs/database/src/read-caches.ts); on by default. */
  readCaches: boolean;
}

export type QueueBackend = 'redis' | 'postgres';

/** REDIS_URL's value that runs the queues without Redis (CONTRACT.md). */
export const EMBEDDED_REDIS = 'embedded';

/** `queues_<prefix>`: the prefix lower-cased, any character but a-z, 0-9 and _ made _, at most 63. */
export function queueSchemaName(prefix: string): string {
  return `queues_${prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

export interface LoginLimits {
  /** Per account and client address together, per 15 minutes (then 15 minutes' wait); a success resets it. */
  perAccountAndAddress: number;
  /** Per account from every address, per hour: the slow global limit against guesses spread over many addresses. */
  perAccount: number;
  /** Per client address over every account, per hour (an office behind one address shares it). */
  perAddress: number;
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function tokenLifetime(value: string): number {
  const match = /^(\d{1,6})\s*([smhd]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * DURATION_UNITS[match[2] || 's'] : NaN;
  if (!(seconds >= 300 && seconds <= 86400)) {
    throw new ConfigError(`JWT_EXPIRES_IN must be a duration from 5 minutes to 24 hours such as 12h, 90m or 3600 (seconds), got "${value}"`);
  }
  return seconds;
}

function loginLimit(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim() || String(fallback);
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1) {
    throw new ConfigError(`${name} must be a whole number of sign-in attempts ≥ 1, got "${text}"`);
  }
  return Number(text);
}

/**
 * SHA-256 of every value that was ever printed in this repository as a secret or password (earlier
 * defaults, the compose file, tests): public, so production refuses them. Kept as digests so the
 * list does not print them once more. Placeholder words (PLACEHOLDER) are refused as well.
 */
export const PUBLISHED_SECRET_DIGESTS = [
  'df506c8d8cd83d1a68bacd27f38c71054140d6692a7deb26bb09b6181dab0778',
  'da0a95ca05e330d6568da0c2ec508f8be45c40189bf848aa0364cacb431d1fdd',
  '41e5653fc7aeb894026d6bb7b2db7f65902b454945fa8fd65a6327047b5277fb',
  '51459c23ca91ebce271449dd8b5c26751c99039c2ae4c628067898ca0e104039',
  '1cbb2318f249fb06d166fb4a5b43b6f3a466d6f321980c0d473110c1f1bfbae3',
  '62249369389075490555a758353aec61500c6218fa597252d52dc4bd0148f12d',
];

/** True when `value` is one printed in this repository (its digest is in `digests`). */
export function isPublishedSecret(value: string, digests: readonly string[] = PUBLISHED_SECRET_DIGESTS): boolean {
  return digests.includes(createHash('sha256').update(value).digest('hex'));
}
const PLACEHOLDER = /change[-_ ]?me|replace[-_ ]?me|^(secret|password|example)/i;
/** In production: a JWT secret at least this long (HS256 wants 256 bits), an admin password at least this. */
const MIN_PRODUCTION_SECRET = 32;
const MIN_PRODUCTION_PASSWORD = 12;

/** Production refuses a secret that is missing, short, or published (one line naming the variable). */
function productionSecret(name: string, value: string | undefined, minLength: number): void {
  if (!value) throw new ConfigError(`${name} is required when NODE_ENV=production`);
  if (value.length < minLength) throw new ConfigError(`${name} must be at least ${minLength} characters long when NODE_ENV=production`);
  if (isPublishedSecret(value) || PLACEHOLDER.test(value)) {
    throw new ConfigError(`${name} is a value printed in the documentation or a placeholder: choose your own (e.g. openssl rand -base64 48)`);
  }
}


export const CONFIG = Symbol('APP_CONFIG');

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[], fallback?: string): string | undefined {
  const value = env[name]?.trim() || fallback;
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')}, got "${value}"`);
  }
  return value;
}

function validTimeZone(name: string, value: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw new ConfigError(`${name} is not a known time zone: "${value}"`);
  }
  return value;
}

function cron(name: string, value: string): string {
  const fields = value.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every((f) => /^[\d*,/\-A-Za-z?LW#]+$/.test(f))) {
    throw new ConfigError(`${name} is not a cron expression (e.g. "0 7 * * *"): "${value}"`);
  }
  return value.trim();
}

function intList(name: string, value: string): number[] {
  const items = value.split(',').map((s) => s.trim());
  if (!items.every((s) => /^\d{1,3}$/.test(s))) {
    throw new ConfigError(`${name} must be a comma-separated list of whole days, e.g. "7,3,1": "${value}"`);
  }
  return [...new Set(items.map(Number))].sort((a, b) => b - a);
}

function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim() || String(fallback);
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(`${name} must be a whole number of milliseconds between ${min} and ${max}, got "${text}"`);
  }
  return Number(text);
}

/** Pino's levels: LOG_LEVEL must be one of them. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(value: string | undefined): string {
  const level = value?.trim().toLowerCase() || 'info';
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return level;
}

function trustProxy(value: string | undefined): boolean | number | string {
  const text = value?.trim();
  if (!text || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const items = text.split(',').map((s) => s.trim());
  if (!items.every((s) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(s))) {
    throw new ConfigError(`TRUST_PROXY must be true, false, a number of proxy hops, or a comma list of proxy addresses/CIDRs: "${text}"`);
  }
  return items.join(',');
}

function origins(value: string | undefined): string[] {
  const items = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(item);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== item.replace(/\/$/, '')) {
      throw new ConfigError(`CORS_ORIGINS must be a comma list of origins such as https://tracker.example.gov.vn, got "${item}"`);
    }
  }
  return items.map((s) => s.replace(/\/$/, ''));
}

/**
 * NOTIFY_WEBHOOK_URL and its secret. In production the URL must be https (the calls carry
 * task data, and the signature alone does not hide it). A secret written `whsec_<base64>`
 * (Standard Webhooks' form) must decode; any other secret is used as its UTF-8 bytes.
 */
export function webhookConfig(env: NodeJS.ProcessEnv, nodeEnv: string): Pick<AppConfig, 'webhookUrl' | 'webhookSecret'> {
  const webhookUrl = url(env, 'NOTIFY_WEBHOOK_URL', ['http:', 'https:']);
  if (webhookUrl && nodeEnv === 'production' && new URL(webhookUrl).protocol !== 'https:') {
    throw new ConfigError(`NOTIFY_WEBHOOK_URL must start with https:// when NODE_ENV=production, got "${webhookUrl}"`);
  }
  const webhookSecret = env.NOTIFY_WEBHOOK_SECRET || undefined;
  if (webhookUrl && !webhookSecret) {
    throw new ConfigError('NOTIFY_WEBHOOK_SECRET is required when NOTIFY_WEBHOOK_URL is set');
  }
  if (webhookSecret?.startsWith('whsec_')) {
    const key = webhookSecret.slice('whsec_'.length);
    if (!key || key.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(key)) {
      throw new ConfigError('NOTIFY_WEBHOOK_SECRET starts with whsec_ but the rest is not base64 (Standard Webhooks secret: whsec_ and the base64 of the key)');
    }
  }
  return { webhookUrl, webhookSecret };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const portText = env.PORT?.trim() || '3000';
  if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw new ConfigError(`PORT must be a port number between 1 and 65535, got "${portText}"`);
  }
  const production = nodeEnv === 'production';
  const dataDir = resolve(env.DATA_DIR?.trim() || 'data');
  const jwtSecret = env.JWT_SECRET?.trim();
  if (production) productionSecret('JWT_SECRET', jwtSecret, MIN_PRODUCTION_SECRET);
  else if (jwtSecret && jwtSecret.length < 16) throw new ConfigError('JWT_SECRET must be at least 16 characters long');
  // No default admin here: outside production `npm start` makes one with a kept random
  // password (scripts/start.js); anywhere else the first admin comes from these two variables.
  const adminEmail = env.ADMIN_EMAIL?.trim() || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError(`ADMIN_EMAIL is not an e-mail address: "${adminEmail}"`);
  }
  if (!adminEmail !== !adminPassword) {
    throw new ConfigError(`${adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'} is required when ${adminEmail ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'} is set`);
  }
  if (adminPassword !== undefined) {
    if (production) productionSecret('ADMIN_PASSWORD', adminPassword, MIN_PRODUCTION_PASSWORD);
    else if (adminPassword.length < 8) throw new ConfigError('ADMIN_PASSWORD must be at least 8 characters long');
  }
  const { webhookUrl, webhookSecret } = webhookConfig(env, nodeEnv);
  if (webhookUrl && production) productionSecret('NOTIFY_WEBHOOK_SECRET', webhookSecret, MIN_PRODUCTION_SECRET);
  const repeatText = env.REMINDER_OVERDUE_REPEAT_DAYS?.trim() || '7';
  if (!/^\d+$/.test(repeatText) || Number(repeatText) < 1) {
    throw new ConfigError(`REMINDER_OVERDUE_REPEAT_DAYS must be a whole number of days ≥ 1, got "${repeatText}"`);
  }
  const queueBackend: QueueBackend = env.REDIS_URL?.trim() === EMBEDDED_REDIS ? 'postgres' : 'redis';
  const queuePrefix = env.QUEUE_PREFIX?.trim() || 'steering';
  return {
    nodeEnv,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://postgres@127.0.0.1:5432/steering')!,
    redisUrl: queueBackend === 'postgres' ? 'redis://127.0.0.1:6379' : url(env, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379')!,
    queueBackend,
    queueSchema: queueSchemaName(queuePrefix),
    port: Number(portText),
    host: env.HOST?.trim() || (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    trustProxy: trustProxy(env.TRUST_PROXY),
    corsOrigins: origins(env.CORS_ORIGINS),
    adminEmail,
    adminPassword,
    dataDir,
    // outside production with no JWT_SECRET: a random one made at first start and kept
    jwtSecret: jwtSecret || localSecret(dataDir, 'JWT_SECRET'),
    jwtExpiresIn: env.JWT_EXPIRES_IN?.trim() || '12h',
    businessTimeZone: validTimeZone('TZ_BUSINESS', env.TZ_BUSINESS?.trim() || 'Asia/Ho_Chi_Minh'),
    reminderCron: cron('REMINDER_CRON', env.REMINDER_CRON || '0 7 * * *'),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM?.trim() || 'Ban Chỉ đạo <no-reply@localhost>',
    webhookUrl,
    webhookSecret,
    queuePrefix,
    reminderDaysBefore: intList('REMINDER_DAYS_BEFORE', env.REMINDER_DAYS_BEFORE || '7,3,1'),
    reminderOverdueRepeatDays: Number(repeatText),
    escalationLadder: parseEscalation(env.REMINDER_ESCALATION?.trim() || DEFAULT_ESCALATION),
    reminderRuns: loadReminderRunSettings(env),
    delivery: loadDeliverySettings(env),
    logLevel: logLevel(env.LOG_LEVEL),
    webDistDir: env.WEB_DIST_DIR?.trim() ? resolve(env.WEB_DIST_DIR.trim()) : undefined,
    databaseAppUrl: url(env, 'DATABASE_APP_URL', ['postgres:', 'postgresql:']),
    dbStatementTimeoutMs: milliseconds(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000, 100, 3_600_000),
    dbIdleInTransactionTimeoutMs: milliseconds(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, 1_000, 3_600_000),
    loginLimits: {
      perAccountAndAddress: loginLimit(env, 'LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS', 5),
      perAccount: loginLimit(env, 'LOGIN_FAILURES_PER_ACCOUNT', 100),
      perAddress: loginLimit(env, 'LOGIN_FAILURES_PER_ADDRESS', 100),
    },
    jwtExpiresInSeconds: tokenLifetime(env.JWT_EXPIRES_IN?.trim() || '12h'),
    readCaches: onOff(env, 'READ_CACHES', true),
  };
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const text = env[name]?.trim().toLowerCase();
  if (!text) return fallback;
  if (text !== 'on' && text !== 'off') throw new ConfigError(`${name} must be on or off, got "${env[name]}"`);
  return text === 'on';
}

/** For main(): runs the loaders; a ConfigError prints one line naming the variable and exits 1. */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
