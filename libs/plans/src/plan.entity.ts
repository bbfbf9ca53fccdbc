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
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
