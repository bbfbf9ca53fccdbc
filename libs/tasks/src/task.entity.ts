import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const TASK_STATUSES = ['not_started', 'in_progress', 'completed', 'recurring', 'blocked', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Statuses that take a task out of every overdue count and reminder: the secretariat decides them. */
export const REVIEWED_STATUSES = ['cancelled', 'recurring'] as const;
export type ReviewedStatus = (typeof REVIEWED_STATUSES)[number];

/** A coordinating department's own note on a task (the latest per department is kept on the task). */
export interface CoordinatorNote {
  departmentId: string;
  note: string;
  at: string;
  actorId: string;
}

@Entity('tasks')
export class Task {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Insertion order (an identity column), the stable order of lists. */
  @Column({ type: 'bigint', insert: false, update: false, select: false }) seq: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  /** Set on the children of a collective task, one per member department. */
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text') code: string;
  @Column('text', { name: 'source_ref', nullable: true }) sourceRef: string | null;
  @Column('text', { name: 'group_name', nullable: true }) group: string | null;
  @Column('text') title: string;
  @Column('uuid', { name: 'lead_department_id', nullable: true }) leadDepartmentId: string | null;
  @Column('uuid', { name: 'lead_group_id', nullable: true }) leadGroupId: string | null;
  @Column('text', { name: 'deadline_text', nullable: true }) deadlineText: string | null;
  @Column('date', { name: 'due_date', nullable: true }) dueDate: string | null;
  /** The due date as first set; extensions move dueDate only. */
  @Column('date', { name: 'original_due_date', nullable: true }) originalDueDate: string | null;
  @Column('boolean', { default: false }) yearly: boolean;
  @Column('text', { name: 'expected_output', nullable: true }) expectedOutput: string | null;
  @Column('text', { name: 'submission_level', nullable: true }) submissionLevel: string | null;
  @Column('boolean', { name: 'requires_output_document', default: true }) requiresOutputDocument: boolean;
  @Column('text', { default: 'not_started' }) status: TaskStatus;
  @Column('text', { name: 'progress_note', nullable: true }) progressNote: string | null;
  /** "Ghi chú" as written in the plan's table. */
  @Column('text', { nullable: true }) note: string | null;
  @Column('date', { name: 'completed_on', nullable: true }) completedOn: string | null;
  @Column('boolean', { name: 'completion_confirmed', default: false }) completionConfirmed: boolean;
  /** Folded code, title and document numbers, for diacritic-blind search. */
  @Column('text', { name: 'search_text', default: '', select: false }) searchText: string;
  /** Copies for reading, kept by triggers from task_coordinators and output_documents (migration 1763870800000). */
  @Column({ type: 'uuid', name: 'coordinating_department_ids', array: true, insert: false, update: false, select: false }) coordinatingDepartmentIdsCopy: string[];
  @Column({ type: 'json', name: 'output_documents_json', insert: false, update: false, select: false }) outputDocumentsCopy: unknown;
  /** The latest note of each coordinating department, beside the lead's progressNote (migration 1763871100000). */
  @Column({ type: 'jsonb', name: 'coordinator_notes', insert: false, update: false, select: false }) coordinatorNotes: CoordinatorNote[];
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export const DOCUMENT_KINDS = ['submitted', 'issued'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The evidence of the work: "185/KH-UBND ngày 12/01/2024". */
@Entity('output_documents')
export class OutputDocument {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'task_id' }) taskId: string;
  @Column('text') number: string;
  @Column('date', { name: 'issued_on' }) issuedOn: string;
  @Column('text') kind: DocumentKind;
  @Column('text', { nullable: true }) title: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One change of a task, never edited; carries the task's state after the change. */
@Entity('task_updates')
export class TaskUpdate {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('uuid', { name: 'task_id' }) taskId: string;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('timestamptz', { default: () => 'clock_timestamp()' }) at: Date;
  @Column('text') action: string;
  @Column('jsonb', { default: {} }) changes: Record<string, { from: unknown; to: unknown }>;
  @Column('text', { nullable: true }) note: string | null;
  /** The report period a recurring task's note is for ("2024-6M"; task-rules.ts REPORT_PERIOD_PATTERN). */
  @Column('text', { name: 'report_period', nullable: true }) reportPeriod: string | null;
  /** The department the row speaks for: set on a coordinating department's note. */
  @Column('uuid', { name: 'department_id', nullable: true }) departmentId: string | null;
  @Column('text') status: TaskStatus;
  @Column('date', { name: 'due_date', nullable: true }) dueDate: string | null;
  @Column('date', { name: 'completed_on', nullable: true }) completedOn: string | null;
  @Column('boolean', { name: 'completion_confirmed', default: false }) completionConfirmed: boolean;
}

@Entity('extension_requests')
export class ExtensionRequest {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'task_id' }) taskId: string;
  @Column('uuid', { name: 'requested_by' }) requestedBy: string;
  @Column('date', { name: 'current_due_date', nullable: true }) currentDueDate: string | null;
  @Column('date', { name: 'proposed_due_date' }) proposedDueDate: string;
  @Column('text') reason: string;
  @Column('text', { default: 'pending' }) status: 'pending' | 'approved' | 'rejected';
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('text', { name: 'decision_note', nullable: true }) decisionNote: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A focal point's request to make its task cancelled or recurring; the secretariat decides. */
@Entity('status_change_requests')
export class StatusChangeRequest {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'task_id' }) taskId: string;
  @Column('uuid', { name: 'requested_by' }) requestedBy: string;
  @Column('text', { name: 'current_status' }) currentStatus: TaskStatus;
  @Column('text', { name: 'requested_status' }) requestedStatus: ReviewedStatus;
  @Column('text') reason: string;
  @Column('text', { default: 'pending' }) state: 'pending' | 'approved' | 'rejected';
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('text', { name: 'decision_note', nullable: true }) decisionNote: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
