import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module.js';
import { AccountabilityRepository } from './accountability.repository.js';
import { AccountabilityResolver } from './accountability.resolver.js';
import { AccountabilityService } from './accountability.service.js';

/** 追责问责: what the office decides against units; the score (eco) and the weekly bulletin (reports) read it. */
@Module({
  imports: [UnitsModule],
  providers: [AccountabilityRepository, AccountabilityService, AccountabilityResolver],
  exports: [AccountabilityRepository, AccountabilityService],
})
export class AccountabilityModule {}
