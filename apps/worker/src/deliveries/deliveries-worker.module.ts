import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { DeliveriesProcessor } from './deliveries.processor';
import { DeliverySweeper } from './delivery.sweeper';

@Module({ imports: [NotificationsModule], providers: [DeliveriesProcessor, DeliverySweeper] })
export class DeliveriesWorkerModule {}
