import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { NotificationsModule } from '@app/notifications';
import { DeliveriesProcessor, deliveriesProcessor } from './deliveries.processor';
import { DeliverySweeper } from './delivery.sweeper';
import { WorkerConnectionModule } from './worker-connection.module';

@Module({})
export class DeliveriesWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DeliveriesWorkerModule,
      imports: [WorkerConnectionModule, NotificationsModule],
      providers: [{ provide: DeliveriesProcessor, useClass: deliveriesProcessor(config) }, DeliverySweeper],
    };
  }
}
