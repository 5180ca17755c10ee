import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { RequestLoggingMiddleware } from './request-logging.middleware.js';
import { ROOT_LOGGER } from './root-logger.js';

@Global()
@Module({})
export class LoggingModule implements NestModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: ROOT_LOGGER, useValue: logger }, RequestLoggingMiddleware],
      exports: [ROOT_LOGGER],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLoggingMiddleware).forRoutes('*path');
  }
}
