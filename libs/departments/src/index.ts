export * from './department.entity';
export * from './departments.service';
export * from './departments.module';
