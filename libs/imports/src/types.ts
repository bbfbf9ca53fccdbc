import type { TaskStatus } from '@app/tasks';

/** The columns an imported task table may have, whatever their headings say. */
export const CANONICAL_COLUMNS = [
  'code', // STT / TT: the table's own numbering, basis of the task code
  'sourceRef', // "STT theo Quyết định…": the number in the directive itself
  'group', // Nhóm: section heading(s)
  'title', // Nội dung nhiệm vụ / Tên nhiệm vụ, dự án
  'lead', // Đơn vị / Cơ quan chủ trì
  'coordinating', // Đơn vị / Cơ quan phối hợp
  'deadline', // Thời hạn / Thời gian hoàn thành / Thời gian thực hiện
  'expectedOutput', // Sản phẩm
  'submissionLevel', // Cấp trình, ban hành
  'progress', // Tiến độ / Kết quả thực hiện
  'submittedDocuments', // Văn bản trình
  'issuedDocuments', // Văn bản ban hành
  'completedOn', // Ngày hoàn thành (written by our export)
  'assignedOn', // Ngày giao: the day the task was assigned, when not the plan's issue date
  'note', // Ghi chú
] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** A task table as read from a file: which heading each column had, and the data rows. */
export interface TaskTable {
  /** Heading as written in the file, for each column found. */
  columns: Partial<Record<CanonicalColumn, string>>;
  rows: TaskTableRow[];
}
export interface TaskTableRow {
  /** 1-based row number as a user sees it (spreadsheet row; for CSV the record number, heading = its row). */
  row: number;
  /** Trimmed, NFC-normalised cell text; empty cells are left out. */
  cells: Partial<Record<CanonicalColumn, string>>;
}

export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
  aliases: string[];
}
export type GroupRef = DepartmentRef & { departmentIds: string[] };

export interface MapContext {
  planYear: number;
  /** A completion before it is refused, as the API refuses it (completionProblem of libs/tasks). */
  planIssuedOn: string;
  /** The business day of the import: a completion or an assignment after it is refused. */
  today: string;
  departments: DepartmentRef[];
  groups: GroupRef[];
}

// the statuses of libs/tasks, one list (a type only: the file-reading thread loads nothing of libs/tasks)
export type { TaskStatus };

export interface OutputDocument {
  number: string;
  issuedOn: string; // YYYY-MM-DD
  kind: 'submitted' | 'issued';
}

export interface ImportedTaskRow {
  row: number;
  code: string;
  sourceRef: string | null;
  group: string | null;
  title: string;
  leadDepartmentId: string | null;
  leadGroupId: string | null;
  coordinatingDepartmentIds: string[];
  deadlineText: string | null;
  dueDate: string | null;
  status: TaskStatus;
  progressNote: string | null;
  completedOn: string | null;
  expectedOutput: string | null;
  submissionLevel: string | null;
  requiresOutputDocument: boolean;
  outputDocuments: OutputDocument[];
  note: string | null;
  /** "Ngày giao" when the table has it: the day the task was assigned (null: the plan's issue date). */
  assignedOn: string | null;
}

export interface ImportRowError {
  row: number;
  /** The column heading as written in the file. */
  column: string;
  /** The text at fault. */
  text: string;
  message: string;
}

export interface MapResult {
  rows: ImportedTaskRow[];
  errors: ImportRowError[];
}

/**
 * A task as the export writes it: the imported fields, with names instead of ids.
 * `lead` is a department name or a group name; coordinating departments are listed by name.
 */
export type ExportTask = Omit<
  ImportedTaskRow,
  'row' | 'leadDepartmentId' | 'leadGroupId' | 'coordinatingDepartmentIds' | 'requiresOutputDocument' | 'assignedOn'
> & {
  lead: string;
  coordinating: string[];
};
