import { Module } from '@nestjs/common';
import { IssuesModule } from '../issues/issues.module.js';
import { SupervisionRepository } from './supervision.repository.js';
import {
  LeaderInstructionResolver,
  SupervisionEventFieldsResolver,
  SupervisionFieldsResolver,
  SupervisionOrderResolver,
} from './supervision.resolver.js';
import { SupervisionService } from './supervision.service.js';

@Module({
  imports: [IssuesModule],
  providers: [
    SupervisionRepository,
    SupervisionService,
    SupervisionOrderResolver,
    LeaderInstructionResolver,
    SupervisionFieldsResolver,
    SupervisionEventFieldsResolver,
  ],
  exports: [SupervisionService, SupervisionRepository],
})
export class SupervisionModule {}
