import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module.js';
import { IssuesModule } from '../issues/issues.module.js';
import { HandDownsRepository } from './hand-downs.repository.js';
import { HandDownsResolver, IssueLinksResolver } from './hand-downs.resolver.js';
import { HandDownsService } from './hand-downs.service.js';

/** 市级下达 and the city's two-level list (issue #28): the city hands problems down; each list shows the link. */
@Module({
  imports: [IssuesModule, DistrictsModule],
  providers: [HandDownsRepository, HandDownsService, HandDownsResolver, IssueLinksResolver],
})
export class HandDownsModule {}
