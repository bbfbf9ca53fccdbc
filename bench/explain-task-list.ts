/**
 * `npm run bench:explain` — how PostgreSQL answers GET /tasks (evidence for issue 3).
 *
 * Seeds the benchmark dataset with 10,000 tasks (BENCH_TASKS to change) in a database of its
 * own, then prints EXPLAIN (ANALYZE, BUFFERS) of the two list statements (the page as keys and
 * its count; the page with its JSON and its count, read when some task is not cached) with every
 * filter combined (planId, departmentId, parentId=null, status, timeliness, dueFrom/dueTo, q),
 * built by the app's own taskListStatements, and a one-line plan per filter alone. Filter
 * values are taken from a real task so that the combined query finds rows. Drops its
 * database at the end.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { TaskFilter, taskListStatements } from '@app/tasks';
import { BENCH_SERVER_URL, seedDataset } from './dataset';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every scan of the plan as "Index Scan using ix_… on tasks", sub-plans included. */
function scans(node: PlanNode, out: string[] = []): string[] {
  if (node['Relation Name'] || node['Index Name']) {
    out.push(`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}`);
  }
  for (const child of node.Plans ?? []) scans(child, out);
  return out;
}

async function explain(client: Client, sql: string, params: unknown[]): Promise<{ text: string; scans: string[]; ms: number }> {
  const text = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
  const [json] = (await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)).rows[0]['QUERY PLAN'];
  return { text, scans: [...new Set(scans(json.Plan))], ms: json['Execution Time'] };
}

async function main(): Promise<void> {
  const tasks = Number(process.env.BENCH_TASKS ?? 10_000);
  console.log(`seeding ${tasks.toLocaleString('en-US')} tasks…`);
  const data = await seedDataset(BENCH_SERVER_URL, { tasks });
  const client = new Client({ connectionString: data.url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const today = data.today;
    // a top-level overdue task in progress gives values for which every filter holds
    const { rows } = await client.query(
      `SELECT plan_id, lead_department_id, due_date, search_text FROM tasks
        WHERE parent_id IS NULL AND status = 'in_progress' AND due_date < $1 AND lead_department_id IS NOT NULL
        ORDER BY seq LIMIT 1 OFFSET 7`,
      [today],
    );
    const sample = rows[0];
    const words = sample.search_text.split(' ');
    const q = words.slice(-3, -1).join(' ');
    const all: TaskFilter = {
      planId: sample.plan_id,
      departmentId: sample.lead_department_id,
      parentId: null,
      status: ['in_progress'],
      timeliness: ['overdue'],
      dueFrom: '2024-01-01',
      dueTo: '2026-12-31',
      q,
      page: 1,
      limit: 50,
    };
    console.log(`${data.name}: ${JSON.stringify(data.counts)}; today ${today}`);
    console.log(`filters: ${JSON.stringify(all)}\n`);

    const combined = taskListStatements(all, today);
    const keys = await explain(client, combined.keys, [...combined.params, null, null]); // no count known: counted
    console.log('=== GET /tasks with every filter: the page as keys, and its count ===');
    console.log(keys.text);
    // the count known at the current stamp: PostgreSQL does not count
    const { stamp } = (await client.query(combined.keys, [...combined.params, null, null])).rows[0];
    const known = await explain(client, combined.keys, [...combined.params, stamp, 1]);
    console.log('\n=== the same keys with the count known at the current stamp ===');
    console.log(known.text.split('\n').filter((line) => /never executed|Execution Time|InitPlan/.test(line)).join('\n'));
    // nothing cached: every task's JSON is written
    const page = await explain(client, combined.page, [...combined.params, null, null, []]);
    console.log('\n=== the same page with its JSON (when some task of it is not cached) ===');
    console.log(page.text);

    console.log('\n=== each filter alone: scans used, execution time of the keys and of the page with its JSON ===');
    const alone: [string, Partial<TaskFilter>][] = [
      ['planId', { planId: all.planId }],
      ['departmentId', { departmentId: all.departmentId }],
      ['departmentId + status', { departmentId: all.departmentId, status: ['in_progress'] }],
      ['parentId=null', { parentId: null }],
      ['status', { status: ['blocked'] }],
      ['timeliness=overdue', { timeliness: ['overdue'] }],
      ['timeliness=due_soon', { timeliness: ['due_soon'] }],
      ['dueFrom/dueTo (one month)', { dueFrom: '2025-03-01', dueTo: '2025-03-31' }],
      ['q', { q }],
      ['(no filter)', {}],
    ];
    for (const [label, filter] of alone) {
      const statements = taskListStatements({ page: 1, limit: 50, ...filter }, today);
      const result = await explain(client, statements.keys, [...statements.params, null, null]);
      const withJson = await explain(client, statements.page, [...statements.params, null, null, []]);
      console.log(
        `  ${label.padEnd(26)} ${result.ms.toFixed(2).padStart(6)} ms, ${withJson.ms.toFixed(2).padStart(6)} ms: ` +
          result.scans.filter((s) => s.endsWith(' tasks') || s.includes('ix_tasks')).join(', '),
      );
    }
    // data_revisions (a row per plan) is summed whole by design: the stamp of the count
    const seqScans = [...keys.scans, ...page.scans].filter((s) => s.startsWith('Seq Scan') && !s.endsWith(' data_revisions'));
    console.log(`\ncombined filters: ${seqScans.length ? `SEQUENTIAL SCANS: ${seqScans.join(', ')}` : 'no sequential scan of tasks, every task read through an index'}`);
  } finally {
    await client.end().catch(() => undefined);
    await data.drop();
  }
}

main().catch((error) => {
  console.error(`bench:explain failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
