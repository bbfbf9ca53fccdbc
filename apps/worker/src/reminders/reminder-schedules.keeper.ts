import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { REMINDER_RUN_SETTINGS, ReminderRunSettings } from '@app/config';
import { ReportJobs } from '@app/indicators';
import { QUEUES } from '@app/queue';
import { ReminderJobs } from '@app/reminders';

/**
 * Keeps every job scheduler written in Redis: the morning run and its check (reminders queue)
 * and the periodic reports' tick (reports queue). They live only there: a Redis restarted
 * without persistence (or flushed) forgets them, and no morning run would happen again.
 * So the worker writes them at start, again whenever its Redis connection becomes ready
 * after a reconnect, and every REMINDER_SCHEDULES_EVERY_MS; writing them is idempotent.
 * After a reconnect it also runs the check, since a morning run under way may have been lost.
 */
@Injectable()
export class ReminderSchedulesKeeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReminderSchedulesKeeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private detach?: () => void;

  constructor(
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
    private readonly jobs: ReminderJobs,
    private readonly reports: ReportJobs,
    @Inject(REMINDER_RUN_SETTINGS) private readonly settings: ReminderRunSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedule();
    // the queue's connection says 'ready' at each successful (re)connection; the first one is behind us
    const backend = this.queue.getBackend();
    const onReady = () => this.reassert('Redis connection ready again');
    backend.on('ready', onReady);
    this.detach = () => backend.off('ready', onReady);
    this.timer = setInterval(() => this.reassert(), this.settings.reassertEveryMs);
    this.timer.unref();
  }

  /** Writes the schedulers again (one pass at a time; a reconnect during a pass runs another after it). */
  reassert(reconnected?: string): void {
    if (this.running) {
      if (reconnected) this.again = true;
      return;
    }
    this.running = (async () => {
      await this.schedule();
      if (reconnected) {
        this.logger.warn(`${reconnected}: job schedulers written again`);
        const outcome = await this.jobs.check();
        if (outcome.action !== 'none') this.logger.warn(`after the reconnect: ${JSON.stringify(outcome)}`);
      }
    })()
      .catch((error) => this.logger.warn(`writing the job schedulers failed (next try in ${this.settings.reassertEveryMs} ms): ${error?.message ?? error}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.reassert('Redis connection ready again');
        }
      });
  }

  private async schedule(): Promise<void> {
    await this.jobs.schedule();
    await this.reports.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.detach?.();
    await this.running;
  }
}
