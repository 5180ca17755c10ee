// GraphQL ⇄ use cases: maps arguments to events and nothing else.
import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Public, Roles, CurrentCaller } from '../auth/auth.decorators.js';
import { actorOf, type Caller } from '../auth/caller.js';
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
} from './dto/event.args.js';
import { FileIssueInput } from './dto/file-issue.input.js';
import { IssueCodeArgs, IssueIdArgs, IssuesArgs, PageArgs } from './dto/issues.args.js';
import { IssueConnectionModel, IssueModel } from './issue.model.js';
import type { IssueRecord } from './issue.record.js';
import { IssuesService, senderOf, type IssuePage } from './issues.service.js';
import { TransitionService, type EventInput } from './transition.service.js';

@Resolver(() => IssueModel)
export class IssuesResolver {
  constructor(
    private readonly service: IssuesService,
    private readonly transitions: TransitionService,
  ) {}

  @Query(() => IssueModel, { nullable: true })
  issue(@Args() { id }: IssueIdArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord | null> {
    return this.service.get(id, actorOf(caller));
  }

  @Query(() => IssueModel, { nullable: true })
  issueByCode(@Args() { code }: IssueCodeArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord | null> {
    return this.service.getByCode(code, actorOf(caller));
  }

  @Query(() => IssueConnectionModel)
  issues(@Args() args: IssuesArgs, @CurrentCaller() caller: Caller, @Info() info: GraphQLResolveInfo): Promise<IssuePage> {
    const visibleToUnit = caller.role === 'UNIT' ? caller.unitId : null;
    return this.service.page({ ...args.filter, visibleToUnit }, args.first, args.after, selectsField(info, 'totalCount'));
  }

  @Public()
  @Query(() => IssueConnectionModel, { description: 'No token needed: published problems only, no complainant' })
  async publicIssues(@Args() args: PageArgs, @Info() info: GraphQLResolveInfo): Promise<IssuePage> {
    const page = await this.service.page({ publishedOnly: true }, args.first, args.after, selectsField(info, 'totalCount'));
    return { ...page, edges: page.edges.map((e) => ({ ...e, node: { ...e.node, publicView: true } })) };
  }

  @Roles('OFFICE')
  @Mutation(() => IssueModel)
  fileIssue(@Args('input') input: FileIssueInput, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.service.file(input, senderOf(caller));
  }

  @Roles('OFFICE')
  @Mutation(() => IssueModel)
  assignIssue(@Args('input') input: AssignInput, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.service.assign(input, caller, 'assign');
  }

  @Roles('OFFICE')
  @Mutation(() => IssueModel)
  reassignIssue(@Args('input') input: AssignInput, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.service.assign(input, caller, 'reassign');
  }

  @Mutation(() => IssueModel)
  acceptIssue(@Args() a: AcceptArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'accept', comment: a.comment ?? null }, caller);
  }

  @Mutation(() => IssueModel)
  returnIssue(@Args() a: ReturnArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'return', reason: a.reason }, caller);
  }

  @Mutation(() => IssueModel)
  reportProgress(@Args() a: ReportProgressArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'reportProgress', progressPercent: a.progressPercent, comment: a.comment }, caller);
  }

  @Mutation(() => IssueModel)
  requestExtension(@Args() a: RequestExtensionArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'requestExtension', newDueAt: a.newDueAt.toISOString(), reason: a.reason }, caller);
  }

  @Mutation(() => IssueModel)
  decideExtension(@Args() a: DecideExtensionArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'decideExtension', approve: a.approve, comment: a.comment ?? null }, caller);
  }

  @Mutation(() => IssueModel)
  submitRectification(@Args() a: SubmitArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'submit', summary: a.summary, finding: a.finding ?? null }, caller);
  }

  @Mutation(() => IssueModel)
  verifyIssue(@Args() a: VerifyArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'verify', passed: a.passed, comment: a.comment ?? null }, caller);
  }

  @Mutation(() => IssueModel)
  closeIssue(@Args() a: CloseArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'close', comment: a.comment ?? null, satisfaction: a.satisfaction ?? null }, caller);
  }

  @Mutation(() => IssueModel)
  revisitIssue(@Args() a: RevisitArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    const newDueAt = a.newDueAt ? a.newDueAt.toISOString() : null;
    return this.send(a, { type: 'revisit', rebounded: a.rebounded, comment: a.comment ?? null, newDueAt }, caller);
  }

  @Mutation(() => IssueModel)
  publishIssue(@Args() a: PublishArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.send(a, { type: 'publish', published: a.published, publicSummary: a.publicSummary ?? null }, caller);
  }

  @Roles('OFFICE')
  @Mutation(() => IssueModel, { description: 'Marks a problem as a duplicate of another: it leaves the figures, stays reachable from the original' })
  markDuplicate(@Args() a: MarkDuplicateArgs, @CurrentCaller() caller: Caller): Promise<IssueRecord> {
    return this.service.markDuplicate(a.issueId, a.ofId, a.comment ?? null, caller, a.expectedVersion);
  }

  private send(a: { issueId: string; expectedVersion?: number; evidenceIds?: string[] }, event: EventInput, caller: Caller): Promise<IssueRecord> {
    return this.transitions.apply(a.issueId, event, senderOf(caller), { expectedVersion: a.expectedVersion, evidenceIds: a.evidenceIds });
  }
}
