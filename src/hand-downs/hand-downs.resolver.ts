// GraphQL ⇄ the city's list: handDownIssues, and the fields that join the two levels (Issue.district,
// Issue.handedDownFrom, Issue.handedDownTo, HandDown.cityIssue), each batched per request.
import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Allowed, CurrentCaller } from '../auth/auth.decorators.js';
import { actorOf, type Caller } from '../auth/caller.js';
import { isCityRole } from '../auth/policy.js';
import type { RequestContext } from '../common/request-context.js';
import { DistrictModel } from '../districts/district.model.js';
import type { DistrictRecord } from '../districts/district.record.js';
import { DistrictsService } from '../districts/districts.service.js';
import { viewer } from '../issues/issue-fields.resolver.js';
import { canSee } from '../issues/issue-visibility.js';
import { IssueModel } from '../issues/issue.model.js';
import type { IssueRecord } from '../issues/issue.record.js';
import { HandDownIssuesInput, HandDownModel, HandDownResultModel } from './hand-down.model.js';
import { HandDownsRepository, type HandDownLinkRecord } from './hand-downs.repository.js';
import { HandDownsService, type HandDownResult } from './hand-downs.service.js';

interface LinkLoaders {
  district: DataLoader<string, DistrictRecord | null>;
  from: DataLoader<string, HandDownLinkRecord | null>;
  to: DataLoader<string, HandDownLinkRecord[]>;
}

/** Per request: a page of problems loads their districts and links in one statement each. */
const perRequest = new WeakMap<RequestContext, LinkLoaders>();

function loadersOf(ctx: RequestContext, repo: HandDownsRepository, districts: DistrictsService): LinkLoaders {
  let l = perRequest.get(ctx);
  if (!l) {
    l = {
      district: new DataLoader((ids: readonly string[]) => districts.byIds(ids)),
      from: new DataLoader(async (ids: readonly string[]) => {
        const byIssue = new Map((await repo.linksOf(ids)).map((r) => [r.issueId, r]));
        return ids.map((id) => byIssue.get(id) ?? null);
      }),
      to: new DataLoader(async (ids: readonly string[]) => {
        const rows = await repo.copiesOf(ids);
        return ids.map((id) => rows.filter((r) => r.cityIssueId === id));
      }),
    };
    perRequest.set(ctx, l);
  }
  return l;
}

@Resolver(() => HandDownModel)
export class HandDownsResolver {
  constructor(private readonly service: HandDownsService) {}

  @Allowed('handDownIssues')
  @Mutation(() => HandDownResultModel, {
    description:
      'CITY_OFFICE only (市级下达): files each problem into the city’s list (市级清单) and a copy into each named ' +
      'district’s list, as its office files one (FILED there, for its office to assign), linked both ways ' +
      '(Issue.handedDownFrom / handedDownTo). Retried with the same idempotencyKey, it files nothing twice',
  })
  handDownIssues(
    @Args('input', { description: 'The districts, the problems, the city’s document and the batch’s key' })
    input: HandDownIssuesInput,
    @CurrentCaller() caller: Caller,
  ): Promise<HandDownResult> {
    return this.service.handDown(input, caller);
  }

  @ResolveField(() => IssueModel, {
    nullable: true,
    description: 'The city’s problem itself: for the city’s roles; null for a district’s callers (they read the link)',
  })
  async cityIssue(@Parent() link: HandDownLinkRecord, @Context() ctx: RequestContext): Promise<IssueRecord | null> {
    if (!ctx.caller || !isCityRole(ctx.caller.role)) return null;
    return ctx.loaders.issue.load(link.cityIssueId);
  }
}

@Resolver(() => IssueModel)
export class IssueLinksResolver {
  constructor(
    private readonly repo: HandDownsRepository,
    private readonly districts: DistrictsService,
  ) {}

  @ResolveField(() => DistrictModel, {
    description: 'The district whose list it is in (区县); the city itself for the city’s own problems (市级清单)',
  })
  async district(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<DistrictRecord> {
    const id = issue.districtId ?? (await ctx.loaders.issue.load(issue.id))?.districtId;
    const district = id ? await loadersOf(ctx, this.repo, this.districts).district.load(id) : null;
    if (!district) throw new Error(`issue ${issue.id} has no district`);
    return district;
  }

  @ResolveField(() => HandDownModel, {
    nullable: true,
    description:
      '市级下达: the city’s problem and document this one was handed down from; null when the district filed it',
  })
  async handedDownFrom(
    @Parent() issue: IssueRecord,
    @Context() ctx: RequestContext,
  ): Promise<HandDownLinkRecord | null> {
    if (!viewer(issue, ctx)) return null;
    return loadersOf(ctx, this.repo, this.districts).from.load(issue.id);
  }

  @ResolveField(() => [IssueModel], {
    description:
      '市级下达, from the city’s side: the districts’ copies of this city problem, with their states (Issue.district, ' +
      'Issue.state) — for the city’s roles; empty for anyone else and for a district’s own problems',
  })
  async handedDownTo(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<IssueRecord[]> {
    const caller = viewer(issue, ctx);
    if (!caller || !isCityRole(caller.role)) return [];
    const links = await loadersOf(ctx, this.repo, this.districts).to.load(issue.id);
    const copies = await ctx.loaders.issue.loadMany(links.map((l) => l.issueId));
    return copies.filter((c): c is IssueRecord => c !== null && !(c instanceof Error) && canSee(actorOf(caller), c));
  }
}
