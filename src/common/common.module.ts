import { type DynamicModule, Global, Module } from '@nestjs/common';
import { CalendarService } from '../calendar/calendar.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Clock, SystemClock } from './clock.js';

/** Config, clock and calendar: needed everywhere, provided once. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: Clock, useClass: SystemClock }, CalendarService],
      exports: [APP_CONFIG, Clock, CalendarService],
    };
  }
}
