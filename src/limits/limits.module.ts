import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CallerLimits } from './caller-limits.js';
import { RequestGate } from './request-gate.hook.js';
import { DistrictDirectory } from '../tenancy/district-narrowing.js';

/**
 * The gate every request but /health and the dashboard's files passes (authenticate, budget, turn, fair pool scope):
 * Fastify hooks, installed by AppModule.
 */
@Global()
@Module({
  imports: [AuthModule],
  providers: [CallerLimits, RequestGate, DistrictDirectory],
  exports: [CallerLimits, RequestGate],
})
export class LimitsModule {}
