import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What a user is told, kept in the in-app inbox. `dedupKey` makes a notice happen once. */
@Entity('notifications')
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text') kind: string;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column('uuid', { name: 'task_id', nullable: true }) taskId: string | null;
  @Column('jsonb', { default: {} }) data: Record<string, unknown>;
  @Column('text', { name: 'dedup_key', nullable: true, select: false }) dedupKey: string | null;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One e-mail or webhook call to make; kept with its last error when it fails. */
@Entity('deliveries')
export class Delivery {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') channel: 'email' | 'webhook';
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('uuid', { name: 'notification_id', nullable: true }) notificationId: string | null;
  @Column('text', { name: 'dedup_key' }) dedupKey: string;
  @Column('text', { default: 'pending' }) status: 'pending' | 'sent' | 'failed';
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('jsonb', { default: {} }) payload: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  /** When its first try failed: the sweep retries it for DELIVERY_RETRY_HORIZON_HOURS from then. */
  @Column('timestamptz', { name: 'first_failed_at', nullable: true }) firstFailedAt: Date | null;
  /** When the sweep tries it next; NULL unless failed and within its horizon. */
  @Column('timestamptz', { name: 'next_retry_at', nullable: true }) nextRetryAt: Date | null;
}
