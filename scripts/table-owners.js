// One owner per table (issue 19; README, Layout). Each table of the schema belongs to one library:
// only its owner writes it (INSERT, UPDATE, DELETE, TRUNCATE, or a TypeORM repository of its
// entity); every other library asks the owner's service. Reading another library's table in SQL
// is allowed only where READS below names it, with why — the roll-ups and reports aggregate in
// SQL across features (one statement, no query per row), which a service call cannot do.
// Checked by `npm run lint:boundaries` on libs/*/src and apps/*/src; migrations, tests,
// benchmarks and scripts are outside the rule (they build, seed and inspect the schema).
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

/** table → the library that owns it. A table missing here fails the check when a statement names it. */
const OWNERS = {
  // the reference data
  departments: 'departments',
  department_groups: 'departments',
  department_group_members: 'departments',
  users: 'users',
  session_marks: 'users',
  login_attempts: 'users',
  // plans and their tasks
  plans: 'plans',
  plan_parents: 'plans', // a view over plans and tasks (migration 1764400000000)
  tasks: 'tasks',
  task_coordinators: 'tasks',
  task_updates: 'tasks',
  output_documents: 'tasks',
  extension_requests: 'tasks',
  status_change_requests: 'tasks',
  // meetings, their summaries and the tasks a conclusion notice carries
  meetings: 'meetings',
  meeting_plans: 'meetings',
  meeting_summaries: 'meetings',
  carried_tasks: 'meetings',
  // reminders, urgings and the morning runs
  reminder_runs: 'reminders',
  reminder_run_parts: 'reminders',
  urgings: 'reminders',
  urging_tasks: 'reminders',
  // notices and what is sent for them
  notifications: 'notifications',
  deliveries: 'notifications',
  // indicators and periodic reports
  indicators: 'indicators',
  indicator_targets: 'indicators',
  indicator_values: 'indicators',
  indicator_value_history: 'indicators',
  report_series: 'indicators',
  report_requests: 'indicators',
  report_answers: 'indicators',
  // the read caches' change counter (its triggers are in the migrations)
  data_revisions: 'database',
};

/**
 * library → the other libraries' tables it reads in SQL, and why. Reads only: a write to one of
 * these still fails. A new cross-feature read fails the check until it is listed here.
 */
const READS = {
  rollups: {
    why: 'the roll-ups count the tasks of plans (and those carried into them) per department in one statement, keyed by the revisions in the same snapshot',
    tables: ['tasks', 'plans', 'departments', 'carried_tasks', 'data_revisions'],
  },
  meetings: {
    why: 'a summary and its appendices list the tasks of the meeting\'s plans with their departments, groups, documents and urgings as of a day, in SQL',
    tables: ['tasks', 'plans', 'departments', 'department_groups', 'output_documents', 'urgings', 'urging_tasks'],
  },
  reminders: {
    why: 'the morning run selects the due tasks with their plans, departments and recipients in one statement per step',
    tables: ['tasks', 'plans', 'departments', 'department_groups', 'users'],
  },
  indicators: {
    why: 'indicators and report requests are assigned to departments or groups, asked at meetings for plans, and show those names',
    tables: ['departments', 'department_groups', 'department_group_members', 'meetings', 'meeting_plans', 'plans', 'users'],
  },
  tasks: {
    why: 'a task list filters by its plan\'s kind and issue, the history names its authors, and the list cache reads the revisions in its own snapshot',
    tables: ['plans', 'users', 'data_revisions'],
  },
  plans: {
    why: 'a plan\'s detail counts its tasks, the hierarchy walks plans through tasks, and a plan under a meeting is not deleted',
    tables: ['tasks', 'meetings'],
  },
  departments: {
    why: 'a department with users is not deleted',
    tables: ['users'],
  },
  notifications: {
    why: 'a notice is addressed to the active users of a role or department, and a webhook carries the user\'s e-mail',
    tables: ['users'],
  },
  imports: {
    why: 'an import resolves department names, aliases and groups, and finds the plan\'s existing task codes',
    tables: ['departments', 'department_groups', 'department_group_members', 'tasks'],
  },
  demo: {
    why: 'the demo loader loads only into an empty database',
    tables: ['departments', 'plans'],
  },
};

const WRITE = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?([a-z_]+)"?/g;
const READ = /\b(FROM|JOIN)\s+"?([a-z_]+)"?/g;
/** TypeORM calls that hand out or use a table's repository by its entity class. */
const REPOSITORY_CALLS = new Set(['InjectRepository', 'getRepository', 'forFeature', 'save', 'insert', 'update', 'delete', 'remove', 'softDelete', 'upsert', 'find', 'findOne', 'findOneBy', 'findBy', 'count', 'countBy', 'createQueryBuilder']);

