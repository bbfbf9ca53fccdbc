/**
 * The environment of CONTRACT.md, validated once at start. A bad value throws a
 * ConfigError whose message is one line naming the variable; main() prints it and exits.
 */
export class ConfigError extends Error {}

export interface AppConfig {
  nodeEnv: string;
  databaseUrl: string;
  redisUrl: string;
  port: number;
  adminEmail?: string;
  adminPassword?: string;
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
}

const DEV_JWT_SECRET = 'dev-only-secret-change-me';

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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const portText = env.PORT?.trim() || '3000';
  if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw new ConfigError(`PORT must be a port number between 1 and 65535, got "${portText}"`);
  }
  const jwtSecret = env.JWT_SECRET?.trim();
  if (!jwtSecret && nodeEnv === 'production') {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  }
  if (jwtSecret && jwtSecret.length < 16) {
    throw new ConfigError('JWT_SECRET must be at least 16 characters long');
  }
  // Outside production a local default admin lets `npm start` give a working login at once.
  const devDefaults = nodeEnv !== 'production' && !env.ADMIN_EMAIL && !env.ADMIN_PASSWORD;
  const adminEmail = env.ADMIN_EMAIL?.trim() || (devDefaults ? 'admin@steering.local' : undefined);
  const adminPassword = env.ADMIN_PASSWORD || (devDefaults ? 'admin12345' : undefined);
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError(`ADMIN_EMAIL is not an e-mail address: "${adminEmail}"`);
  }
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 8 characters long');
  }
  const webhookUrl = url(env, 'NOTIFY_WEBHOOK_URL', ['http:', 'https:']);
  const webhookSecret = env.NOTIFY_WEBHOOK_SECRET || undefined;
  if (webhookUrl && !webhookSecret) {
    throw new ConfigError('NOTIFY_WEBHOOK_SECRET is required when NOTIFY_WEBHOOK_URL is set');
  }
  const repeatText = env.REMINDER_OVERDUE_REPEAT_DAYS?.trim() || '7';
  if (!/^\d+$/.test(repeatText) || Number(repeatText) < 1) {
    throw new ConfigError(`REMINDER_OVERDUE_REPEAT_DAYS must be a whole number of days ≥ 1, got "${repeatText}"`);
  }
  return {
    nodeEnv,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://postgres@127.0.0.1:5432/steering')!,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379')!,
    port: Number(portText),
    adminEmail,
    adminPassword,
    jwtSecret: jwtSecret || DEV_JWT_SECRET,
    jwtExpiresIn: env.JWT_EXPIRES_IN?.trim() || '12h',
    businessTimeZone: validTimeZone('TZ_BUSINESS', env.TZ_BUSINESS?.trim() || 'Asia/Ho_Chi_Minh'),
    reminderCron: cron('REMINDER_CRON', env.REMINDER_CRON || '0 7 * * *'),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM?.trim() || 'Ban Chỉ đạo <no-reply@localhost>',
    webhookUrl,
    webhookSecret,
    queuePrefix: env.QUEUE_PREFIX?.trim() || 'steering',
    reminderDaysBefore: intList('REMINDER_DAYS_BEFORE', env.REMINDER_DAYS_BEFORE || '7,3,1'),
    reminderOverdueRepeatDays: Number(repeatText),
  };
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
