// Evidence in GraphQL: on problems and their events (batched per request), and the office's public flag.
import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allowed } from '../auth/auth.decorators.js';
import type { RequestContext } from '../common/request-context.js';
import { IssueEventModel, IssueModel } from '../issues/issue.model.js';
import type { IssueEventRecord, IssueRecord } from '../issues/issue.record.js';
import { EvidenceModel, evidenceUrl, SetEvidencePublicArgs } from './evidence.model.js';
import type { EvidenceRecord } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';

@Resolver(() => EvidenceModel)
export class EvidenceResolver {
  constructor(private readonly service: EvidenceService) {}

  @Allowed('publishEvidence')
  @Mutation(() => EvidenceModel, { description: 'Shows (or hides) evidence on the public view of a published problem' })
  setEvidencePublic(@Args() a: SetEvidencePublicArgs): Promise<EvidenceRecord> {
    return this.service.setPublic(a.id, a.public);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Who uploaded it (the token’s label); null on the public view',
  })
  uploadedBy(@Parent() e: EvidenceRecord): string | null {
    return e.publicView ? null : e.uploadedBy;
  }

  @ResolveField(() => String, { nullable: true, description: 'The uploader’s note; null on the public view' })
  note(@Parent() e: EvidenceRecord): string | null {
    return e.publicView ? null : e.note;
  }

  @ResolveField(() => String, { description: 'Where to download it (GET, with the bearer token unless public)' })
  url(@Parent() e: EvidenceRecord): string {
    return evidenceUrl(e.id);
  }
}

@Resolver(() => IssueModel)
export class IssueEvidenceResolver {
  @ResolveField(() => [EvidenceModel], {
    description: '整改佐证, oldest first; on the public view only what the office made public',
  })
  async evidence(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<EvidenceRecord[]> {
    const all = await ctx.loaders.evidence.load(issue.id);
    if (!issue.publicView) return all;
    return all.filter((e) => e.public).map((e) => ({ ...e, publicView: true as const }));
  }
}

@Resolver(() => IssueEventModel)
export class IssueEventEvidenceResolver {
  @ResolveField(() => [EvidenceModel], { description: 'Evidence attached to this event' })
  async evidence(@Parent() event: IssueEventRecord, @Context() ctx: RequestContext): Promise<EvidenceRecord[]> {
    // One load per problem serves all its events.
    return (await ctx.loaders.evidence.load(event.issueId)).filter((e) => e.eventSeq === event.seq);
  }
}
