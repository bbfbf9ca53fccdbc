import { DynamicModule, Global, Module } from '@nestjs/common';
import { BUSINESS_TIME_ZONE } from '@app/common';
import { AppConfig, CONFIG, loadConfig } from './app-config';
import { DELIVERY_SETTINGS } from './delivery-settings';
import { REMINDER_RUN_SETTINGS } from './reminder-run-settings';

/**
 * Provides the validated AppConfig under the CONFIG token, and the parts some code needs alone
 * under their own tokens. Tests pass their own.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: CONFIG, useValue: config },
        // the Clock (libs/common) takes its zone from BUSINESS_TIME_ZONE, not from the whole config
        { provide: BUSINESS_TIME_ZONE, useValue: config.businessTimeZone },
        { provide: DELIVERY_SETTINGS, useValue: config.delivery },
        { provide: REMINDER_RUN_SETTINGS, useValue: config.reminderRuns },
      ],
      exports: [CONFIG, BUSINESS_TIME_ZONE, DELIVERY_SETTINGS, REMINDER_RUN_SETTINGS],
    };
  }
}
