#!/usr/bin/env node
// npm run migration:run | migration:revert — from the build, no ts-node needed.
require('reflect-metadata');
const { buildIfNeeded, lib, loadConfigOrExit } = require('./build-if-needed');

async function main(command) {
  buildIfNeeded();
  const config = loadConfigOrExit();
  const { dataSourceOptions, ensureDatabase } = lib('database');
  const { DataSource } = require('typeorm');
  if (await ensureDatabase(config.databaseUrl)) console.log('created the database');
  const dataSource = new DataSource({ ...dataSourceOptions(config.databaseUrl), logging: ['error', 'migration'] });
  await dataSource.initialize();
  try {
    if (command === 'run') {
      const done = await dataSource.runMigrations({ transaction: 'each' });
      console.log(done.length ? `applied ${done.map((m) => m.name).join(', ')}` : 'the schema is up to date');
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
