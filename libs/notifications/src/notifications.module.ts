import { Module } from '@nestjs/common';
import { DeliveriesService } from './deliveries.service';
import { DeliveryJobs } from './delivery.jobs';
import { DELIVERY_SETTINGS, loadDeliverySettings } from './delivery-settings';
import { MailSender } from './mail.sender';
import { NotificationsService } from './notifications.service';
import { WebhookSender } from './webhook.sender';

@Module({
  providers: [
    NotificationsService,
    DeliveriesService,
    DeliveryJobs,
    MailSender,
    WebhookSender,
    { provide: DELIVERY_SETTINGS, useFactory: () => loadDeliverySettings() },
  ],
  exports: [NotificationsService, DeliveriesService, DeliveryJobs, DELIVERY_SETTINGS],
})
export class NotificationsModule {}
