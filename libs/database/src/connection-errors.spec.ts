import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './connection-errors';

describe('isDatabaseUnavailable: PostgreSQL out of reach (503), not a failed statement (4xx/500)', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it('knows a refused or cut connection, a server going down or full, and node-postgres\' own words', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300', '08006', '55000']) {
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new AggregateError([withCode('ECONNREFUSED')]), {}))).toBe(true);
  });

  it('looks through TypeORM\'s QueryFailedError to the driver\'s error', () => {
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], withCode('57P01', 'terminating connection due to administrator command')))).toBe(true);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], withCode('23505', 'duplicate key')))).toBe(false);
  });

  it('leaves every other error alone', () => {
    for (const error of [withCode('22P02'), withCode('57014'), new Error('boom'), null, undefined, 'text']) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});
