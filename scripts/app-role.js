#!/usr/bin/env node
// The application's database role (README, Security): the API and the worker connect as it,
// migrations as the owner (DATABASE_URL).
//   npm run db:app-role            makes or updates it, as DATABASE_APP_URL names it (else, outside
//                                  production, <database>_app with a password kept in data/local-secrets.json)
//   npm run db:app-role -- --sql   prints the same as SQL, for an admin to run with psql elsewhere
require('reflect-metadata');
const { buildIfNeeded, lib, loadConfigOrExit } = require('./build-if-needed');
const { localSecret } = require('./local-secrets');

/** The role's name and password: from DATABASE_APP_URL, else (outside production) the local default. */
function appRoleOf(config) {
  const { defaultAppRoleName } = lib('database');
  if (config.databaseAppUrl) {
    const url = new URL(config.databaseAppUrl);
    return { role: decodeURIComponent(url.username), password: decodeURIComponent(url.password) || undefined };
  }
  if (config.nodeEnv === 'production') return undefined;
  return { role: defaultAppRoleName(config.databaseUrl), password: localSecret('DATABASE_APP_PASSWORD') };
}

/** Makes or updates the role as `config` names it; answers the URL to connect as it. Throws what fails. */
async function ensureConfiguredAppRole(config) {
  const wanted = appRoleOf(config);
  if (!wanted) throw new Error('DATABASE_APP_URL is required when NODE_ENV=production: it names the role and its password');
  if (!wanted.password) throw new Error('DATABASE_APP_URL has no password');
  const { ensureAppRole } = lib('database');
  const url = await ensureAppRole(config.databaseUrl, {
    ...wanted,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
  });
  return config.databaseAppUrl ?? url;
}

/**
 * After every migration run (scripts/migrate.js): makes or updates the application role, so
 * new tables get their grants, and answers the URL the API and the worker are to connect with
 * (their DATABASE_APP_URL), or undefined for DATABASE_URL. Never fails the run: in production
 * without DATABASE_APP_URL it makes nothing (the apps then refuse to start); where the owner may
 * not manage roles (managed PostgreSQL: an admin runs the SQL of --sql) it warns; the apps check
 * the role they connect as at their own start.
 */
async function prepareAppRole(config) {
  if (config.nodeEnv === 'production' && !config.databaseAppUrl) return undefined;
  try {
    return await ensureConfiguredAppRole(config);
  } catch (error) {
    console.warn(
      `the application role was not made or updated (${error.message}): an admin runs npm run db:app-role -- --sql (README, Security); ` +
        `meanwhile the API and the worker connect as ${config.databaseAppUrl ? 'DATABASE_APP_URL' : 'DATABASE_URL'}`,
    );
    return config.databaseAppUrl;
  }
}

async function main(args) {
  buildIfNeeded();
  const config = loadConfigOrExit();
  if (args.includes('--sql')) {
    const { appRoleSql, defaultAppRoleName } = lib('database');
    const owner = new URL(config.databaseUrl);
    const wanted = config.databaseAppUrl ? appRoleOf(config) : { role: defaultAppRoleName(config.databaseUrl) };
    process.stdout.write(appRoleSql({
      role: wanted.role,
      password: wanted.password,
      database: decodeURIComponent(owner.pathname.slice(1)),
      owner: decodeURIComponent(owner.username) || 'postgres',
      statementTimeoutMs: config.dbStatementTimeoutMs,
      idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
    }));
    return;
  }
  const url = await ensureConfiguredAppRole(config);
  const shown = new URL(url);
  shown.password = '***';
  console.log(`application role ready: DATABASE_APP_URL=${shown}${config.databaseAppUrl ? '' : ' (password in data/local-secrets.json, DATABASE_APP_PASSWORD)'}`);
}

module.exports = { prepareAppRole };
if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`db:app-role failed: ${error.message}`);
    process.exit(1);
  });
}
