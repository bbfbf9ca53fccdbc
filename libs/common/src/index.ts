export * from './errors';
export * from './clock';
export * from './days';
export * from './pagination';
export * from './text';
export * from './actor';
export * from './clock.module';
export * from './shutdown';
