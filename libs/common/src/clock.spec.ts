import { FixedClock } from './clock';

describe('Clock.today', () => {
  it('is the calendar day in Vietnam, not in UTC, and follows the clock across midnight', () => {
    const clock = new FixedClock(new Date('2024-06-30T16:59:59Z')); // 23:59:59 on 30 June in Vietnam
    expect(clock.today()).toBe('2024-06-30');
    clock.set('2024-06-30T17:00:00Z'); // 00:00 on 1 July in Vietnam
    expect(clock.today()).toBe('2024-07-01');
    clock.set('2024-06-30T16:59:30Z');
    expect(clock.today()).toBe('2024-06-30');
  });

  it('gives the end of a day in the business time zone', () => {
    expect(new FixedClock(new Date()).endOfDay('2024-07-03').toISOString()).toBe('2024-07-03T16:59:59.999Z');
  });
});
