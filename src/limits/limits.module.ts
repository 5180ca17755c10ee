import { Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DASHBOARD_FILE_ROUTES } from '../dashboard/dashboard.controller.js';
import { CallerLimits } from './caller-limits.js';
import { RequestGateMiddleware } from './request-gate.middleware.js';

/** The gate every request but /health and the dashboard's files passes (authenticate, budget, turn, fair pool scope). */
@Global()
@Module({ imports: [AuthModule], providers: [CallerLimits, RequestGateMiddleware], exports: [CallerLimits] })
export class LimitsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RequestGateMiddleware)
      .exclude('health', ...DASHBOARD_FILE_ROUTES)
      .forRoutes('*path');
  }
}
