import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, CONFIG, loadConfig } from './app-config';

/** Provides the validated AppConfig under the CONFIG token. Tests pass their own. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}
