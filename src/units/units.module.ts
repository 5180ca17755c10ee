import { Module } from '@nestjs/common';
import { UnitsRepository } from './units.repository.js';
import { UnitsResolver } from './units.resolver.js';
import { UnitsService } from './units.service.js';

@Module({
  providers: [UnitsRepository, UnitsService, UnitsResolver],
  exports: [UnitsRepository, UnitsService],
})
export class UnitsModule {}
