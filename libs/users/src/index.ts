export * from './user.entity';
export * from './users.service';
export * from './auth.service';
export * from './users.module';
