// GraphQL ⇄ use cases: maps arguments to events and nothing else.
import { Args, Context, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Public, Allowed, CurrentCaller } from '../auth/auth.decorators.js';
import { actorOf, type Caller } from '../auth/caller.js';
import type { RequestContext } from '../common/request-context.js';
import { selectsField } from '../common/selection.js';
import { AssignInput } from './dto/assign.input.js';
import {
  AcceptArgs,
  CloseArgs,
  DecideExtensionArgs,
  MarkDuplicateArgs,
  PublishArgs,
  ReportProgressArgs,
  RequestExtensionArgs,
  ReturnArgs,
  RevisitArgs,
  SubmitArgs,
  VerifyArgs,
  SignOffArgs,
  SendBackArgs,
  ObjectionArgs,
} from './dto/event.args.js';
import { FileIssueInput } from './dto/file-issue.input.js';
import { IssueCodeArgs, IssueIdArgs, IssuesArgs, NodeIdArgs, PageArgs } from './dto/issues.args.js';
import { IssueConnectionModel, IssueModel, NodeModel } from './issue.model.js';
import { noteViews } from './issue-visibility.js';
import type { IssueRecord } from './issue.record.js';
import { IssuesService, senderOf, type IssuePage } from './issues.service.js';
import { IN_PUBLIC_NOTICE } from './notice-objections.service.js';
import { CompleteMilestoneArgs, ReportPartArgs, ReturnPlanArgs, SetPlanArgs, WaivePartArgs } from './dto/plan.args.js';
import { TransitionService, type EventInput } from './transition.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Notes a former holder's view for the request's evidence loader (issue-visibility.ts), and passes it on. */
function viewed(ctx: RequestContext, issue: IssueRecord | null): IssueRecord | null {
  noteViews(ctx.loaders, [issue]);
  return issue;
}

/**
 * What the query asks of a page that costs a statement of its own: totalCount, and the flag for the side the page
 * starts from (hasPreviousPage going forward, hasNextPage going backward).
 */
function wants(
  info: GraphQLResolveInfo,
  args: { last?: number | null },
): { totalCount: boolean; beyondStart: boolean } {
  const flag = args.last !== undefined && args.last !== null ? 'hasNextPage' : 'hasPreviousPage';
  const pageInfo = info.fieldNodes.flatMap((node) =>
    node.selectionSet ? fieldsNamed(node.selectionSet, 'pageInfo', info) : [],
  );
  return {
    totalCount: selectsField(info, 'totalCount'),
    beyondStart: pageInfo.some((set) => namesField(set, flag, info)),
  };
}

/** The selection sets of the fields called `name` in `set` (through fragments); a leaf field has none. */
function fieldsNamed(set: SelectionSetNode, name: string, info: GraphQLResolveInfo): SelectionSetNode[] {
  return set.selections.flatMap((s): SelectionSetNode[] => {
    if (s.kind === 'Field') return s.name.value === name && s.selectionSet ? [s.selectionSet] : [];
    const inner = s.kind === 'InlineFragment' ? s.selectionSet : info.fragments[s.name.value]?.selectionSet;
    return inner ? fieldsNamed(inner, name, info) : [];
  });
}

function namesField(set: SelectionSetNode, name: string, info: GraphQLResolveInfo): boolean {
  return set.selections.some((s) => {
    if (s.kind === 'Field') return s.name.value === name;
    const inner = s.kind === 'InlineFragment' ? s.selectionSet : info.fragments[s.name.value]?.selectionSet;
    return inner !== undefined && namesField(inner, name, info);
  });
}

@Resolver(() => IssueModel)
export class IssuesResolver {
  constructor(
    private readonly service: IssuesService,
    private readonly transitions: TransitionService,
  ) {}

