import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

import type { Role } from '@app/common';

// the roles live in libs/common (every Actor carries one); re-exported for the users' own callers
export { ROLES, type Role } from '@app/common';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text', { name: 'full_name' }) fullName: string;
  @Column('text', { name: 'password_hash', select: false }) passwordHash: string;
  @Column('text') role: Role;
  /** Set for focal points only: the one department whose tasks they update. */
  @Column('uuid', { name: 'department_id', nullable: true }) departmentId: string | null;
  @Column('boolean', { default: true }) active: boolean;
  /** Set when someone else chose the password (in production): every route but GET /me, POST /me/password, POST /auth/logout answers 403 until the user changes it. */
  @Column('boolean', { name: 'must_change_password', default: false }) mustChangePassword: boolean;
  /** Carried by every token as `tv`; bumping it ends every earlier token of the user. Never sent out. */
  @Column('integer', { name: 'token_version', default: 0, select: false }) tokenVersion: number;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