/** The text of every string and template literal of a file, with its line. */
function literalsOf(source) {
  const found = [];
  const visit = (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push({ text: node.text, node });
    else if (ts.isTemplateExpression(node)) {
      // the pieces joined, each substitution as a placeholder: the SQL around it still reads whole
      found.push({ text: [node.head.text, ...node.templateSpans.map((s) => `\${…}${s.literal.text}`)].join(''), node });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Entity class name → { table, library }, from the @Entity('table') decorators of libs/. */
function entitiesOf(files, libraryOf) {
  const entities = new Map();
  for (const { file, source } of files) {
    const library = libraryOf(file);
    if (!library) continue;
    const visit = (node) => {
      if (ts.isClassDeclaration(node) && node.name) {
        for (const decorator of ts.getDecorators?.(node) ?? []) {
          const call = decorator.expression;
          if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === 'Entity') {
            const arg = call.arguments[0];
            const table = arg && ts.isStringLiteralLike(arg) ? arg.text : null;
            entities.set(node.name.text, { table, library });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return entities;
}

/**
 * The table-ownership violations of the files given ({ file, source } with a parsed source),
 * as { file, line, what, rule, message }. `owner` is the library (or 'apps/<name>') a file is in.
 */
function checkTables(files, { rel, libraryOf }) {
  const violations = [];
  const entities = entitiesOf(files, libraryOf);
  for (const { file, source } of files) {
    const relative = rel(file);
    if (!/^(libs\/[^/]+|apps\/(api|worker))\/src\//.test(relative) || /\.spec\.ts$/.test(relative)) continue;
    const library = libraryOf(file);
    const who = library ? `libs/${library}` : relative.split('/').slice(0, 2).join('/');
    const lineOf = (node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const report = (node, what, rule, message) => violations.push({ file, line: lineOf(node), what, rule, message });

    for (const { text, node } of literalsOf(source)) {
      for (const [, verb, table] of text.matchAll(WRITE)) {
        const owner = OWNERS[table];
        if (!owner) {
          if (verb !== 'UPDATE' || /\bSET\b/.test(text)) report(node, `${verb} ${table}`, 'table-has-owner', `no owner is listed for table ${table}: add it to scripts/table-owners.js`);
          continue;
        }
        if (owner !== library) report(node, `${verb.replace(/\s+/g, ' ')} ${table}`, 'owner-writes', `${who} writes ${table}, which libs/${owner} owns: call libs/${owner}'s service`);
      }
      for (const [, , table] of text.matchAll(READ)) {
        const owner = OWNERS[table];
        if (!owner || owner === library) continue;
        if (!library) report(node, `reads ${table}`, 'apps-read-through-services', `${who} reads table ${table}: an app calls libs/${owner}'s service`);
        else if (!(READS[library]?.tables ?? []).includes(table)) {
          report(node, `reads ${table}`, 'declared-reads', `libs/${library} reads ${table}, which libs/${owner} owns, and scripts/table-owners.js does not list that read: call libs/${owner}'s service, or list the read with why`);
        }
      }
    }
    // TypeORM repositories: an entity of another library is that library's table
    const visit = (node) => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : null;
        if (name && REPOSITORY_CALLS.has(name)) {
          const args = node.arguments.flatMap((a) => (ts.isArrayLiteralExpression(a) ? [...a.elements] : [a]));
          for (const arg of args) {
            const entity = ts.isIdentifier(arg) ? entities.get(arg.text) : undefined;
            if (entity && entity.library !== library) {
              report(node, `${name}(${arg.text})`, 'owner-writes', `${who} uses the repository of ${entity.table ?? arg.text}, which libs/${entity.library} owns: call libs/${entity.library}'s service`);
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return violations;
}

/** For the README and the curious: `node scripts/table-owners.js` prints the map. */
if (require.main === module) {
  const byOwner = new Map();
  for (const [table, owner] of Object.entries(OWNERS)) byOwner.set(owner, [...(byOwner.get(owner) ?? []), table]);
  for (const [owner, tables] of byOwner) console.log(`libs/${owner}: ${tables.join(', ')}`);
  console.log('\nreads across features:');
  for (const [library, { why, tables }] of Object.entries(READS)) console.log(`libs/${library} reads ${tables.join(', ')} — ${why}`);
}

module.exports = { OWNERS, READS, checkTables };
