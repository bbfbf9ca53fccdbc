import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Plan } from '@app/plans';

/** A committee meeting; `asOf` is the cut-off of its figures. */
@Entity('meetings')
export class Meeting {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') title: string;
  @Column('date', { name: 'held_on' }) heldOn: string;
  @Column('date', { name: 'as_of' }) asOf: string;
  @Column('date', { name: 'next_meeting_on', nullable: true }) nextMeetingOn: string | null;
  @ManyToMany(() => Plan)
  @JoinTable({ name: 'meeting_plans', joinColumn: { name: 'meeting_id' }, inverseJoinColumn: { name: 'plan_id' } })
  plans: Plan[];
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A frozen snapshot of a meeting's figures; never updated. */
@Entity('meeting_summaries')
export class MeetingSummary {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('date', { name: 'as_of' }) asOf: string;
  @CreateDateColumn({ name: 'computed_at', type: 'timestamptz' }) computedAt: Date;
  @Column('jsonb') content: Record<string, unknown>;
}
