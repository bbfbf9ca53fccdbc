#!/usr/bin/env node
// npm run lint:boundaries — the dependency rules of the layout (README, Layout), checked on every
// import of apps/, libs/, test/, bench/ and scripts/ with the TypeScript compiler's parser (no
// ESLint nor dependency-cruiser is installed), and the owner of each table (table-owners.js).
// Prints one line per violation naming the file, the import or statement and the rule, and exits
// 1 if there is any.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const { checkTables } = require('./table-owners');

const root = path.resolve(__dirname, '..');
const rel = (file) => path.relative(root, file).split(path.sep).join('/');

/** Libraries that may import no other library of ours: everything else stands on them. */
const BOTTOM = ['common', 'database'];
/** Libraries above the features (they assemble them): only apps, tests, benchmarks and scripts import them. */
const ASSEMBLY = ['data-source', 'demo'];

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'test-results', 'playwright-report']);

function sourceFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) files.push(...sourceFiles(full));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

/** The `paths` of a tsconfig, as alias → absolute target (without extension). */
function aliasesOf(tsconfigFile) {
  const { config, error } = ts.readConfigFile(tsconfigFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const base = path.resolve(path.dirname(tsconfigFile), config.compilerOptions?.baseUrl ?? '.');
  const aliases = new Map();
  for (const [alias, targets] of Object.entries(config.compilerOptions?.paths ?? {})) {
    aliases.set(alias, targets.map((t) => path.resolve(base, t)));
  }
  return aliases;
}

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '/index.ts', '/index.tsx', '/index.js'];
function resolveFile(target) {
  const base = target.replace(/\.js$/, '');
  for (const candidate of [target, ...EXTENSIONS.map((ext) => base + ext)]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** `libs/tasks/src/x.ts` → 'tasks'; null outside libs/. */
function libraryOf(file) {
  const m = /^libs\/([^/]+)\//.exec(rel(file));
  return m ? m[1] : null;
}
const isWeb = (file) => rel(file).startsWith('apps/web/');

/** Every module specifier a file names: imports, re-exports, import(), require(), import x = require(). */
/** Each file read and parsed once, for every rule below. */
const parsedFiles = new Map();
function parsed(file) {
  let source = parsedFiles.get(file);
  if (!source) {
    const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : /\.(js|mjs|cjs)$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind);
    parsedFiles.set(file, source);
  }
  return source;
}

function importsOf(file) {
  const source = parsed(file);
  const found = [];
  const add = (node, literal) => {
    if (literal && ts.isStringLiteralLike(literal)) {
      found.push({ specifier: literal.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
  };
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(node, node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function check() {
  const violations = [];
  const violation = (file, line, specifier, rule, message) =>
    violations.push({ where: `${rel(file)}:${line}`, what: specifier.startsWith('alias ') ? specifier : `import '${specifier}'`, rule, message });

  const serverAliases = aliasesOf(path.join(root, 'tsconfig.json'));
  const webAliases = aliasesOf(path.join(root, 'apps/web/tsconfig.json'));
  // rule: no wildcard alias — a library is entered through its index.ts or an entry listed by name
  for (const [file, aliases] of [['tsconfig.json', serverAliases], ['apps/web/tsconfig.json', webAliases]]) {
    for (const alias of aliases.keys()) {
      if (alias.includes('*')) violation(path.join(root, file), 1, `alias ${alias}`, 'no-wildcard-alias', 'a wildcard alias opens every file of a library; list the entry by name');
    }
  }
  /** The files that are a library's entries: the targets of the aliases. */
  const entries = new Set();
  for (const aliases of [serverAliases, webAliases]) {
    for (const targets of aliases.values()) for (const t of targets) entries.add(resolveFile(t));
  }

  const files = ['apps', 'libs', 'test', 'bench', 'scripts'].flatMap((d) => sourceFiles(path.join(root, d)));
  /** file → [{ target, specifier, line }] (files of ours only), for the closure of the API below. */
  const graph = new Map();
  /** 'a>b' → the first import that makes library a depend on library b. */
  const libraryEdges = new Map();

  for (const file of files) {
    const from = libraryOf(file);
    const fromApp = /^apps\/([^/]+)\//.exec(rel(file))?.[1] ?? null;
    const targets = [];
    for (const { specifier, line } of importsOf(file)) {
      let target = null;
      let throughAlias = false;
      if (specifier.startsWith('@app/')) {
        const aliases = isWeb(file) ? webAliases : serverAliases;
        const alias = aliases.get(specifier);
        if (!alias) {
          violation(file, line, specifier, 'entry-only', `no such entry: import the library through its index ('@app/${specifier.split('/')[1]}') or an entry listed in ${isWeb(file) ? 'apps/web/tsconfig.json' : 'tsconfig.json'}`);
          continue;
        }
        target = resolveFile(alias[0]);
        throughAlias = true;
      } else if (specifier.startsWith('.')) {
        target = resolveFile(path.resolve(path.dirname(file), specifier));
      } else continue; // a package
      if (!target || rel(target).startsWith('dist/') || rel(target).startsWith('..')) continue;
      targets.push({ target, specifier, line });

      const to = libraryOf(target);
      const toApp = /^apps\/([^/]+)\//.exec(rel(target))?.[1] ?? null;
      if (from && toApp) violation(file, line, specifier, 'library-imports-app', `libs/${from} imports apps/${toApp}: libraries never import an app`);
      if (to && to !== from) {
        if (!throughAlias) {
          violation(file, line, specifier, 'entry-only', `reaches into libs/${to} by its path: import it as '@app/${to}' (or a listed entry)`);
        } else if (!entries.has(target)) {
          violation(file, line, specifier, 'entry-only', `'${specifier}' is not an entry of libs/${to}`);
        }
        if (from) {
          if (BOTTOM.includes(from)) violation(file, line, specifier, 'bottom-imports-nothing', `libs/${from} imports libs/${to}: libs/${BOTTOM.join(' and libs/')} import no library of ours`);
          if (ASSEMBLY.includes(to) && !ASSEMBLY.includes(from)) {
            violation(file, line, specifier, 'assembly-above-features', `libs/${from} imports libs/${to}, which assembles the features: only apps, tests, benchmarks and scripts import it`);
          }
          const key = `${from}>${to}`;
          if (!libraryEdges.has(key)) libraryEdges.set(key, `${rel(file)}:${line} '${specifier}'`);
        }
      }
      if (rel(file).startsWith('apps/web/src/') && !to && !isWeb(target)) violation(file, line, specifier, 'entry-only', 'the web pages import only their own files and listed library entries');
    }
    graph.set(file, targets);
  }

  // rule: the API never imports a processor — nothing the API's entry reaches is a BullMQ processor or the worker's
  const apiMain = path.join(root, 'apps/api/src/main.ts');
  const reached = new Map([[apiMain, null]]);
  const queue = [apiMain];
  while (queue.length) {
    const file = queue.shift();
    for (const { target, specifier, line } of graph.get(file) ?? []) {
      if (!reached.has(target)) {
        reached.set(target, { by: file, specifier, line });
        queue.push(target);
      }
    }
  }
  for (const [file, how] of reached) {
    if (!how) continue;
    const processor = /\.processor\.ts$/.test(file) || /@Processor\(/.test(parsed(file).text);
    if (rel(file).startsWith('apps/worker/') || processor) {
      const chain = [];
      for (let f = file; f; f = reached.get(f)?.by) chain.unshift(rel(f));
      violation(how.by, how.line, how.specifier, 'api-imports-no-processor', `the API reaches ${processor ? 'a processor' : 'the worker'}: ${chain.join(' → ')}`);
    }
  }

  // rule: no cycle between libraries (Tarjan's strongly connected components)
  const next = new Map();
  for (const key of libraryEdges.keys()) {
    const [a, b] = key.split('>');
    if (!next.has(a)) next.set(a, []);
    next.get(a).push(b);
  }
  let index = 0;
  const order = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const strong = (v) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!order.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), order.get(w)));
    }
    if (low.get(v) === order.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) {
        // one shortest way round, from the component's first library back to it, each step with an import that makes it
        const start = component.sort()[0];
        const cameFrom = new Map([[start, null]]);
        const ring = [start];
        let back = null;
        while (ring.length && !back) {
          const a = ring.shift();
          for (const b of next.get(a) ?? []) {
            if (!component.includes(b)) continue;
            if (b === start) {
              back = a;
              break;
            }
            if (!cameFrom.has(b)) {
              cameFrom.set(b, a);
              ring.push(b);
            }
          }
        }
        const cycle = [start];
        for (let a = back; a !== start; a = cameFrom.get(a)) cycle.splice(1, 0, a);
        cycle.push(start);
        const steps = cycle.slice(1).map((b, i) => `      ${cycle[i]} → ${b}  (${libraryEdges.get(`${cycle[i]}>${b}`)})`);
        violations.push({
          where: `libs/${cycle.join(' → libs/')}`,
          what: '',
          rule: 'no-library-cycle',
          message: `a cycle between libraries${component.length > cycle.length - 1 ? ` (libraries caught in it: ${component.join(', ')})` : ''}:\n${steps.join('\n')}`,
        });
      }
    }
  };
  for (const v of next.keys()) if (!order.has(v)) strong(v);

  // rule: a queue is produced only from its feature's `<name>.jobs.ts` (job options decided there) and
  // consumed only by apps/worker's processors; names and payloads are in libs/queue/src/queues.ts
  for (const file of files) {
    const where = rel(file);
    if (!/^(libs|apps)\//.test(where) || /\.spec\.ts$/.test(where) || where.startsWith('apps/worker/')) continue;
    const lines = parsed(file).text.split('\n');
    lines.forEach((text, i) => {
      if (/@InjectQueue\(/.test(text) && !/^libs\/[^/]+\/src\/[^/]+\.jobs\.ts$/.test(where)) {
        violations.push({ where: `${where}:${i + 1}`, what: '@InjectQueue', rule: 'queue-producers', message: 'a queue is used only in its feature\'s <name>.jobs.ts (the producer) and by apps/worker' });
      }
    });
  }

  // rule: one owner per table (scripts/table-owners.js)
  const sources = files.filter((file) => /\.tsx?$/.test(file)).map((file) => ({ file, source: parsed(file) }));
  for (const v of checkTables(sources, { rel, libraryOf })) violations.push({ where: `${rel(v.file)}:${v.line}`, what: v.what, rule: v.rule, message: v.message });

  return { violations, files: files.length, libraryEdges };
}

if (require.main === module) {
  const { violations, files, libraryEdges } = check();
  if (process.argv.includes('--graph')) {
    for (const [key, by] of [...libraryEdges.entries()].sort()) console.log(`${key.replace('>', ' → ')}  (${by})`);
  }
  for (const v of violations) console.log(`${v.where}  ${v.what ? `${v.what}  ` : ''}[${v.rule}] ${v.message}`);
  if (violations.length) {
    console.log(`\n${violations.length} boundary violation(s) in ${files} files (rules: README, Layout)`);
    process.exit(1);
  }
  console.log(`boundaries hold: ${files} files, ${libraryEdges.size} library-to-library imports, no violation`);
}

module.exports = { check };
