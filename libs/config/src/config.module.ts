import { DynamicModule, Global, Module } from '@nestjs/common';
import { BUSINESS_TIME_ZONE } from '@app/common';
import { AppConfig, CONFIG, loadConfig } from './app-config';

/** Provides the validated AppConfig under the CONFIG token. Tests pass their own. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    // the Clock (libs/common) takes its zone from BUSINESS_TIME_ZONE, not from the whole config
    const providers = [{ provide: CONFIG, useValue: config }, { provide: BUSINESS_TIME_ZONE, useValue: config.businessTimeZone }];
    return { module: ConfigModule, providers, exports: [CONFIG, BUSINESS_TIME_ZONE] };
  }
}
