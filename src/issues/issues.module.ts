import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module.js';
import { ClosurePoliciesRepository } from './closure-policies.repository.js';
import { ClosurePolicyResolver } from './closure-policy.resolver.js';
import { IssueEventResolver, IssueFieldsResolver } from './issue-fields.resolver.js';
import { IssueListQuery } from './issue-list.query.js';
import { IssueViews } from './issue-visibility.js';
import { IssuesRepository } from './issues.repository.js';
import { IssuesResolver } from './issues.resolver.js';
import { IssuesService } from './issues.service.js';
import { ReplayResolver } from './replay.resolver.js';
import { ReplayService } from './replay.service.js';
import { TransitionService } from './transition.service.js';
import { NoticeObjectionsRepository } from './notice-objections.repository.js';
import { NoticeObjectionsService } from './notice-objections.service.js';
import { PublicNoticeResolver } from './public-notice.resolver.js';
import { PlanFieldsResolver } from './plan-fields.resolver.js';
import { IssueMapQuery, IssueMapResolver } from './issue-map.js';

@Module({
  imports: [UnitsModule],
  providers: [
    IssuesRepository,
    ClosurePoliciesRepository,
    ClosurePolicyResolver,
    IssueListQuery,
    IssueViews,
    TransitionService,
    IssuesService,
    ReplayService,
    ReplayResolver,
    IssuesResolver,
    IssueFieldsResolver,
    IssueEventResolver,
    NoticeObjectionsRepository,
    NoticeObjectionsService,
    PublicNoticeResolver,
    PlanFieldsResolver,
    IssueMapQuery,
    IssueMapResolver,
  ],
  exports: [IssuesRepository, IssueViews, IssuesService, TransitionService, ReplayService, NoticeObjectionsRepository],
})
export class IssuesModule {}
