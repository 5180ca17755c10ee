import { Module } from '@nestjs/common';
import { IssuesModule } from '../issues/issues.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UnitsModule } from '../units/units.module.js';
import { LookbackRepository } from './lookback.repository.js';
import { LookbackItemResolver, LookbackResolver } from './lookback.resolver.js';
import { LookbackService } from './lookback.service.js';

/** Look-back campaigns (回头看, migration 1763900000034): conclusions go through the issues' transition path. */
@Module({
  imports: [IssuesModule, NotificationsModule, UnitsModule],
  providers: [LookbackRepository, LookbackService, LookbackResolver, LookbackItemResolver],
})
export class LookbackModule {}
