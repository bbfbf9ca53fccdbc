import { ConfigError } from './config-error';

/**
 * How the morning run guards itself. Production defaults; the crash tests and the fault
 * suite shorten them so a lost run is found in seconds rather than within the hour.
 */
export interface ReminderRunSettings {
  /**
   * REMINDER_CHECK_CRON (in TZ_BUSINESS): when the worker looks for today's morning run
   * unfinished, or never started though its time has passed, and runs it again. Hourly at
   * half past by default: 07:30 after the 07:00 run, then every hour.
   */
  checkCron: string;
  /** REMINDER_SCHEDULES_EVERY_MS: how often the worker writes its job schedulers again (and at every Redis reconnect). */
  reassertEveryMs: number;
  /**
   * REMINDER_MAX_STALLS: how often a part of the run may be cut off by a dying worker and
   * still be picked up again by BullMQ. Parts are small and idempotent, so a generous limit
   * costs nothing; past it the check finishes the run.
   */
  maxStalls: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new ConfigError(`${name} must be a whole number ≥ ${min}, got "${text}"`);
  return Number(text);
}

function cron(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  const fields = value.split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every((f) => /^[\d*,/\-A-Za-z?LW#]+$/.test(f))) {
    throw new ConfigError(`${name} is not a cron expression (e.g. "30 * * * *"): "${value}"`);
  }
  return value;
}

/** The run settings of the one configuration (AppConfig.reminderRuns), for those that need only them. */
export const REMINDER_RUN_SETTINGS = Symbol('REMINDER_RUN_SETTINGS');

export function loadReminderRunSettings(env: NodeJS.ProcessEnv): ReminderRunSettings {
  return {
    checkCron: cron(env, 'REMINDER_CHECK_CRON', '30 * * * *'),
    reassertEveryMs: whole(env, 'REMINDER_SCHEDULES_EVERY_MS', 300_000, 1_000),
    maxStalls: whole(env, 'REMINDER_MAX_STALLS', 10, 1),
  };
}
