import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { RequestLoggingHook } from './request-logging.hook.js';
import { ROOT_LOGGER } from './root-logger.js';

/** The root logger, and the hook that logs each request (installed by AppModule, first of the HTTP hooks). */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: ROOT_LOGGER, useValue: logger }, RequestLoggingHook],
      exports: [ROOT_LOGGER, RequestLoggingHook],
    };
  }
}
