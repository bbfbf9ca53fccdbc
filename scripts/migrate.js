#!/usr/bin/env node
// npm run migration:run | migration:revert — from the build, no ts-node needed. As the owner of
// the tables (DATABASE_URL); a run then updates the application role's grants (scripts/app-role.js).
require('reflect-metadata');
const { buildIfNeeded, lib, loadConfigOrExit } = require('./build-if-needed');
const { prepareAppRole } = require('./app-role');

/** Runs or reverts; after a run, answers the application role's URL (prepareAppRole), for npm start. */
async function main(command) {
  buildIfNeeded();
  const config = loadConfigOrExit();
  const { ensureDatabase } = lib('database');
  const { dataSourceOptions } = lib('data-source');
  const { DataSource } = require('typeorm');
  if (await ensureDatabase(config.databaseUrl)) console.log('created the database');
  const dataSource = new DataSource({ ...dataSourceOptions(config.databaseUrl), logging: ['error', 'migration'] });
  await dataSource.initialize();
  try {
    if (command === 'run') {
      const done = await dataSource.runMigrations({ transaction: 'each' });
      console.log(done.length ? `applied ${done.map((m) => m.name).join(', ')}` : 'the schema is up to date');
      const appUrl = await prepareAppRole(config);
      if (appUrl) console.log(`the application role "${decodeURIComponent(new URL(appUrl).username)}" holds its grants`);
      if (config.queueBackend === 'postgres') {
        // REDIS_URL=embedded: BullMQ's PostgreSQL schema, made and granted here as the owner
        const { preparePostgresQueueSchema } = lib('queue');
        const appRole = appUrl ? decodeURIComponent(new URL(appUrl).username) : undefined;
        const version = await preparePostgresQueueSchema(config.databaseUrl, config.queueSchema, appRole);
        console.log(`the queues' schema "${config.queueSchema}" is at BullMQ's version ${version}`);
      }
      return appUrl;
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else {
      throw new Error(`unknown command "${command}": use run or revert`);
    }
  } finally {
    await dataSource.destroy();
  }
}

module.exports = { migrate: main };
if (require.main === module) {
  main(process.argv[2]).catch((error) => {
    console.error(`migration failed: ${error.message}`);
    process.exit(1);
  });
}
