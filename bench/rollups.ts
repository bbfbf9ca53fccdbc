/**
 * Roll-up benchmark: seeds 100,000 tasks over 60 departments and 200 plans with 3 history rows
 * each (bench/dataset.ts: bulk SQL into a database of its own, steering_bench_…), then times
 * the roll-up through the service the API calls (RollupsService: TypeORM, scope checks, the
 * shaping of the answer) against the same aggregate written by hand as one SQL statement run
 * directly with `pg`, and prints the medians and their ratio. Drops its database at the end.
 *
 *   npm run bench:rollups            (BENCH_RUNS=15 for more runs per case)
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { FixedClock } from '@app/common';
import { dataSourceOptions } from '@app/data-source';
import { Rollup, RollupScope, RollupsService } from '@app/rollups';
import { BENCH_SERVER_URL, seedDataset } from './dataset';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const WARM_UP = 2;
const AS_OF = '2025-06-30';
const ZONE = 'Asia/Ho_Chi_Minh';

/**
 * The aggregate as one would write it by hand: the task states (live, or the day as done: the
 * completion dates known now and the last history row up to $2 per task), three grouping sets in one pass, names joined to the ~260 result rows,
 * the rate rounded half-up by numeric round(). $1 the day, then the cut-off, then the plan.
 */
