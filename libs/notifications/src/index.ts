export * from './notification.entity';
export * from './notifications.service';
export * from './notifications.module';
export * from './delivery.jobs';
export * from './deliveries.service';
export * from './mail.sender';
export * from './webhook.sender';
export * from './webhook-signature';
