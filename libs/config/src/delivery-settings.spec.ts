import { loadDeliverySettings } from './delivery-settings';

describe('delivery settings: the retry horizon', () => {
  it('retries a failed delivery for 24 hours, at most hourly, by default', () => {
    expect(loadDeliverySettings({})).toMatchObject({ attempts: 6, backoffMs: 60_000, retryHorizonHours: 24, retryMaxDelayMs: 3_600_000 });
  });

  it('takes DELIVERY_RETRY_HORIZON_HOURS (0: the sweep never retries) and DELIVERY_RETRY_MAX_DELAY_MS, and names a bad one', () => {
    expect(loadDeliverySettings({ DELIVERY_RETRY_HORIZON_HOURS: '0', DELIVERY_RETRY_MAX_DELAY_MS: '600000' })).toMatchObject({ retryHorizonHours: 0, retryMaxDelayMs: 600_000 });
    expect(() => loadDeliverySettings({ DELIVERY_RETRY_HORIZON_HOURS: 'a day' })).toThrow('DELIVERY_RETRY_HORIZON_HOURS must be a whole number ≥ 0, got "a day"');
    expect(() => loadDeliverySettings({ DELIVERY_RETRY_MAX_DELAY_MS: '10' })).toThrow('DELIVERY_RETRY_MAX_DELAY_MS must be a whole number ≥ 1000, got "10"');
  });
});
