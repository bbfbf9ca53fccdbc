import { Module } from '@nestjs/common';
import { DeliveriesService } from './deliveries.service';
import { DeliveryJobs } from './delivery.jobs';
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
  ],
  exports: [NotificationsService, DeliveriesService, DeliveryJobs],
})
export class NotificationsModule {}
