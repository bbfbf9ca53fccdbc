import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { Department, DepartmentGroup } from '@app/departments/department.entity';
import { User } from '@app/users/user.entity';
import { Plan } from '@app/plans/plan.entity';
import { ExtensionRequest, OutputDocument, Task, TaskUpdate } from '@app/tasks/task.entity';
import { Meeting, MeetingSummary } from '@app/meetings/meeting.entity';
import { Delivery, Notification } from '@app/notifications/notification.entity';
import { InitialSchema1763870000000 } from '../../../migrations/1763870000000-initial-schema';
import { TaskNote1763870100000 } from '../../../migrations/1763870100000-task-note';
import { ReminderIndexes1763870400000 } from '../../../migrations/1763870400000-reminder-indexes';
import { RollupIndexes1763870500000 } from '../../../migrations/1763870500000-rollup-indexes';
import { TasksFillfactor1763870650000 } from '../../../migrations/1763870650000-tasks-fillfactor';
import { TaskReadColumns1763870800000 } from '../../../migrations/1763870800000-task-read-columns';
import { DataRevisions1763870900000 } from '../../../migrations/1763870900000-data-revisions';

// A SQL date is a calendar day: keep it as 'YYYY-MM-DD', never a JS Date at UTC midnight.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

export const ENTITIES = [
  Department, DepartmentGroup, User, Plan, Task, OutputDocument, TaskUpdate, ExtensionRequest,
  Meeting, MeetingSummary, Notification, Delivery,
];
export const MIGRATIONS = [
  InitialSchema1763870000000,
  TaskNote1763870100000,
  ReminderIndexes1763870400000,
  RollupIndexes1763870500000,
  TasksFillfactor1763870650000,
  TaskReadColumns1763870800000,
  DataRevisions1763870900000,
];

/** The one place that builds TypeORM's options; the apps and the migration CLI use it. */
export function dataSourceOptions(databaseUrl: string, extra: { poolSize?: number } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    // failures reach the API's error filter, which logs the unexpected ones
    logging: false,
    poolSize: extra.poolSize ?? 10,
    extra: { application_name: 'steering' },
  };
}