  @Query(() => IssueModel, {
    nullable: true,
    description: 'A problem the caller holds or once held (a unit), or any (the office, a leader)',
  })
  async issue(
    @Args() { id }: IssueIdArgs,
    @CurrentCaller() caller: Caller,
    @Context() ctx: RequestContext,
  ): Promise<IssueRecord | null> {
    return viewed(ctx, await this.service.get(id, actorOf(caller)));
  }

  @Query(() => IssueModel, { nullable: true, description: 'A problem by its code (问题编号), as issue(id) answers it' })
  async issueByCode(
    @Args() { code }: IssueCodeArgs,
    @CurrentCaller() caller: Caller,
    @Context() ctx: RequestContext,
  ): Promise<IssueRecord | null> {
    return viewed(ctx, await this.service.getByCode(code, actorOf(caller)));
  }

  @Query(() => NodeModel, {
    nullable: true,
    description: 'Any object by its global id (Relay); null when there is none the caller may read',
  })
  async node(
    @Args() { id }: NodeIdArgs,
    @CurrentCaller() caller: Caller,
    @Context() ctx: RequestContext,
  ): Promise<IssueRecord | null> {
    // Problems are the objects the connections list; any other id (or none at all) is nothing to this caller.
    return UUID.test(id) ? viewed(ctx, await this.service.get(id, actorOf(caller))) : null;
  }

  @Query(() => IssueConnectionModel, {
    description:
      'The problem list (问题清单) a page at a time: all for the office and leaders, a unit’s own for a unit',
  })
  async issues(
    @Args() args: IssuesArgs,
    @CurrentCaller() caller: Caller,
    @Info() info: GraphQLResolveInfo,
    @Context() ctx: RequestContext,
  ): Promise<IssuePage> {
    const page = await this.service.page({ ...args.filter, viewer: actorOf(caller) }, args, wants(info, args));
    noteViews(
      ctx.loaders,
      page.edges.map((e) => e.node),
    );
    return page;
  }

  @Public()
  @Query(() => IssueConnectionModel, {
    description: 'No token needed: published problems only, no complainant and no coordinates',
  })
  async publicIssues(@Args() args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<IssuePage> {
    const page = await this.service.page({ publishedOnly: true }, args, wants(info, args));
    return publicPage(page);
  }

  @Public()
  @Query(() => IssueConnectionModel, {
    description:
      'No token needed: closures in their public notice (销号公示), with the office’s public wording and the notice’s ' +
      'last day (noticeEndDay); VERIFIED.objected ones are stopped while the office examines an objection',
  })
  async publicNotices(@Args() args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<IssuePage> {
    const page = await this.service.page({ substates: [...IN_PUBLIC_NOTICE] }, args, wants(info, args));
    return publicPage(page);
  }

  @Allowed('fileIssues')
  @Mutation(() => IssueModel, { description: 'OFFICE only: files a new problem (登记), in FILED' })
  fileIssue(
    @Args('input', { description: 'The problem to file' }) input: FileIssueInput,
    @CurrentCaller() caller: Caller,
  ): Promise<IssueRecord> {
    return this.service.file(input, senderOf(caller));
  }

  @Allowed('assignIssues')
  @Mutation(() => IssueModel, { description: 'OFFICE only: assigns a filed problem (交办) to units, with a deadline' })
  assignIssue(
    @Args('input', { description: 'The problem, its units and its deadline' }) input: AssignInput,
    @CurrentCaller() caller: Caller,
  ): Promise<IssueRecord> {
    return this.service.assign(input, caller, 'assign');
  }

  @Allowed('assignIssues')
  @Mutation(() => IssueModel, {
    description:
      'OFFICE only: assigns again a problem its unit has not signed for yet (重新交办): new units, new deadline',
  })
  reassignIssue(
    @Args('input', { description: 'The problem, its new units and its new deadline' }) input: AssignInput,
    @CurrentCaller() caller: Caller,
  ): Promise<IssueRecord> {
    return this.service.assign(input, caller, 'reassign');
  }

  @Mutation(() => IssueModel, {
    description: 'The lead unit signs for an assigned problem (签收) and starts rectifying',
  })
  acceptIssue(@Args() a: AcceptArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'accept', comment: a.comment ?? null }, caller);
  }

