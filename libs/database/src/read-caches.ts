import { LRUCache } from 'lru-cache';

/**
 * The API's three read caches, in one place. Each is per process (several API processes each
 * keep their own, all correct for the same reasons) and is used only by reads on the pool,
 * never inside a transaction. Guarded by test/read-caches.e2e-spec.ts.
 *
 * 1. `taskJson` — each task's JSON as lists show it (TaskQueries.listJson, libs/tasks).
 *    Key: data generation / day / task id @ row version (`xmin` and `ctid`).
 *    Invalidated by: nothing needs to. PostgreSQL never rewrites a row in place, so any change
 *    to a task row (API, SQL, trigger, even one behind the triggers) makes a new row version
 *    and the old entry is never found again; the day is in the key because timeliness depends
 *    on it. Entries only age out (32 MB, least recently used first).
 *    Must never contain: anything read from another row or table than the task's own `tasks`
 *    row (a department name, a plan number, a count of children): a change there would not
 *    move the row version, and the old text would be served. What the JSON needs of other
 *    tables is copied onto the task row by triggers in the writing transaction (migrations
 *    1763870800000-task-read-columns, 1764200000000-collective-parts).
 *
 * 2. `listCounts` — a list's total (TaskQueries.listJson). Key: the filters and the day; the
 *    entry holds the stamp it was counted at: the data generation and the sum of
 *    `data_revisions`, read in the list statement's own snapshot.
 *    Invalidated by: any revision bump (triggers of migration 1763870900000-data-revisions and
 *    later ones: task inserts and deletes, and updates of the columns in the WHEN of
 *    tr_tasks_revisions_updated / tr_tasks_revisions_delivery), and a new data generation.
 *    Must never contain: the count of a filter on a column whose change bumps no revision
 *    (the search text is never kept for that reason). A new filter column goes into a
 *    revision trigger's WHEN first, in a new migration.
 *
 * 3. `rollups` — GET /rollups answers (RollupsService.rollupJson, libs/rollups). Key: scope,
 *    day, shares flag and the stamp: the data generation and the revisions of the scope's
 *    plans (and of the plans its carried tasks come from) and of the departments.
 *    Invalidated by: the same revision triggers (tasks, plans, departments, carried_tasks),
 *    and a new data generation. Must never contain: figures from a column or table whose
 *    change bumps none of those revisions.
 *
 * What none of the triggers sees, and how it is caught anyway: a TRUNCATE (a statement
 * trigger, migration 1764950000000-read-cache-guards, bumps `data_revisions.truncated`);
 * a restore or a failover (another cluster or timeline, or a database made again). Together
 * these are the data generation (DATA_GENERATION_SQL), part of every key: a reader that sees
 * another generation than the last one empties all three caches. A load written with the
 * triggers off (session_replication_role = replica) is still invisible to the counts and the
 * roll-ups: such a load must bump the revisions itself (or restart the API).
 *
 * READ_CACHES=off (the config's readCaches): every read goes to the database and nothing is kept.
 */
/** The `data_revisions` key a TRUNCATE of a watched table bumps (migration 1764950000000). */
export const TRUNCATED_REVISION_KEY = 'truncated';

/** The data generation as SQL text: cluster, timeline, database, truncations (see above). */
export const DATA_GENERATION_SQL = `(SELECT s.system_identifier::text || '.' || c.timeline_id || '.' || d.oid || '.'
    || COALESCE((SELECT revision FROM data_revisions WHERE key = '${TRUNCATED_REVISION_KEY}'), 0)
    FROM pg_control_system() s, pg_control_checkpoint() c, pg_database d WHERE d.datname = current_database())`;

/** At most this much tasks' JSON is kept (some 30,000 tasks of about 1 KB). */
const TASK_JSON_CACHE_BYTES = 32 * 1024 * 1024;
/** At most this many list counts are kept (a filter and a day each). */
const LIST_COUNT_CACHE_ENTRIES = 10_000;
/** At most this many roll-ups are kept (each a few KB to ~100 KB of JSON for every plan). */
const ROLLUP_CACHE_ENTRIES = 256;

/** Provided by DatabaseModule (libs/data-source) from the config: libs/database reads no config of its own. */
export class ReadCaches {
  /** False with READ_CACHES=off: readers must neither look up nor keep anything. */
  readonly enabled: boolean;
  readonly taskJson = new LRUCache<string, Buffer>({ maxSize: TASK_JSON_CACHE_BYTES, sizeCalculation: (json) => json.length });
  readonly listCounts = new LRUCache<string, { stamp: string; total: number }>({ max: LIST_COUNT_CACHE_ENTRIES });
  readonly rollups = new LRUCache<string, string>({ max: ROLLUP_CACHE_ENTRIES });
  /** The data generation the last read saw. */
  private generation: string | null = null;

  constructor(settings?: { readCaches: boolean }) {
    this.enabled = settings?.readCaches ?? true;
  }

  /**
   * Called with the data generation a read saw: another one than before (a restore, a
   * failover, a TRUNCATE) empties every cache. The keys carry the generation as well, so a
   * reader still on the old one never finds the new one's entries, nor the reverse.
   */
  observe(generation: string): void {
    if (generation === this.generation) return;
    if (this.generation !== null) this.clear();
    this.generation = generation;
  }

  clear(): void {
    this.taskJson.clear();
    this.listCounts.clear();
    this.rollups.clear();
  }
}
