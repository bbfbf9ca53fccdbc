import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_KINDS, REVIEWED_STATUSES, TASK_STATUSES, TaskAction, TIMELINESS } from '@app/tasks';

/**
 * What the task routes answer (libs/tasks/src/reading/task-queries.ts writes the task JSON in SQL:
 * every field of it is here, the OpenAPI test checks a real answer has no other).
 */

const DAY = { type: String, format: 'date', example: '2024-06-30' } as const;
const INSTANT = { type: String, format: 'date-time' } as const;
const ID = { type: String, format: 'uuid' } as const;

export class OutputDocumentViewDto {
  @ApiProperty(ID) id: string;
  @ApiProperty({ example: '185/KH-UBND' }) number: string;
  @ApiProperty(DAY) issuedOn: string;
  @ApiProperty({ enum: DOCUMENT_KINDS, description: 'submitted = văn bản trình, issued = văn bản ban hành' }) kind: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
}

export class CoordinatorNoteDto {
  @ApiProperty({ ...ID, description: 'the coordinating department that wrote it' }) departmentId: string;
  @ApiProperty() note: string;
  @ApiProperty(INSTANT) at: string;
  @ApiProperty({ ...ID, description: 'the focal point who wrote it' }) actorId: string;
}

/** "x/y đơn vị" of a collective task. */
export class CollectivePartsDto {
  @ApiProperty({ example: 2, description: 'member departments that completed their part' }) completed: number;
  @ApiProperty({ example: 3, description: 'member departments with a part (cancelled parts left out)' }) total: number;
}

export class TaskDto {
  @ApiProperty(ID) id: string;
  @ApiProperty(ID) planId: string;
  @ApiProperty({ ...ID, nullable: true, description: 'the collective task this one is a child of' }) parentId: string | null;
  @ApiProperty({ example: 'A.II.1', description: 'unique within the plan' }) code: string;
  @ApiProperty({ type: String, nullable: true, description: 'the numbering as written in the plan' }) sourceRef: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the section heading as written' }) group: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ ...ID, nullable: true, description: 'the lead department (null for a collective task: see leadGroupId)' }) leadDepartmentId: string | null;
  @ApiProperty({ ...ID, nullable: true, description: 'a collective task: the group whose members each have a child task' }) leadGroupId: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) coordinatingDepartmentIds: string[];
  @ApiProperty({ type: String, nullable: true, example: 'Quý II/2024', description: 'the deadline as written' }) deadlineText: string | null;
  @ApiProperty({ ...DAY, nullable: true }) dueDate: string | null;
  @ApiProperty({ ...DAY, nullable: true, description: 'the due date before any extension' }) originalDueDate: string | null;
  @ApiProperty({ description: 'a yearly task ("hằng năm")' }) yearly: boolean;
  @ApiProperty({ ...DAY, nullable: true, description: "the day the task was assigned when it is not its plan's issue date (null: the plan's); a roll-up of a past day counts it from then" })
  assignedOn: string | null;
  @ApiProperty({ description: 'no deadline was written: the secretariat should set one' }) needsDeadline: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Kế hoạch' }) expectedOutput: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'UBND tỉnh' }) submissionLevel: string | null;
  @ApiProperty() requiresOutputDocument: boolean;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
  @ApiProperty({ enum: TIMELINESS, nullable: true, description: 'as of today (TZ_BUSINESS); null for a recurring or cancelled task' }) timeliness: string | null;
  @ApiProperty({ type: String, nullable: true, description: "kết quả thực hiện: the lead department's (or the secretariat's)" }) progressNote: string | null;
  @ApiProperty({ type: [CoordinatorNoteDto], description: 'the latest note of each coordinating department that wrote one' }) coordinatorNotes: CoordinatorNoteDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Ghi chú' }) note: string | null;
  @ApiProperty({ ...DAY, nullable: true }) completedOn: string | null;
  @ApiProperty({ description: 'the secretariat confirmed the completion' }) completionConfirmed: boolean;
  @ApiProperty({ type: [OutputDocumentViewDto] }) outputDocuments: OutputDocumentViewDto[];
  @ApiProperty({ type: CollectivePartsDto, nullable: true, description: 'a collective task\'s "x/y đơn vị" (its children completed, of those not cancelled); null on any other task' })
  collectiveParts: CollectivePartsDto | null;
  @ApiProperty({ example: 3, description: 'send it back with every change (409 TASK_VERSION_STALE when it moved)' }) version: number;
  @ApiProperty(INSTANT) createdAt: string;
  @ApiProperty(INSTANT) updatedAt: string;
  @ApiPropertyOptional({ type: () => [TaskDto], description: 'GET /tasks/:id of a collective task only: its children, in order' }) children?: TaskDto[];
}

