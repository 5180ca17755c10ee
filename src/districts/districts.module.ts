import { Module } from '@nestjs/common';
import { DistrictsRepository } from './districts.repository.js';
import { DistrictsResolver } from './districts.resolver.js';
import { DistrictsService } from './districts.service.js';

@Module({
  providers: [DistrictsRepository, DistrictsService, DistrictsResolver],
  exports: [DistrictsRepository, DistrictsService],
})
export class DistrictsModule {}
