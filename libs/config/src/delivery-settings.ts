import { ConfigError } from './config-error';

/**
 * How deliveries are retried and how the worker watches its jobs. Operational knobs with
 * production defaults; tests shorten them so retries and crash recovery take seconds.
 */
export interface DeliverySettings {
  /** DELIVERY_ATTEMPTS: tries per e-mail or webhook call before it is kept as failed (≥ 5). */
  attempts: number;
  /** DELIVERY_BACKOFF_MS: first retry delay; each next one doubles (60 s → 1, 2, 4, 8, 16 min). */
  backoffMs: number;
  /**
   * DELIVERY_RETRY_HORIZON_HOURS: after its job's attempts, a failed delivery is tried again by
   * the sweep until this long after its first failed try; past it, it stays failed (0: never).
   */
  retryHorizonHours: number;
  /**
   * DELIVERY_RETRY_MAX_DELAY_MS: the longest wait between two of the sweep's tries. Each waits as
   * long as the delivery has already been failing, at least the job's last backoff, at most this.
   */
  retryMaxDelayMs: number;
  /** DELIVERY_SWEEP_MS: how often the worker queues deliveries whose job was never added or was lost. */
  sweepEveryMs: number;
  /** DELIVERY_CONCURRENCY: deliveries one worker makes at once. */
  concurrency: number;
  /** WORKER_LOCK_MS: how long a job's lock lives without renewal; a crashed worker's job is retried after it. */
  lockMs: number;
  /** WORKER_STALLED_MS: how often a worker looks for jobs whose worker died. */
  stalledCheckMs: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new ConfigError(`${name} must be a whole number ≥ ${min}, got "${text}"`);
  }
  return Number(text);
}

/** The delivery settings of the one configuration (AppConfig.delivery), for those that need only them. */
export const DELIVERY_SETTINGS = Symbol('DELIVERY_SETTINGS');

export function loadDeliverySettings(env: NodeJS.ProcessEnv): DeliverySettings {
  return {
    attempts: whole(env, 'DELIVERY_ATTEMPTS', 6, 5),
    backoffMs: whole(env, 'DELIVERY_BACKOFF_MS', 60_000, 1),
    retryHorizonHours: whole(env, 'DELIVERY_RETRY_HORIZON_HOURS', 24, 0),
    retryMaxDelayMs: whole(env, 'DELIVERY_RETRY_MAX_DELAY_MS', 3_600_000, 1_000),
    sweepEveryMs: whole(env, 'DELIVERY_SWEEP_MS', 5_000, 50),
    concurrency: whole(env, 'DELIVERY_CONCURRENCY', 5, 1),
    lockMs: whole(env, 'WORKER_LOCK_MS', 30_000, 500),
    stalledCheckMs: whole(env, 'WORKER_STALLED_MS', 30_000, 100),
  };
}
