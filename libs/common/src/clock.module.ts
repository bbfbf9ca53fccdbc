import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** One Clock for the whole app, so a test that sets it sets it everywhere. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
