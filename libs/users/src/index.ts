export * from './user.entity';
export * from './users.service';
export * from './auth.service';
export * from './token.service';
export * from './login-throttle';
export * from './passwords';
export * from './users.module';
export * from './session-marks';
