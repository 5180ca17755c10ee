import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { IssuesModule } from '../issues/issues.module.js';
import { UnitsModule } from '../units/units.module.js';
import { LoadersFactory } from './loaders.factory.js';

/** What the GraphQL context factory needs: token lookup and per-request loaders. */
@Module({
  imports: [AuthModule, UnitsModule, IssuesModule, EvidenceModule],
  providers: [LoadersFactory],
  exports: [LoadersFactory, AuthModule],
})
export class GraphqlContextModule {}
