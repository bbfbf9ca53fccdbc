export * from './errors';
export * from './clock';
export * from './pagination';
export * from './text';
