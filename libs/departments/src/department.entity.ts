import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity('departments')
export class Department {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  /** Short forms the plans really use: "Sở TTTT", "STTTT"… */
  @Column('text', { array: true, default: () => "'{}'" }) aliases: string[];
  /** The department's head (lãnh đạo đơn vị), a user with role viewer: the ladder's second step. */
  @Column('uuid', { name: 'head_user_id', nullable: true }) headUserId: string | null;
  /** The committee member the department belongs to (thành viên Ban Chỉ đạo), role viewer. */
  @Column('uuid', { name: 'committee_member_id', nullable: true }) committeeMemberId: string | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A named set of departments for collective assignments ("Các Sở, ban, ngành; địa phương"). */
@Entity('department_groups')
export class DepartmentGroup {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('text', { array: true, default: () => "'{}'" }) aliases: string[];
  @ManyToMany(() => Department)
  @JoinTable({ name: 'department_group_members', joinColumn: { name: 'group_id' }, inverseJoinColumn: { name: 'department_id' } })
  members: Department[];
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
