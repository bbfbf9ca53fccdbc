import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { DeliveriesProcessor } from './deliveries.processor';
import { DeliverySweeper } from './delivery.sweeper';
import { WorkerConnectionModule } from './worker-connection.module';

@Module({ imports: [WorkerConnectionModule, NotificationsModule], providers: [DeliveriesProcessor, DeliverySweeper] })
export class DeliveriesWorkerModule {}
