import { ConfigError, loadConfig } from './app-config';

describe('sign-in limits (LOGIN_FAILURES_*)', () => {
  it('default to 5 per account and address, 100 per account, 100 per address', () => {
    expect(loadConfig({}).loginLimits).toEqual({ perAccountAndAddress: 5, perAccount: 100, perAddress: 100 });
  });

  it.each(['LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS', 'LOGIN_FAILURES_PER_ACCOUNT', 'LOGIN_FAILURES_PER_ADDRESS'])('refuses a %s that is not a whole number ≥ 1, naming it', (name) => {
    for (const value of ['0', '-3', 'five', '2.5']) {
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name} `));
    }
    expect(Object.values(loadConfig({ [name]: '7' }).loginLimits)).toContain(7);
  });
});

describe('token lifetime (JWT_EXPIRES_IN)', () => {
  it.each([
    [undefined, 12 * 3600],
    ['12h', 12 * 3600],
    ['90m', 5400],
    ['3600', 3600],
    ['1d', 86400],
  ])('reads %s as %i seconds', (value, seconds) => {
    expect(loadConfig(value === undefined ? {} : { JWT_EXPIRES_IN: value }).jwtExpiresInSeconds).toBe(seconds);
  });

  it.each(['0', '10s', '2d', '12 hours', 'forever', '-1h'])('refuses "%s", naming JWT_EXPIRES_IN', (value) => {
    expect(() => loadConfig({ JWT_EXPIRES_IN: value })).toThrow(/^JWT_EXPIRES_IN must be a duration/);
  });
});
