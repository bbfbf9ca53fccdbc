import { ConfigError, loadConfig } from './app-config';

describe('loadConfig: the application role and its timeouts', () => {
  it('connects as DATABASE_URL unless DATABASE_APP_URL names the application role; 15 s statements, 60 s idle transactions', () => {
    const c = loadConfig({});
    expect(c.databaseAppUrl).toBeUndefined();
    expect(c.dbStatementTimeoutMs).toBe(15_000);
    expect(c.dbIdleInTransactionTimeoutMs).toBe(60_000);
    const set = loadConfig({ DATABASE_APP_URL: 'postgres://steering_app:pw@db:5432/steering', DB_STATEMENT_TIMEOUT_MS: '5000', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '30000' });
    expect(set).toMatchObject({ databaseAppUrl: 'postgres://steering_app:pw@db:5432/steering', dbStatementTimeoutMs: 5000, dbIdleInTransactionTimeoutMs: 30000 });
  });

  it.each([
    [{ DATABASE_APP_URL: 'mysql://x' }, /^DATABASE_APP_URL /],
    [{ DB_STATEMENT_TIMEOUT_MS: '0' }, /^DB_STATEMENT_TIMEOUT_MS /],
    [{ DB_STATEMENT_TIMEOUT_MS: '15s' }, /^DB_STATEMENT_TIMEOUT_MS /],
    [{ DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '99999999' }, /^DB_IDLE_IN_TRANSACTION_TIMEOUT_MS /],
  ])('refuses %j with one line naming the variable', (env, pattern) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(pattern);
  });
});
