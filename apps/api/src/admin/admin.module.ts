import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { UsersModule } from '@app/users';
import { AdminDeliveriesController } from './admin-deliveries.controller';
import { QueueDashboard } from './queue-dashboard.provider';

/** What admins watch: failed deliveries (API) and the queues (Bull Board at /admin/queues). */
@Module({
  imports: [NotificationsModule, UsersModule],
  controllers: [AdminDeliveriesController],
  providers: [QueueDashboard],
})
export class AdminModule {}
