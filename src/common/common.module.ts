import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Clock, SystemClock } from './clock.js';

/** Config and clock: needed everywhere, provided once. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        clock ? { provide: Clock, useValue: clock } : { provide: Clock, useClass: SystemClock },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