/** Every action of the history, with what it means (complete: a Record over TaskAction). */
const TASK_ACTIONS: Record<TaskAction, string> = {
  created: 'created (by hand or by an import)',
  edited: 'fields edited by the secretariat',
  deadline_changed: 'the due date changed by the secretariat',
  progress_reported: 'progress reported (status, note, completion, documents)',
  completion_confirmed: 'the secretariat confirmed the completion',
  completion_returned: 'the secretariat returned the completion (note: why)',
  extension_requested: 'a later due date asked for (note: the reason)',
  extension_approved: 'the extension approved: the due date moved',
  extension_rejected: 'the extension rejected',
  coordinator_note: "a coordinating department's note (departmentId names it)",
  status_change_requested: 'cancelled or recurring asked for (note: the reason)',
  status_change_approved: 'the status change approved',
  status_change_rejected: 'the status change rejected',
  derived_from_children: 'a collective task following its children',
  urged: 'the secretariat urged the task by a numbered letter (note: its number and date)',
  carried_over: 'carried over into a conclusion notice, keeping its plan (note: which notice)',
};

export class TaskUpdateDto {
  @ApiProperty({ example: '42', description: 'the row\'s number in the history (a bigint, as text): later rows have larger ones' }) id: string;
  @ApiProperty(ID) taskId: string;
  @ApiProperty(INSTANT) at: string;
  @ApiProperty({
    enum: Object.keys(TASK_ACTIONS),
    description: Object.entries(TASK_ACTIONS).map(([action, meaning]) => `- \`${action}\`: ${meaning}`).join('\n'),
  })
  action: TaskAction;
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      required: ['from', 'to'],
      properties: {
        from: { nullable: true, description: 'the value before (any JSON value)' },
        to: { nullable: true, description: 'the value after (any JSON value)' },
      },
    },
    description: 'each field changed, from what to what',
    example: { status: { from: 'in_progress', to: 'completed' } },
  })
  changes: Record<string, { from: unknown; to: unknown }>;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ ...ID, nullable: true, description: 'null for a change made by the system (an import without user, a collective task following)' }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['admin', 'secretariat', 'focal_point', 'viewer'] }) actorRole: string | null;
  @ApiProperty({ ...ID, nullable: true, description: 'the department the row speaks for (a coordinating department\'s note)' }) departmentId: string | null;
  @ApiProperty({ enum: TASK_STATUSES, description: 'the task after the change' }) status: string;
  @ApiProperty({ ...DAY, nullable: true }) dueDate: string | null;
  @ApiProperty({ ...DAY, nullable: true }) completedOn: string | null;
  @ApiProperty() completionConfirmed: boolean;
  @ApiProperty({ type: String, nullable: true, example: '2024-6M', description: 'a recurring task\'s note: the report period it is for' }) reportPeriod: string | null;
}

const DECISIONS = ['pending', 'approved', 'rejected'];

class RequestBaseDto {
  @ApiProperty(ID) id: string;
  @ApiProperty(ID) taskId: string;
  @ApiProperty({ ...ID, description: 'the user who asked' }) requestedBy: string;
  @ApiProperty() reason: string;
  @ApiProperty({ ...ID, nullable: true }) decidedBy: string | null;
  @ApiProperty({ ...INSTANT, nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionNote: string | null;
  @ApiProperty(INSTANT) createdAt: string;
}

export class ExtensionRequestViewDto extends RequestBaseDto {
  @ApiProperty({ ...DAY, nullable: true }) currentDueDate: string | null;
  @ApiProperty(DAY) proposedDueDate: string;
  @ApiProperty({ enum: DECISIONS }) status: string;
  @ApiPropertyOptional({ description: "the task's current version (in the list): send it with the decision" }) taskVersion?: number;
}

export class StatusChangeRequestViewDto extends RequestBaseDto {
  @ApiProperty({ enum: TASK_STATUSES }) currentStatus: string;
  @ApiProperty({ enum: REVIEWED_STATUSES }) requestedStatus: string;
  @ApiProperty({ enum: DECISIONS }) state: string;
  @ApiProperty({ description: "the task's current version: send it with the decision" }) taskVersion: number;
}
