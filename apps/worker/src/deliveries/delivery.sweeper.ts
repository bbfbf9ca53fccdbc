import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DELIVERY_SETTINGS, DeliverySettings } from '@app/config';
import { DeliveriesService } from '@app/notifications';

/**
 * Every few seconds, queues the pending deliveries that have no live job: the webhook
 * calls the API recorded with its notices (it writes them in its own transactions and
 * leaves the queueing to the worker), and any delivery whose job was lost. Then it tries
 * again the failed deliveries whose next try is due (an SMTP outage longer than a job's
 * attempts), until their horizon. Every worker sweeps; adding a job that exists adds
 * nothing, and a failed delivery is taken by one sweep only.
 */
@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliverySweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly deliveries: DeliveriesService,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.deliveries
        .requeueStale()
        .then(() => this.deliveries.retryDue())
        .then(() => undefined, (error) => this.logger.warn(`delivery sweep failed: ${error?.message ?? error}`))
        .finally(() => (this.running = undefined));
    }, this.settings.sweepEveryMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
