// GraphQL ⇄ look-back campaigns (回头看): arguments to the service, nothing else.
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allowed, CurrentCaller } from '../auth/auth.decorators.js';
import { actorOf, type Caller } from '../auth/caller.js';
import type { RequestContext } from '../common/request-context.js';
import { IssueModel } from '../issues/issue.model.js';
import type { IssueRecord } from '../issues/issue.record.js';
import { canSee } from '../issues/issue-visibility.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import {
  ConcludeLookbackArgs,
  EndLookbackArgs,
  LookbackCampaignIdArgs,
  LookbackCampaignsArgs,
  LookbackItemsArgs,
  ReportLookbackArgs,
  StartLookbackInput,
} from './dto/lookback.input.js';
import { LookbackCampaignModel, LookbackItemModel } from './lookback.model.js';
import { LookbackService, type CampaignView, type ItemView } from './lookback.service.js';

@Resolver(() => LookbackCampaignModel)
export class LookbackResolver {
  constructor(private readonly service: LookbackService) {}

  @Allowed('readLookbacks')
  @Query(() => [LookbackCampaignModel], {
    description:
      'Look-back campaigns (回头看), newest first: the office and leaders every one, a unit those with its items',
  })
  lookbackCampaigns(@Args() a: LookbackCampaignsArgs, @CurrentCaller() caller: Caller): Promise<CampaignView[]> {
    return this.service.campaigns(caller, a.statuses ?? null, a.first, a.after ?? null);
  }

  @Allowed('readLookbacks')
  @Query(() => LookbackCampaignModel, {
    nullable: true,
    description: 'A look-back campaign with its progress; null when there is none the caller may read',
  })
  lookbackCampaign(@Args() a: LookbackCampaignIdArgs, @CurrentCaller() caller: Caller): Promise<CampaignView | null> {
    return this.service.campaign(a.id, caller);
  }

  @Allowed('readLookbacks')
  @Query(() => [LookbackItemModel], {
    description:
      'Problems of look-back campaigns, in each campaign’s order: a unit’s own only (its work: statuses ' +
      '[AWAITING_REPORT]), the office’s and leaders’ any unit’s',
  })
  lookbackItems(@Args() a: LookbackItemsArgs, @CurrentCaller() caller: Caller): Promise<ItemView[]> {
    return this.service.items(caller, a, a.first, a.after ?? null);
  }

  @Allowed('manageLookbacks')
  @Mutation(() => LookbackCampaignModel, {
    description:
      'OFFICE only: starts a look-back campaign (发起回头看) over closed problems, handing each to its lead unit with ' +
      'the due date and telling each unit (LOOKBACK_ASSIGNED); BAD_USER_INPUT when the selection picks none',
  })
  startLookback(
    @Args('input', { description: 'Its title, selection and due date' }) input: StartLookbackInput,
    @CurrentCaller() caller: Caller,
  ): Promise<CampaignView> {
    return this.service.start(input, caller);
  }

  @Allowed('reportLookbacks')
  @Mutation(() => LookbackItemModel, {
    description:
      'The unit reports its self-check (报送自查情况) of one of its problems in a campaign, until the office concludes ' +
      'it (the office may record it for the unit); reporting again replaces the report',
  })
  reportLookback(@Args() a: ReportLookbackArgs, @CurrentCaller() caller: Caller): Promise<ItemView> {
    return this.service.report(a.itemId, a.finding, a.comment, caller);
  }

  @Allowed('manageLookbacks')
  @Mutation(() => LookbackItemModel, {
    description:
      'OFFICE only: concludes a problem of a campaign (认定) with a revisit event in its log — no rebound (REVISITED), ' +
      'or a rebound (反弹) that reopens it with a new deadline. Sent again with the same outcome, it answers the item ' +
      'as concluded (the event is applied once); with the other, INVALID_TRANSITION',
  })
  concludeLookback(@Args() a: ConcludeLookbackArgs, @CurrentCaller() caller: Caller): Promise<ItemView> {
    return this.service.conclude(a, caller);
  }

  @Allowed('manageLookbacks')
  @Mutation(() => LookbackCampaignModel, {
    description:
      'OFFICE only: ends a campaign before every problem is concluded (结束回头看): the rest are withdrawn and may be ' +
      'looked back at again',
  })
  endLookback(@Args() a: EndLookbackArgs, @CurrentCaller() caller: Caller): Promise<CampaignView> {
    return this.service.end(a.id, a.reason, caller);
  }
}

@Resolver(() => LookbackItemModel)
export class LookbackItemResolver {
  constructor(private readonly service: LookbackService) {}

  @ResolveField(() => IssueModel, {
    nullable: true,
    description: 'The problem; null if the caller may no longer see it',
  })
  async issue(
    @Parent() item: ItemView,
    @CurrentCaller() caller: Caller,
    @Context() ctx: RequestContext,
  ): Promise<IssueRecord | null> {
    const issue = await ctx.loaders.issue.load(item.issueId);
    return issue && canSee(actorOf(caller), issue) ? issue : null;
  }

  @ResolveField(() => UnitModel, { description: 'The unit to self-check it (its lead unit when the campaign started)' })
  async unit(@Parent() item: ItemView, @Context() ctx: RequestContext): Promise<UnitRecord> {
    return (await ctx.loaders.unit.load(item.unitId))!;
  }

  @ResolveField(() => LookbackCampaignModel, { description: 'The campaign it belongs to' })
  async campaign(
    @Parent() item: ItemView,
    @CurrentCaller() caller: Caller,
    @Context() ctx: RequestContext,
  ): Promise<CampaignView> {
    // A page of items shares a campaign or a few: each read once per request (keyed by the request's loaders).
    let read = campaignsRead.get(ctx.loaders);
    if (!read) campaignsRead.set(ctx.loaders, (read = new Map()));
    let campaign = read.get(item.campaignId);
    if (!campaign) read.set(item.campaignId, (campaign = this.service.campaign(item.campaignId, caller)));
    return (await campaign)!;
  }
}

const campaignsRead = new WeakMap<object, Map<string, Promise<CampaignView | null>>>();