function handSql(asOf: boolean, onePlan: boolean): string {
  // a past day as done (DOMAIN.md "Roll-ups"): tasks assigned by then (their plan's issue), completed
  // when their completion date is by then, else the status recorded by then, else today's
  const done = `(t.status = 'completed' AND t.completed_on <= $1::date)`;
  const state = asOf
    ? `CASE WHEN ${done} THEN 'completed' WHEN h.status IS NOT NULL AND h.status <> 'completed' THEN h.status
            WHEN t.status <> 'completed' THEN t.status ELSE 'in_progress' END AS status,
       t.due_date, CASE WHEN ${done} THEN t.completed_on END AS completed_on, (${done} AND t.completion_confirmed) AS completion_confirmed`
    : `t.status, t.due_date, t.completed_on, t.completion_confirmed`;
  const where = [asOf ? `p.issued_on <= $1::date` : '', onePlan ? `t.plan_id = $${asOf ? 3 : 2}` : ''].filter(Boolean);
  return `
  SELECT r.*, p.number, d.name FROM (
    SELECT CASE WHEN GROUPING(x.plan_key) = 0 THEN 'plan' WHEN GROUPING(x.dept) = 0 THEN 'department' ELSE 'total' END AS axis,
           COALESCE(x.plan_key, x.dept) AS key,
           count(*) AS total,
           count(*) FILTER (WHERE x.status = 'completed') AS completed,
           count(*) FILTER (WHERE x.status = 'completed' AND (x.due_date IS NULL OR COALESCE(x.delivered_on, x.completed_on) <= x.due_date)) AS on_time,
           count(*) FILTER (WHERE x.status = 'completed' AND COALESCE(x.delivered_on, x.completed_on) > x.due_date) AS late,
           count(*) FILTER (WHERE x.status = 'completed' AND x.completion_confirmed) AS confirmed,
           count(*) FILTER (WHERE x.status = 'recurring') AS recurring,
           count(*) FILTER (WHERE x.status = 'in_progress') AS in_progress,
           count(*) FILTER (WHERE x.status = 'not_started') AS not_started,
           count(*) FILTER (WHERE x.status = 'blocked') AS blocked,
           count(*) FILTER (WHERE x.status = 'cancelled') AS cancelled,
           count(*) FILTER (WHERE x.status IN ('not_started', 'in_progress', 'blocked') AND (x.due_date IS NULL OR x.due_date >= $1::date)) AS within_deadline,
           count(*) FILTER (WHERE x.status IN ('not_started', 'in_progress', 'blocked') AND x.due_date < $1::date) AS overdue,
           round(100.0 * count(*) FILTER (WHERE x.status = 'completed') / count(*), 2) AS completion_rate
      FROM (SELECT CASE WHEN t.parent_id IS NULL THEN t.plan_id END AS plan_key, t.lead_department_id AS dept, t.parent_id IS NULL AS top,
                   t.delivered_on, ${state}
              FROM tasks t
              ${asOf ? `JOIN plans p ON p.id = t.plan_id
                        LEFT JOIN LATERAL (SELECT u.status FROM task_updates u
                                            WHERE u.task_id = t.id AND u.at <= $2 ORDER BY u.at DESC, u.id DESC LIMIT 1) h ON true` : ''}
             ${where.length ? `WHERE ${where.join(' AND ')}` : ''}) x
     GROUP BY GROUPING SETS ((x.plan_key), (x.dept), (x.top))
    HAVING COALESCE(x.plan_key, x.dept) IS NOT NULL OR (GROUPING(x.top) = 0 AND x.top)
  ) r
  LEFT JOIN plans p ON r.axis = 'plan' AND p.id = r.key
  LEFT JOIN departments d ON r.axis = 'department' AND d.id = r.key`;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log('seeding (bench/dataset.ts)…');
  const data = await seedDataset(BENCH_SERVER_URL, { tasks: 100_000, departments: 60, plans: 200, log: (line) => console.log(`  ${line}`) });
  const dataSource = new DataSource(dataSourceOptions(data.url, { poolSize: 2 }));
  const client = new Client({ connectionString: data.url, application_name: 'steering-bench-hand-sql' });
  try {
    console.log(`seeded ${data.name} in ${data.seconds.toFixed(1)} s: ${Object.entries(data.counts).map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join(', ')}`);
    await dataSource.initialize();
    await client.connect();
    // the app judges days in Vietnam; the hand-written statement is given the same instants
    const clock = new FixedClock(new Date(), ZONE);
    const rollups = new RollupsService(dataSource, clock);
    const until = clock.endOfDay(AS_OF);
    const plan = data.plans[Math.floor(data.plans.length / 2)];
    const department = data.departments[0];

    const cases: { name: string; scope: RollupScope; hand: () => Promise<{ rows: any[] }> }[] = [
      { name: 'live, everything', scope: {}, hand: () => client.query(handSql(false, false), [clock.today()]) },
      { name: `live, one plan (${plan.number})`, scope: { planIds: [plan.id] }, hand: () => client.query(handSql(false, true), [clock.today(), plan.id]) },
      { name: `as of ${AS_OF}, everything`, scope: { asOf: AS_OF }, hand: () => client.query(handSql(true, false), [AS_OF, until]) },
      { name: `as of ${AS_OF}, one plan`, scope: { asOf: AS_OF, planIds: [plan.id] }, hand: () => client.query(handSql(true, true), [AS_OF, until, plan.id]) },
    ];

    const results: { name: string; service: number; hand: number; agree: boolean }[] = [];
    for (const c of cases) {
      // both give the same figures, or the comparison means nothing
      const mine: Rollup = await rollups.rollup(c.scope);
      const theirs = (await c.hand()).rows;
      const total = theirs.find((r) => r.axis === 'total');
      const agree =
        Number(total?.total ?? 0) === mine.total.total &&
        Number(total?.completed ?? 0) === mine.total.completed &&
        Number(total?.overdue ?? 0) === mine.total.overdue &&
        Number(total?.within_deadline ?? 0) === mine.total.withinDeadline &&
        Number(total?.completion_rate ?? 0) === mine.total.completionRate &&
        theirs.filter((r) => r.axis === 'plan').length === mine.byPlan.length &&
        theirs.filter((r) => r.axis === 'department').length === mine.byDepartment.length;
      const service: number[] = [];
      const hand: number[] = [];
      for (let i = 0; i < WARM_UP + RUNS; i++) {
        // alternate, so that neither side always runs on a warmer cache
        const s = await time(() => rollups.rollup(c.scope));
        const h = await time(() => c.hand());
        if (i >= WARM_UP) {
          service.push(s);
          hand.push(h);
        }
      }
      results.push({ name: c.name, service: median(service), hand: median(hand), agree });
      console.log(`  ${c.name}: ${mine.total.total.toLocaleString('en-US')} tasks counted, completion ${mine.total.completionRate}%, overdue ${mine.total.overdue}`);
    }
    // one department's scope, service only: a smaller set through the lead-department index
    const own: number[] = [];
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const t = await time(() => rollups.rollup({ departmentId: department.id }));
      if (i >= WARM_UP) own.push(t);
    }

    const width = Math.max(...results.map((r) => r.name.length), 30);
    console.log(`\nroll-up, median of ${RUNS} runs (after ${WARM_UP} warm-up), ${data.counts.tasks.toLocaleString('en-US')} tasks, ${data.counts.task_updates.toLocaleString('en-US')} history rows`);
    console.log(`${'case'.padEnd(width)}  ${'service'.padStart(10)}  ${'SQL via pg'.padStart(10)}  ${'ratio'.padStart(6)}  same figures`);
    for (const r of results) {
      console.log(`${r.name.padEnd(width)}  ${`${r.service.toFixed(1)} ms`.padStart(10)}  ${`${r.hand.toFixed(1)} ms`.padStart(10)}  ${(r.service / r.hand).toFixed(2).padStart(6)}  ${r.agree ? 'yes' : 'NO'}`);
    }
    console.log(`${`live, one department (${department.code})`.padEnd(width)}  ${`${median(own).toFixed(1)} ms`.padStart(10)}`);
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (results.some((r) => !r.agree)) process.exitCode = 1;
  } finally {
    await client.end().catch(() => undefined);
    if (dataSource.isInitialized) await dataSource.destroy();
    await data.drop();
    console.log(`dropped ${data.name}`);
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error?.stack ?? error}`);
  process.exit(1);
});
