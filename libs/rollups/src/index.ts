export * from './rollup.types';
export * from './completion-rate';
export * from './rollup-sql';
export * from './rollups.service';
export * from './rollups.module';
export * from './shares';
export * from './department-ranking';
export * from './cascade-rollup';
