import { Inject, Injectable, Optional } from '@nestjs/common';
import { DateTime } from 'luxon';

/**
 * The business time zone (TZ_BUSINESS), provided by libs/config's ConfigModule: the token lives
 * here so that libs/common depends on no library of ours.
 */
export const BUSINESS_TIME_ZONE = Symbol('BUSINESS_TIME_ZONE');

/**
 * The one source of "now" and "today". A deadline is a calendar day in Vietnam, so
 * "today" is taken in the business time zone (TZ_BUSINESS), never in UTC.
 * Tests replace it with FixedClock.
 */
@Injectable()
export class Clock {
  readonly zone: string;
  constructor(@Optional() @Inject(BUSINESS_TIME_ZONE) zone?: string) {
    this.zone = zone ?? 'Asia/Ho_Chi_Minh';
  }

  now(): Date {
    return new Date();
  }

  private lastMinute = NaN;
  private lastDay = '';

  /** Today's date (YYYY-MM-DD) in the business time zone. */
  today(): string {
    // every request asks; a minute never spans two days (zone offsets are whole minutes)
    const minute = Math.floor(this.now().getTime() / 60_000);
    if (minute !== this.lastMinute) {
      this.lastDay = this.dayOf(new Date(minute * 60_000));
      this.lastMinute = minute;
    }
    return this.lastDay;
  }

  /** The calendar day (YYYY-MM-DD) an instant falls on in the business time zone. */
  dayOf(instant: Date): string {
    return DateTime.fromJSDate(instant).setZone(this.zone).toISODate()!;
  }

  /** The last instant of a calendar day in the business time zone, for "as of the end of D". */
  endOfDay(day: string): Date {
    return DateTime.fromISO(day, { zone: this.zone }).endOf('day').toJSDate();
  }
}

export class FixedClock extends Clock {
  constructor(private instant: Date, zone = 'Asia/Ho_Chi_Minh') {
    super(zone);
  }
  now(): Date {
    return this.instant;
  }
  set(instant: Date | string): void {
    this.instant = typeof instant === 'string' ? new Date(instant) : instant;
  }
}
