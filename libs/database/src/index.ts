import './sql-dates';
export * from './ensure-database';
export * from './prepared-query';
export * from './app-role';
export * from './app-role-check';
export * from './database-errors';
export * from './scram';
export * from './connection-errors';
export * from './read-caches';
