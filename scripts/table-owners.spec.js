// The table-owner rule of `npm run lint:boundaries` bites: each kind of breach gives its rule,
// what is lawful gives nothing, and the real tree holds.
const path = require('node:path');
const ts = require('typescript');
const { checkTables, OWNERS, READS } = require('./table-owners');
const { check } = require('./check-boundaries');

const root = path.resolve(__dirname, '..');
const rel = (file) => path.relative(root, file).split(path.sep).join('/');
const libraryOf = (file) => /^libs\/([^/]+)\//.exec(rel(file))?.[1] ?? null;

/** Violations of these made-up files ({ 'libs/x/src/y.ts': 'source' }). */
function violationsOf(sources) {
  const files = Object.entries(sources).map(([name, text]) => {
    const file = path.join(root, name);
    return { file, source: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true) };
  });
  return checkTables(files, { rel, libraryOf }).map((v) => `${rel(v.file)}:${v.line} ${v.what} [${v.rule}]`);
}

describe('one owner per table', () => {
  it('a library writing a table another owns is named, with the statement and the owner', () => {
    expect(violationsOf({ 'libs/reminders/src/x.ts': 'q(`INSERT INTO deliveries (id) VALUES ($1)`);' })).toEqual([
      'libs/reminders/src/x.ts:1 INSERT INTO deliveries [owner-writes]',
    ]);
    expect(violationsOf({ 'libs/meetings/src/x.ts': "\nq('UPDATE tasks SET status = $1');\nq(`DELETE FROM plans WHERE id = ${id}`);" })).toEqual([
      'libs/meetings/src/x.ts:2 UPDATE tasks [owner-writes]',
      'libs/meetings/src/x.ts:3 DELETE FROM plans [owner-writes]',
    ]);
  });

  it('a read listed in READS passes, the same table written still fails', () => {
    expect(READS.rollups.tables).toContain('tasks');
    expect(violationsOf({ 'libs/rollups/src/x.ts': 'q(`SELECT count(*) FROM tasks t JOIN plans p ON p.id = t.plan_id`);' })).toEqual([]);
    expect(violationsOf({ 'libs/rollups/src/x.ts': 'q(`UPDATE tasks SET seq = 1`);' })).toEqual(['libs/rollups/src/x.ts:1 UPDATE tasks [owner-writes]']);
  });

  it('a read not listed fails until it is listed; an app reads no table at all', () => {
    expect(READS.departments.tables).not.toContain('tasks');
    expect(violationsOf({ 'libs/departments/src/x.ts': 'q(`SELECT 1 FROM tasks WHERE lead_department_id = $1`);' })).toEqual([
      'libs/departments/src/x.ts:1 reads tasks [declared-reads]',
    ]);
    expect(violationsOf({ 'apps/api/src/x.ts': 'q(`SELECT id FROM users`);' })).toEqual(['apps/api/src/x.ts:1 reads users [apps-read-through-services]']);
  });

  it('the owner itself, tests and migrations are free; a table nobody owns is named', () => {
    expect(violationsOf({ 'libs/tasks/src/x.ts': 'q(`UPDATE tasks SET status = $1`); q(`INSERT INTO task_updates (id) VALUES ($1)`);' })).toEqual([]);
    expect(violationsOf({ 'test/x.e2e-spec.ts': 'q(`INSERT INTO deliveries (id) VALUES ($1)`);', 'migrations/1-x.ts': 'q(`UPDATE plans SET kind = 1`);' })).toEqual([]);
    expect(OWNERS.audit_log).toBeUndefined();
    expect(violationsOf({ 'libs/tasks/src/x.ts': 'q(`INSERT INTO audit_log (id) VALUES ($1)`);' })).toEqual(['libs/tasks/src/x.ts:1 INSERT INTO audit_log [table-has-owner]']);
    // English in a message is not SQL: "update" in lower case, "from" a word
    expect(violationsOf({ 'libs/departments/src/x.ts': "throw new Error('cannot update users: read from users first');" })).toEqual([]);
  });

  it("a TypeORM repository of another library's entity is a write to its table", () => {
    const entity = "import { Entity } from 'typeorm';\n@Entity('plans') export class Plan {}";
    expect(
      violationsOf({
        'libs/plans/src/plan.entity.ts': entity,
        'libs/meetings/src/x.ts': 'TypeOrmModule.forFeature([Plan]);\nclass S { constructor(@InjectRepository(Plan) r) {} }',
      }),
    ).toEqual(['libs/meetings/src/x.ts:1 forFeature(Plan) [owner-writes]', 'libs/meetings/src/x.ts:2 InjectRepository(Plan) [owner-writes]']);
    expect(violationsOf({ 'libs/plans/src/plan.entity.ts': entity, 'libs/plans/src/x.ts': 'TypeOrmModule.forFeature([Plan]);' })).toEqual([]);
  });

  it('the tree as it stands holds every boundary and table rule', () => {
    const { violations } = check();
    expect(violations.map((v) => `${v.where} ${v.what} [${v.rule}] ${v.message}`)).toEqual([]);
  });
});
