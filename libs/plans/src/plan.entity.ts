import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const PLAN_KINDS = ['plan', 'decision', 'conclusion_notice', 'directive', 'other'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** The directive document that assigns tasks (văn bản giao nhiệm vụ). */
@Entity('plans')
export class Plan {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') number: string;
  @Column('text') kind: PlanKind;
  @Column('text') title: string;
  @Column('date', { name: 'issued_on' }) issuedOn: string;
  @Column('text') issuer: string;
  @Column('int') year: number;
  /** The plan of the tracker this one implements, named by hand (plan-hierarchy.ts). */
  @Column('uuid', { name: 'parent_plan_id', nullable: true }) parentPlanId: string | null;
  /** The task of that plan this one answers (its output document), when named. */
  @Column('uuid', { name: 'parent_task_id', nullable: true }) parentTaskId: string | null;
  /** The plan implemented when it is outside the tracker, as written ("Kế hoạch số 10/KH-BCĐCĐS"). */
  @Column('text', { name: 'parent_text', nullable: true }) parentText: string | null;
  /** The meeting a conclusion notice concludes (kind conclusion_notice only). */
  @Column('uuid', { name: 'meeting_id', nullable: true }) meetingId: string | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
