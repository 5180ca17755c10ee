// Fields of Issue and IssueEvent that depend on the caller, the clock or another row (batched).
import { isComplaint } from '../../workflows/issue.rules.js';
import { Inject } from '@nestjs/common';
import { Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { escalationRank } from '../../workflows/issue.rules.js';
import { allowedEvents, snapshotOf } from '../../workflows/issue.runtime.js';
import type { EscalationLevel, IssueEventType, PendingExtension, SignOffStep } from '../../workflows/issue.types.js';
import { actorOf, type Caller } from '../auth/caller.js';
import { maySeeComplainant } from '../auth/policy.js';
import { Clock } from '../common/clock.js';
import type { RequestContext } from '../common/request-context.js';
import { EscalationLevelEnum, IssueEventTypeEnum, SignOffStepEnum } from '../common/graphql-enums.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { reachedLevel } from '../scheduler/escalation-policy.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import { daysOverdue, isDueSoon, isOverdue } from './deadline-status.js';
import { deadlineDay } from '../common/shanghai-time.js';
import { ComplainantModel, IssueEventModel, IssueModel, PendingExtensionModel } from './issue.model.js';
import type { IssueEventRecord, IssueRecord } from './issue.record.js';
import { awaits } from './awaiting.js';
import { isUnderObservation, observationEndDay } from './observation.js';
import { canSee, heldBy, seesEvent } from './issue-visibility.js';
import { contextOf } from './issue-snapshot.mapper.js';

/** Who reads this problem: nobody in particular on the public view, whatever token came with the request. */
export function viewer(issue: IssueRecord, ctx: RequestContext): Caller | null {
  return issue.publicView ? null : ctx.caller;
}

@Resolver(() => IssueModel)
export class IssueFieldsResolver {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ResolveField(() => String, {
    description: 'Internal description; without a token, the public summary (or the title)',
  })
  description(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): string {
    return viewer(issue, ctx) ? issue.description : (issue.publicSummary ?? issue.title);
  }

  @ResolveField(() => [IssueModel], { description: '举一反三: problems derived from this one' })
  async children(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<IssueRecord[]> {
    const caller = viewer(issue, ctx);
    if (!caller) return [];
    return (await ctx.loaders.children.load(issue.id)).filter((c) => canSee(actorOf(caller), c));
  }

  @ResolveField(() => IssueModel, {
    nullable: true,
    description: 'The original, when the office marked this one a duplicate',
  })
  async duplicateOf(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<IssueRecord | null> {
    const caller = viewer(issue, ctx);
    if (!issue.duplicateOfId || !caller) return null;
    const original = await ctx.loaders.issue.load(issue.duplicateOfId);
    return original && canSee(actorOf(caller), original) ? original : null;
  }

  @ResolveField(() => [IssueModel], {
    description: 'Problems marked as duplicates of this one (their complainants and evidence stay reachable)',
  })
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

  @ResolveField(() => UnitModel, {
    nullable: true,
    description:
      '行业主管部门: the department that reviews the unit’s submission before the office accepts it; null: none',
  })
  supervisingUnit(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<UnitRecord | null> | null {
    return issue.supervisingUnitId ? ctx.loaders.unit.load(issue.supervisingUnitId) : null;
  }

  @ResolveField(() => Boolean, {
    description: 'Overdue (逾期): past its deadline while the unit holds it (ASSIGNED or RECTIFYING.inProgress)',
  })
  overdue(@Parent() issue: IssueRecord): boolean {
    return isOverdue(issue, this.clock.now());
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The calendar day (Asia/Shanghai, YYYY-MM-DD) of the deadline in force: the last day to finish on, as every page, ' +
      'export and message shows it (a deadline falls at 24:00 of that day); null when dueAt is',
  })
  dueDay(@Parent() issue: IssueRecord): string | null {
    return issue.dueAt ? deadlineDay(issue.dueAt) : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The calendar day (Asia/Shanghai, YYYY-MM-DD) of the deadline as first assigned; null when originalDueAt is',
  })
  originalDueDay(@Parent() issue: IssueRecord): string | null {
    return issue.originalDueAt ? deadlineDay(issue.originalDueAt) : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'The last day (Asia/Shanghai, YYYY-MM-DD) of its public notice (公示); null when noticeEndsAt is',
  })
  noticeEndDay(@Parent() issue: IssueRecord): string | null {
    return issue.noticeEndsAt ? deadlineDay(issue.noticeEndsAt) : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      '观察期: the last calendar day (Asia/Shanghai, YYYY-MM-DD) a closed problem stays under observation — its closing ' +
      'day and RECTIFY_OBSERVATION_DAYS (90) − 1 days after; null while it is not closed (or a duplicate), or with no ' +
      'observation period',
  })
  observationEndDay(@Parent() issue: IssueRecord): string | null {
    return observationEndDay(issue, this.config.observationDays);
  }

  @ResolveField(() => Boolean, {
    description:
      'Under observation (观察期): closed, and today (Asia/Shanghai) is on or before observationEndDay; it leaves the ' +
      'open ledger after that day without a rebound (IssueFilter.underObservation)',
  })
  underObservation(@Parent() issue: IssueRecord): boolean {
    return isUnderObservation(issue, this.clock.now(), this.config.observationDays);
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The calendar day (Asia/Shanghai, YYYY-MM-DD) of a complaint’s reply deadline; null when replyDueAt is',
  })
  replyDueDay(@Parent() issue: IssueRecord): string | null {
    return issue.replyDueAt ? deadlineDay(issue.replyDueAt) : null;
  }

  @ResolveField(() => Int, {
    description:
      'Days overdue (逾期天数): calendar days (Asia/Shanghai) from dueDay to today while overdue, else 0 — as the weekly ' +
      'bulletin counts them',
  })
  daysOverdue(@Parent() issue: IssueRecord): number {
    return daysOverdue(issue, this.clock.now());
  }

  @ResolveField(() => Boolean, {
    description: 'Due soon (临期): due within RECTIFY_DUE_SOON_DAYS days (7) while the unit holds it, not yet overdue',
  })
  dueSoon(@Parent() issue: IssueRecord): boolean {
    return isDueSoon(issue, this.clock.now(), this.config.dueSoonDays);
  }

  // Described on IssueModel (its @Field's description is the one the schema keeps).
  @ResolveField(() => EscalationLevelEnum)
  escalationLevel(@Parent() issue: IssueRecord): EscalationLevel {
    return escalationAsOf(issue, this.clock.now(), this.config.dueSoonDays, this.config.namedSupervisionDays);
  }

  @ResolveField(() => PendingExtensionModel, {
    nullable: true,
    description: 'Null for a unit that no longer holds the problem (a later holder’s request)',
  })
  pendingExtension(@Parent() issue: IssueRecord, @Context() ctx: RequestContext) {
    const p = issue.pendingExtension;
    if (!p || !viewer(issue, ctx) || !seesEvent(issue, null)) return null;
    const newDueAt = new Date(p.newDueAt);
    return { newDueAt, newDueDay: deadlineDay(newDueAt), reason: p.reason, requestedAt: new Date(p.requestedAt) };
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
    if (!maySeeComplainant(viewer(issue, ctx))) return null;
    if (!issue.complainantName && !issue.complainantPhone && !issue.complaintChannel) return null;
    return { name: issue.complainantName, phone: issue.complainantPhone, channel: issue.complaintChannel };
  }

  @ResolveField(() => [IssueEventTypeEnum], { description: 'What the caller may do next, e.g. [accept, return]' })
  allowedEvents(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<IssueEventType[]> {
    return this.allowed(issue, ctx);
  }

  @ResolveField(() => Boolean, {
    description:
      'Awaiting me (待我办理): allowedEvents holds an event that moves the work on for the caller — the lead unit’s accept, return, ' +
      'reportProgress, requestExtension or submit; the office’s assign, decideExtension, verify or close (IssueFilter.awaitingMe)',
  })
  async awaitingMe(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<boolean> {
    const caller = viewer(issue, ctx);
    return caller !== null && awaits(caller.role, await this.allowed(issue, ctx));
  }

  @ResolveField(() => Boolean, {
    description:
      'A complaint (群众举报 / 信访件): every PUBLIC_COMPLAINT, and a problem of any source filed with a complaint channel ' +
      '(a complaint handed over in an inspection round keeps its source and round)',
  })
  complaint(@Parent() issue: IssueRecord): boolean {
    return isComplaint(issue.source, issue.complaintChannel !== null);
  }

  @ResolveField(() => Boolean, {
    description:
      'The caller’s unit still leads or cooperates on it (承办中); false for a unit that once did (it reads the log up to the event that took the problem away), and for callers without a unit',
  })
  heldByMe(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): boolean {
    const caller = viewer(issue, ctx);
    return caller !== null && heldBy(actorOf(caller), issue);
  }

  @ResolveField(() => [IssueEventModel], {
    description:
      'The audit log, oldest first; for a unit that no longer holds the problem, up to the event that took it away',
  })
  async events(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<IssueEventRecord[]> {
    // The public sees progress, not the office's internal log.
    if (!viewer(issue, ctx)) return [];
    return (await ctx.loaders.events.load(issue.id)).filter((e) => seesEvent(issue, e.seq));
  }

  private async allowed(issue: IssueRecord, ctx: RequestContext): Promise<IssueEventType[]> {
    const caller = viewer(issue, ctx);
    if (!caller) return [];
    const openChildren = issue.substate === 'VERIFIED.signedOff' ? await ctx.loaders.openChildren.load(issue.id) : 0;
    return allowedEvents(
      snapshotOf(issue.substate, contextOf(issue)),
      actorOf(caller),
      this.clock.now().toISOString(),
      { openChildren },
    );
  }
}

/**
 * The rung at `now`: the logged one raised to what the deadline has reached while the unit holds the problem (the same
 * test as overdue and dueSoon), so that they agree at every read; the sweep's audited escalate events catch up within
 * RECTIFY_SWEEP_INTERVAL_MS and keep the log (and the list filter, which reads the column) honest.
 */
export function escalationAsOf(
  issue: Pick<IssueRecord, 'substate' | 'deadlineKind' | 'dueAt' | 'escalationLevel'>,
  now: Date,
  dueSoonDays: number,
  namedSupervisionDays: number,
): EscalationLevel {
  if (!isOverdue(issue, now) && !isDueSoon(issue, now, dueSoonDays)) return issue.escalationLevel;
  const reached = reachedLevel(issue.dueAt!, now, dueSoonDays, namedSupervisionDays);
  return escalationRank(reached) > escalationRank(issue.escalationLevel) ? reached : issue.escalationLevel;
}

@Resolver(() => IssueEventModel)
export class IssueEventResolver {
  @ResolveField(() => UnitModel, { nullable: true, description: 'The unit that acted, if a unit did' })
  unit(@Parent() event: IssueEventRecord, @Context() ctx: RequestContext): Promise<UnitRecord | null> | null {
    return event.unitId ? ctx.loaders.unit.load(event.unitId) : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Its text: a return’s or extension request’s reason, a submission’s summary, otherwise the comment',
  })
  comment(@Parent() event: IssueEventRecord): string | null {
    return event.comment;
  }

  @ResolveField(() => PendingExtensionModel, {
    nullable: true,
    description:
      'On a submission: the extension request it withdrew (a submission ends a pending request); null otherwise',
  })
  withdrawnExtension(@Parent() event: IssueEventRecord) {
    const p =
      event.type === 'submit' ? (event.payload.withdrawnExtension as PendingExtension | null | undefined) : null;
    if (!p) return null;
    const newDueAt = new Date(p.newDueAt);
    return { newDueAt, newDueDay: deadlineDay(newDueAt), reason: p.reason, requestedAt: new Date(p.requestedAt) };
  }

  @ResolveField(() => SignOffStepEnum, {
    nullable: true,
    description: 'On a sign-off or a send-back: the step of the chain it was for; null otherwise',
  })
  step(@Parent() event: IssueEventRecord): SignOffStep | null {
    return event.type === 'signOff' || event.type === 'sendBack' ? ((event.payload.step as SignOffStep) ?? null) : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'On a sign-off: the document it is recorded in (文号), when given; null otherwise',
  })
  documentNumber(@Parent() event: IssueEventRecord): string | null {
    return event.type === 'signOff' ? ((event.payload.documentNumber as string | null | undefined) ?? null) : null;
  }

  @ResolveField(() => EscalationLevelEnum, {
    nullable: true,
    description:
      'On an escalation (of the deadline or a milestone) or a supervision order: the rung it raised to; null otherwise',
  })
  escalationLevel(@Parent() event: IssueEventRecord): EscalationLevel | null {
    return event.type === 'escalate' || event.type === 'escalateMilestone' || event.type === 'superviseOrder'
      ? ((event.payload.level as EscalationLevel | undefined) ?? null)
      : null;
  }
}
