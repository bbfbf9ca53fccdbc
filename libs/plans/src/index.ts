export * from './plan.entity';
export * from './plans.service';
export * from './plans.module';
export * from './plan-hierarchy';
