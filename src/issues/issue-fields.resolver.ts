// Fields of Issue and IssueEvent that depend on the caller, the clock or another row (batched).
import { Inject } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { allowedEvents, snapshotOf } from '../../workflows/issue.runtime.js';
import { actorOf, type Caller } from '../auth/caller.js';
import { Clock } from '../common/clock.js';
import type { RequestContext } from '../common/request-context.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import { isDueSoon, isOverdue } from './deadline-status.js';
import { ComplainantModel, IssueEventModel, IssueModel, PendingExtensionModel } from './issue.model.js';
import type { IssueEventRecord, IssueRecord } from './issue.record.js';
import { canSee } from './issue-visibility.js';
import { contextOf } from './issue-snapshot.mapper.js';

/** Who reads this problem: nobody in particular on the public view, whatever token came with the request. */
function viewer(issue: IssueRecord, ctx: RequestContext): Caller | null {
  return issue.publicView ? null : ctx.caller;
}

@Resolver(() => IssueModel)
export class IssueFieldsResolver {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ResolveField(() => String, { description: 'Internal description; without a token, the public summary (or the title)' })
  description(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): string {
    return viewer(issue, ctx) ? issue.description : (issue.publicSummary ?? issue.title);
  }

  @ResolveField(() => [IssueModel], { description: '举一反三: problems derived from this one' })
  async children(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<IssueRecord[]> {
    const caller = viewer(issue, ctx);
    if (!caller) return [];
    return (await ctx.loaders.children.load(issue.id)).filter((c) => canSee(actorOf(caller), c));
  }

  @ResolveField(() => IssueModel, { nullable: true, description: 'The original, when the office marked this one a duplicate' })
  async duplicateOf(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<IssueRecord | null> {
    const caller = viewer(issue, ctx);
    if (!issue.duplicateOfId || !caller) return null;
    const original = await ctx.loaders.issue.load(issue.duplicateOfId);
    return original && canSee(actorOf(caller), original) ? original : null;
  }

  @ResolveField(() => [IssueModel], { description: 'Problems marked as duplicates of this one (their complainants and evidence stay reachable)' })
  async duplicates(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<IssueRecord[]> {
    const caller = viewer(issue, ctx);
    if (!caller) return [];
    return (await ctx.loaders.duplicates.load(issue.id)).filter((d) => canSee(actorOf(caller), d));
  }

  @ResolveField(() => UnitModel, { nullable: true, description: '牵头单位' })
  leadUnit(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<UnitRecord | null> | null {
    return issue.leadUnitId ? ctx.loaders.unit.load(issue.leadUnitId) : null;
  }

  @ResolveField(() => [UnitModel], { description: '配合单位' })
  async cooperatingUnits(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<UnitRecord[]> {
    const units = await ctx.loaders.unit.loadMany(issue.cooperatingUnitIds);
    return units.filter((u): u is UnitRecord => u !== null && !(u instanceof Error));
  }

  @ResolveField(() => Boolean)
  overdue(@Parent() issue: IssueRecord): boolean {
    return isOverdue(issue, this.clock.now());
  }

  @ResolveField(() => Boolean)
  dueSoon(@Parent() issue: IssueRecord): boolean {
    return isDueSoon(issue, this.clock.now(), this.config.dueSoonDays);
  }

  @ResolveField(() => PendingExtensionModel, { nullable: true })
  pendingExtension(@Parent() issue: IssueRecord, @Context() ctx: RequestContext) {
    const p = issue.pendingExtension;
    if (!p || !viewer(issue, ctx)) return null;
    return { newDueAt: new Date(p.newDueAt), reason: p.reason, requestedAt: new Date(p.requestedAt) };
  }

  @ResolveField(() => IssueModel, { nullable: true, description: '举一反三: the problem this one was derived from' })
  async parent(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<IssueRecord | null> {
    const caller = viewer(issue, ctx);
    if (!issue.parentId || !caller) return null;
    const parent = await ctx.loaders.issue.load(issue.parentId);
    return parent && canSee(actorOf(caller), parent) ? parent : null;
  }

  @ResolveField(() => ComplainantModel, { nullable: true, description: 'OFFICE only; null for everyone else' })
  complainant(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): ComplainantModel | null {
    if (viewer(issue, ctx)?.role !== 'OFFICE') return null;
    if (!issue.complainantName && !issue.complainantPhone && !issue.complaintChannel) return null;
    return { name: issue.complainantName, phone: issue.complainantPhone, channel: issue.complaintChannel };
  }

  @ResolveField(() => [String], { description: 'What the caller may do next, e.g. ["accept","return"]' })
  async allowedEvents(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<string[]> {
    const caller = viewer(issue, ctx);
    if (!caller) return [];
    const openChildren = issue.substate === 'VERIFIED' ? await ctx.loaders.openChildren.load(issue.id) : 0;
    return allowedEvents(snapshotOf(issue.substate, contextOf(issue)), actorOf(caller), this.clock.now().toISOString(), { openChildren });
  }

  @ResolveField(() => [IssueEventModel], { description: 'The audit log, oldest first' })
  async events(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<IssueEventRecord[]> {
    // The public sees progress, not the office's internal log.
    if (!viewer(issue, ctx)) return [];
    return ctx.loaders.events.load(issue.id);
  }
}

@Resolver(() => IssueEventModel)
export class IssueEventResolver {
  @ResolveField(() => UnitModel, { nullable: true, description: 'The unit that acted, if a unit did' })
  unit(@Parent() event: IssueEventRecord, @Context() ctx: RequestContext): Promise<UnitRecord | null> | null {
    return event.unitId ? ctx.loaders.unit.load(event.unitId) : null;
  }

  @ResolveField(() => String, { nullable: true })
  comment(@Parent() event: IssueEventRecord): string | null {
    return event.comment;
  }
}
