export * from './app-config';
export * from './config.module';
export * from './delivery-settings';
export * from './escalation-ladder';
export * from './reminder-run-settings';
export * from './local-secrets';
