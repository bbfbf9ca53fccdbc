import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives every variable of CONTRACT.md a working default', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/steering');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.port).toBe(3000);
    expect(c.businessTimeZone).toBe('Asia/Ho_Chi_Minh');
    expect(c.reminderCron).toBe('0 7 * * *');
    expect(c.smtpUrl).toBeUndefined();
    expect(c.webhookUrl).toBeUndefined();
    expect(c.reminderDaysBefore).toEqual([7, 3, 1]);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT /],
    [{ PORT: '70000' }, /^PORT /],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL /],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL /],
    [{ REDIS_URL: 'http://x' }, /^REDIS_URL /],
    [{ NODE_ENV: 'production' }, /^JWT_SECRET /],
    [{ JWT_SECRET: 'short' }, /^JWT_SECRET /],
    [{ TZ_BUSINESS: 'Mars/Olympus' }, /^TZ_BUSINESS /],
    [{ REMINDER_CRON: 'every morning' }, /^REMINDER_CRON /],
    [{ SMTP_URL: 'ftp://x' }, /^SMTP_URL /],
    [{ NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/x' }, /^NOTIFY_WEBHOOK_SECRET /],
    [{ ADMIN_EMAIL: 'nobody' }, /^ADMIN_EMAIL /],
    [{ ADMIN_PASSWORD: 'short' }, /^ADMIN_PASSWORD /],
    [{ REMINDER_DAYS_BEFORE: '7,x' }, /^REMINDER_DAYS_BEFORE /],
  ])('refuses %j with one line naming the variable', (env, pattern) => {
    let error: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).not.toContain('\n');
  });
});
