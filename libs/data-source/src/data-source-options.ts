import { DataSourceOptions } from 'typeorm';
// loads libs/database/src/sql-dates.ts: a SQL date arrives as 'YYYY-MM-DD' on every connection made from these options
import '@app/database';
import { Department, DepartmentGroup } from '@app/departments';
import { User } from '@app/users';
import { Plan } from '@app/plans';
import { ExtensionRequest, OutputDocument, StatusChangeRequest, Task, TaskUpdate } from '@app/tasks';
import { Meeting, MeetingSummary } from '@app/meetings';
import { Delivery, Notification } from '@app/notifications';
import { InitialSchema1763870000000 } from '../../../migrations/1763870000000-initial-schema';
import { TaskNote1763870100000 } from '../../../migrations/1763870100000-task-note';
import { ReminderIndexes1763870400000 } from '../../../migrations/1763870400000-reminder-indexes';
import { RollupIndexes1763870500000 } from '../../../migrations/1763870500000-rollup-indexes';
import { TasksFillfactor1763870650000 } from '../../../migrations/1763870650000-tasks-fillfactor';
import { TaskReadColumns1763870800000 } from '../../../migrations/1763870800000-task-read-columns';
import { DataRevisions1763870900000 } from '../../../migrations/1763870900000-data-revisions';
import { UserSessions1763871000000 } from '../../../migrations/1763871000000-user-sessions';
import { DomainRights1763871100000 } from '../../../migrations/1763871100000-domain-rights';
import { ReminderRuns1763871300000 } from '../../../migrations/1763871300000-reminder-runs';
import { DeliveryRetries1763871400000 } from '../../../migrations/1763871400000-delivery-retries';
import { CoordinatorFilter1763871500000 } from '../../../migrations/1763871500000-coordinator-filter';
import { EmbeddedRedisTables1763871600000 } from '../../../migrations/1763871600000-embedded-redis-tables';
import { DeliveryAndAssignment1764100000000 } from '../../../migrations/1764100000000-delivery-and-assignment';
import { YearlyRevisions1764100100000 } from '../../../migrations/1764100100000-yearly-revisions';
import { CollectiveParts1764200000000 } from '../../../migrations/1764200000000-collective-parts';
import { Indicators1764300000000 } from '../../../migrations/1764300000000-indicators';
import { ReportRequests1764300100000 } from '../../../migrations/1764300100000-report-requests';
import { PlanHierarchy1764400000000 } from '../../../migrations/1764400000000-plan-hierarchy';
import { EscalationLadder1764400100000 } from '../../../migrations/1764400100000-escalation-ladder';
import { Urgings1764400200000 } from '../../../migrations/1764400200000-urgings';
import { ConclusionNotices1764400300000 } from '../../../migrations/1764400300000-conclusion-notices';
import { YearlyReminders1764600000000 } from '../../../migrations/1764600000000-yearly-reminders';
import { CarriedTaskRevisions1764800000000 } from '../../../migrations/1764800000000-carried-task-revisions';
import { TaskUpdateReportPeriod1764800100000 } from '../../../migrations/1764800100000-task-update-report-period';
import { ReadCacheGuards1764950000000 } from '../../../migrations/1764950000000-read-cache-guards';

/**
 * Every feature's entities and every migration (in timestamp order), listed here, above the
 * features, so that libs/database stays at the bottom and imports none of them.
 */
export const ENTITIES = [
  Department, DepartmentGroup, User, Plan, Task, OutputDocument, TaskUpdate, ExtensionRequest, StatusChangeRequest,
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
  UserSessions1763871000000,
  DomainRights1763871100000,
  ReminderRuns1763871300000,
  DeliveryRetries1763871400000,
  CoordinatorFilter1763871500000,
  EmbeddedRedisTables1763871600000,
  DeliveryAndAssignment1764100000000,
  YearlyRevisions1764100100000,
  CollectiveParts1764200000000,
  Indicators1764300000000,
  ReportRequests1764300100000,
  PlanHierarchy1764400000000,
  EscalationLadder1764400100000,
  Urgings1764400200000,
  ConclusionNotices1764400300000,
  YearlyReminders1764600000000,
  CarriedTaskRevisions1764800000000,
  TaskUpdateReportPeriod1764800100000,
  ReadCacheGuards1764950000000,
];

/**
 * The one place that builds TypeORM's options; the apps and the migration CLI use it.
 * The apps pass their timeouts (DB_STATEMENT_TIMEOUT_MS…), sent when each connection opens, so
 * they hold even where the role has none set; migrations run without them.
 */
export function dataSourceOptions(
  databaseUrl: string,
  extra: { poolSize?: number; statementTimeoutMs?: number; idleInTransactionTimeoutMs?: number } = {},
): DataSourceOptions {
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
    // the migrations create every extension the schema uses; the application role may create none
    installExtensions: false,
    extra: {
      application_name: 'steering',
      // a PostgreSQL host that stops answering (not refusing) fails a request in 2 s, answered 503
      connectionTimeoutMillis: 2000,
      ...(extra.statementTimeoutMs ? { statement_timeout: extra.statementTimeoutMs } : {}),
      ...(extra.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: extra.idleInTransactionTimeoutMs } : {}),
    },
  };
}