  @Mutation(() => IssueModel, { description: 'The lead unit returns an assigned problem as not its own (退回)' })
  returnIssue(@Args() a: ReturnArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'return', reason: a.reason }, caller);
  }

  @Mutation(() => IssueModel, { description: 'The lead unit reports progress (进展) on a problem it is rectifying' })
  reportProgress(@Args() a: ReportProgressArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'reportProgress', progressPercent: a.progressPercent, comment: a.comment }, caller);
  }

  @Mutation(() => IssueModel, {
    description: 'The lead unit asks for a later deadline (申请延期) before this one passes',
  })
  requestExtension(@Args() a: RequestExtensionArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'requestExtension', newDueAt: a.newDueAt.toISOString(), reason: a.reason }, caller);
  }

  @Mutation(() => IssueModel, {
    description: 'The office approves or refuses the pending extension request (延期审批)',
  })
  decideExtension(@Args() a: DecideExtensionArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'decideExtension', approve: a.approve, comment: a.comment ?? null }, caller);
  }

  @Mutation(() => IssueModel, { description: 'The lead unit submits the rectification for acceptance (申请销号)' })
  submitRectification(@Args() a: SubmitArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    const enforcement = a.enforcement
      ? {
          ordersToCorrect: a.enforcement.ordersToCorrect,
          casesOpened: a.enforcement.casesOpened,
          fineYuan: a.enforcement.fineYuan,
        }
      : undefined;
    return this.send(a, { type: 'submit', summary: a.summary, finding: a.finding ?? null, enforcement }, caller);
  }

  @Mutation(() => IssueModel, { description: 'The office verifies a submission (验收): passed or sent back' })
  verifyIssue(@Args() a: VerifyArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'verify', passed: a.passed, comment: a.comment ?? null }, caller);
  }

  @Mutation(() => IssueModel, {
    description:
      'Signs the step of the sign-off chain the problem is at (签批): DEPARTMENT_REVIEW by the supervising department ' +
      '(on to the office’s acceptance), LEADERSHIP_APPROVAL by a LEADER, CITY_REVIEW by ' +
      'the office with the city’s document number, PUBLIC_NOTICE (by the office or the sweep) once the notice has run ' +
      'its days; the problem moves to the next step, or to 销号',
  })
  signOffIssue(@Args() a: SignOffArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    const event = { type: 'signOff' as const, step: a.step, documentNumber: a.documentNumber ?? null };
    return this.send(a, { ...event, comment: a.comment ?? null }, caller);
  }

  @Mutation(() => IssueModel, {
    description:
      'Sends the work back to the lead unit (退回整改) from the step of the chain the problem is at, by whoever signs ' +
      'that step; the acceptance no longer holds',
  })
  sendBackIssue(@Args() a: SendBackArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'sendBack', step: a.step, comment: a.comment }, caller);
  }

  @Mutation(() => IssueModel, {
    description:
      'The lead unit sets its rectification plan (整改方案) while rectifying: goal, measures, the responsible leader ' +
      'and person, dated milestones; setting it again revises it (a milestone done keeps its title and stays done)',
  })
  setPlan(@Args() a: SetPlanArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(
      a,
      {
        type: 'setPlan',
        goal: a.goal,
        measures: a.measures,
        leader: { name: a.leader.name, post: a.leader.post },
        responsible: { name: a.responsible.name, post: a.responsible.post },
        milestones: a.milestones.map((m) => ({ title: m.title, dueAt: m.dueAt.toISOString() })),
      },
      caller,
    );
  }

  @Mutation(() => IssueModel, { description: 'The office sends the plan back (退回整改方案); the unit sets it again' })
  returnPlan(@Args() a: ReturnPlanArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'returnPlan', comment: a.comment }, caller);
  }

  @Mutation(() => IssueModel, {
    description: 'The lead unit reports a milestone of its plan done (完成节点), with its evidence',
  })
  completeMilestone(@Args() a: CompleteMilestoneArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'completeMilestone', milestone: a.milestone, comment: a.comment ?? null }, caller);
  }

  @Mutation(() => IssueModel, {
    description:
      'A cooperating unit reports its part (配合任务): progress, what was done, done or not, with its evidence; the ' +
      'office may report for a unit it names. The lead submits once every part is done or waived',
  })
  reportPart(@Args() a: ReportPartArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    const unitId = a.unitId ?? caller.unitId ?? '';
    const event = { type: 'reportPart' as const, unitId, progressPercent: a.progressPercent, done: a.done };
    return this.send(a, { ...event, comment: a.comment }, caller);
  }

  @Mutation(() => IssueModel, {
    description: 'The office waives a cooperating unit’s part (免除配合任务), with a reason',
  })
  waivePart(@Args() a: WaivePartArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'waivePart', unitId: a.unitId, reason: a.reason }, caller);
  }

  @Mutation(() => IssueModel, {
    description: 'The office records an objection to a closure in its public notice (公示异议): the notice stops',
  })
  objectToNotice(@Args() a: ObjectionArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'object', comment: a.comment }, caller);
  }

  @Mutation(() => IssueModel, {
    description:
      'The office finds an objection unfounded (异议不成立): the public notice runs again for its full days. To uphold ' +
      'it, sendBackIssue(step: PUBLIC_NOTICE)',
  })
  dismissObjection(@Args() a: ObjectionArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'dismissObjection', comment: a.comment }, caller);
  }

  @Mutation(() => IssueModel, {
    description: 'The office closes a verified problem (销号) with no 举一反三 problem open',
  })
  closeIssue(@Args() a: CloseArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'close', comment: a.comment ?? null, satisfaction: a.satisfaction ?? null }, caller);
  }

  @Mutation(() => IssueModel, {
    description: 'The office looks back at a closed problem (回头看): still fixed, or rebounded (反弹) and reopened',
  })
  revisitIssue(@Args() a: RevisitArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    const newDueAt = a.newDueAt ? a.newDueAt.toISOString() : null;
    return this.send(a, { type: 'revisit', rebounded: a.rebounded, comment: a.comment ?? null, newDueAt }, caller);
  }

  @Mutation(() => IssueModel, { description: 'The office shows or hides a problem on the public view (信息公开)' })
  publishIssue(@Args() a: PublishArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'publish', published: a.published, publicSummary: a.publicSummary ?? null }, caller);
  }

  @Allowed('markDuplicates')
  @Mutation(() => IssueModel, {
    description: 'Marks a problem as a duplicate of another: it leaves the figures, stays reachable from the original',
  })
  markDuplicate(@Args() a: MarkDuplicateArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.service.markDuplicate(a.issueId, a.ofId, a.comment ?? null, caller, a.expectedVersion);
  }

  private send(
    a: { issueId: string; expectedVersion?: number; evidenceIds?: string[] },
    event: EventInput,
    caller: Caller,
  ): Promise<IssueRecord> {
    return this.transitions.apply(a.issueId, event, senderOf(caller), {
      expectedVersion: a.expectedVersion,
      evidenceIds: a.evidenceIds,
    });
  }
}

/**
 * A page as anyone reads it. No coordinates: a complaint's point can be the complainant's door, and the office's public
 * wording already says where (location).
 */
function publicPage(page: IssuePage): IssuePage {
  return {
    ...page,
    edges: page.edges.map((e) => ({
      ...e,
      node: { ...e.node, publicView: true, longitude: null, latitude: null, coordinateSystem: null },
    })),
  };
}
