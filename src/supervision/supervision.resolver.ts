// Supervision orders (督办单), leaders' instructions (批示) and the settings over GraphQL: arguments to use cases.
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Allowed, CurrentCaller } from '../auth/auth.decorators.js';
import { actorOf, type Caller } from '../auth/caller.js';
import type { RequestContext } from '../common/request-context.js';
import { deadlineDay } from '../common/shanghai-time.js';
import { Clock } from '../common/clock.js';
import { canSee } from '../issues/issue-visibility.js';
import { IssueEventModel, IssueModel } from '../issues/issue.model.js';
import type { IssueEventRecord, IssueRecord } from '../issues/issue.record.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import {
  AcknowledgeInstructionArgs,
  DecideOrderReplyArgs,
  InstructArgs,
  IssueSupervisionOrderInput,
  LeaderInstructionsArgs,
  RecordIdArgs,
  ReplyToOrderArgs,
  SupervisionOrdersArgs,
  SupervisionSettingsArgs,
} from './dto/supervision.args.js';
import { LeaderInstructionModel, SupervisionOrderModel, SupervisionSettingsModel } from './supervision.model.js';
import {
  SupervisionRepository,
  type InstructionRecord,
  type OrderRecord,
  type SupervisionSettings,
} from './supervision.repository.js';
import { SupervisionService } from './supervision.service.js';

/** The problems of an order or instruction the caller may read. */
async function readable(ids: string[], ctx: RequestContext): Promise<IssueRecord[]> {
  const actor = ctx.caller ? actorOf(ctx.caller) : { role: 'PUBLIC' as const, unitId: null };
  const rows = await ctx.loaders.issue.loadMany(ids);
  return rows.filter((r): r is IssueRecord => r !== null && !(r instanceof Error) && canSee(actor, r));
}

async function unitOf(id: string | null, ctx: RequestContext): Promise<UnitRecord | null> {
  return id ? ctx.loaders.unit.load(id) : null;
}

@Resolver(() => SupervisionOrderModel)
export class SupervisionOrderResolver {
  constructor(
    private readonly service: SupervisionService,
    private readonly clock: Clock,
  ) {}

  @Allowed('superviseIssues')
  @Mutation(() => SupervisionOrderModel, {
    description:
      'The office issues a supervision order (下发督办单) to the unit leading the problems named: each problem’s log ' +
      'records it, each is raised to the order’s rung if below it, and the unit is told',
  })
  issueSupervisionOrder(
    @Args('input', { description: 'The order' }) i: IssueSupervisionOrderInput,
    @CurrentCaller() caller: Caller,
  ): Promise<OrderRecord> {
    return this.service.issueOrder(
      {
        issueIds: i.issueIds,
        level: i.level,
        number: i.number ?? null,
        replyDueAt: i.replyDueAt ?? null,
        reasons: i.reasons,
      },
      caller,
    );
  }

  @Allowed('replyToOrders')
  @Mutation(() => SupervisionOrderModel, {
    description:
      'The unit replies to an order in writing (回复督办单): its explanation and measures, with evidence; the office ' +
      'then accepts or sends it back. The office may reply on a unit’s behalf',
  })
  replyToSupervisionOrder(@Args() a: ReplyToOrderArgs, @CurrentCaller() caller: Caller): Promise<OrderRecord> {
    return this.service.reply(
      a.orderId,
      { explanation: a.explanation, measures: a.measures, evidenceIds: a.evidenceIds ?? [] },
      caller,
    );
  }

  @Allowed('superviseIssues')
  @Mutation(() => SupervisionOrderModel, {
    description: 'The office accepts the unit’s reply (the order is closed, 办结) or sends it back for another',
  })
  decideSupervisionOrderReply(@Args() a: DecideOrderReplyArgs, @CurrentCaller() caller: Caller): Promise<OrderRecord> {
    return this.service.decide(a.orderId, { accepted: a.accepted, comment: a.comment ?? null }, caller);
  }

  @Allowed('readSupervision')
  @Query(() => SupervisionOrderModel, { description: 'One supervision order (a unit reads its own)' })
  supervisionOrder(@Args() a: RecordIdArgs, @CurrentCaller() caller: Caller): Promise<OrderRecord> {
    return this.service.order(a.id, caller);
  }

  @Allowed('readSupervision')
  @Query(() => [SupervisionOrderModel], {
    description: 'Supervision orders, newest first: a unit its own, the office and leaders every unit’s',
  })
  supervisionOrders(@Args() a: SupervisionOrdersArgs, @CurrentCaller() caller: Caller): Promise<OrderRecord[]> {
    return this.service.orders(
      {
        unitId: a.unitId ?? null,
        status: a.status ?? null,
        overdue: a.overdue ?? false,
        issueId: a.issueId ?? null,
        first: a.first ?? 50,
      },
      caller,
    );
  }

  @Allowed('readSupervision')
  @Query(() => SupervisionSettingsModel, { description: 'How the office runs supervision orders' })
  supervisionSettings(): Promise<SupervisionSettings> {
    return this.service.settings();
  }

  @Allowed('superviseIssues')
  @Mutation(() => SupervisionSettingsModel, {
    description: 'Sets which escalation rungs also issue an order (自动督办) and the default days to reply',
  })
  setSupervisionSettings(@Args() a: SupervisionSettingsArgs): Promise<SupervisionSettings> {
    return this.service.setSettings({ autoOrderLevels: a.autoOrderLevels, replyWorkingDays: a.replyWorkingDays });
  }

  @ResolveField(() => UnitModel)
  unit(@Parent() o: OrderRecord, @Context() ctx: RequestContext): Promise<UnitRecord | null> {
    return unitOf(o.unitId, ctx);
  }

  @ResolveField(() => [IssueModel])
  issues(@Parent() o: OrderRecord, @Context() ctx: RequestContext): Promise<IssueRecord[]> {
    return readable(o.issueIds, ctx);
  }

  @ResolveField(() => String)
  replyDueDay(@Parent() o: OrderRecord): string {
    return deadlineDay(o.replyDueAt);
  }

  @ResolveField(() => Boolean)
  replyOverdue(@Parent() o: OrderRecord): boolean {
    return o.status === 'AWAITING_REPLY' && o.replyDueAt.getTime() < this.clock.now().getTime();
  }
}

@Resolver(() => LeaderInstructionModel)
export class LeaderInstructionResolver {
  constructor(
    private readonly service: SupervisionService,
    private readonly repo: SupervisionRepository,
  ) {}

  @Allowed('instructIssues')
  @Mutation(() => LeaderInstructionModel, {
    description:
      'A leader writes an instruction (领导批示) on problems of one unit, or on a supervision order; each problem’s log ' +
      'records it and the unit is told; it waits for the unit to acknowledge it',
  })
  issueInstruction(@Args() a: InstructArgs, @CurrentCaller() caller: Caller): Promise<InstructionRecord> {
    return this.service.instruct({ issueIds: a.issueIds ?? null, orderId: a.orderId ?? null, text: a.text }, caller);
  }

  @Allowed('acknowledgeInstructions')
  @Mutation(() => LeaderInstructionModel, {
    description: 'The unit acknowledges an instruction (签收批示), saying how it acts on it',
  })
  acknowledgeInstruction(
    @Args() a: AcknowledgeInstructionArgs,
    @CurrentCaller() caller: Caller,
  ): Promise<InstructionRecord> {
    return this.service.acknowledge(a.instructionId, a.comment ?? null, caller);
  }

  @Allowed('readSupervision')
  @Query(() => LeaderInstructionModel, { description: 'One instruction (a unit reads its own)' })
  leaderInstruction(@Args() a: RecordIdArgs, @CurrentCaller() caller: Caller): Promise<InstructionRecord> {
    return this.service.instruction(a.id, caller);
  }

  @Allowed('readSupervision')
  @Query(() => [LeaderInstructionModel], {
    description: 'Leaders’ instructions, newest first: a unit its own, the office and leaders every one',
  })
  leaderInstructions(@Args() a: LeaderInstructionsArgs, @CurrentCaller() caller: Caller): Promise<InstructionRecord[]> {
    return this.service.instructions(
      {
        unitId: a.unitId ?? null,
        acknowledged: a.acknowledged ?? null,
        issueId: a.issueId ?? null,
        orderId: a.orderId ?? null,
        first: a.first ?? 50,
      },
      caller,
    );
  }

  @ResolveField(() => SupervisionOrderModel, { nullable: true })
  order(@Parent() n: InstructionRecord): Promise<OrderRecord | null> {
    return n.orderId ? this.repo.order(n.orderId) : Promise.resolve(null);
  }

  @ResolveField(() => UnitModel, { nullable: true })
  unit(@Parent() n: InstructionRecord, @Context() ctx: RequestContext): Promise<UnitRecord | null> {
    return unitOf(n.unitId, ctx);
  }

  @ResolveField(() => [IssueModel])
  issues(@Parent() n: InstructionRecord, @Context() ctx: RequestContext): Promise<IssueRecord[]> {
    return readable(n.issueIds, ctx);
  }
}

interface SupervisionLoaders {
  orders: DataLoader<string, OrderRecord[]>;
  instructions: DataLoader<string, InstructionRecord[]>;
  order: DataLoader<string, OrderRecord | null>;
  instruction: DataLoader<string, InstructionRecord | null>;
}

/** Per request: a list of problems (or of log rows) loads their orders and instructions in one statement each. */
const perRequest = new WeakMap<RequestContext, SupervisionLoaders>();

function loadersOf(ctx: RequestContext, repo: SupervisionRepository): SupervisionLoaders {
  let l = perRequest.get(ctx);
  if (!l) {
    const byId = <T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = new Map((await load(ids)).map((r) => [r.id, r]));
        return ids.map((id) => rows.get(id) ?? null);
      });
    l = {
      orders: new DataLoader(async (ids: readonly string[]) => {
        const by = await repo.ordersOn(ids);
        return ids.map((id) => by.get(id) ?? []);
      }),
      instructions: new DataLoader(async (ids: readonly string[]) => {
        const by = await repo.instructionsOn(ids);
        return ids.map((id) => by.get(id) ?? []);
      }),
      order: byId((ids) => repo.ordersById(ids)),
      instruction: byId((ids) => repo.instructionsById(ids)),
    };
    perRequest.set(ctx, l);
  }
  return l;
}

@Resolver(() => IssueModel)
export class SupervisionFieldsResolver {
  constructor(private readonly repo: SupervisionRepository) {}

  @ResolveField(() => [SupervisionOrderModel], {
    description: 'Supervision orders on the problem (督办单), newest first; none on the public view',
  })
  supervisionOrders(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<OrderRecord[]> {
    if (issue.publicView) return Promise.resolve([]);
    return loadersOf(ctx, this.repo).orders.load(issue.id);
  }

  @ResolveField(() => [LeaderInstructionModel], {
    description: 'Leaders’ instructions on the problem (领导批示), newest first; none on the public view',
  })
  instructions(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<InstructionRecord[]> {
    if (issue.publicView) return Promise.resolve([]);
    return loadersOf(ctx, this.repo).instructions.load(issue.id);
  }
}

@Resolver(() => IssueEventModel)
export class SupervisionEventFieldsResolver {
  constructor(private readonly repo: SupervisionRepository) {}

  @ResolveField(() => SupervisionOrderModel, {
    nullable: true,
    description:
      'On an order’s events (issued, replied, decided; a rung that raised one; an instruction on one): the order',
  })
  supervisionOrder(@Parent() e: IssueEventRecord, @Context() ctx: RequestContext): Promise<OrderRecord | null> {
    const raised = e.type === 'escalate' ? (e.payload.order as { orderId?: string } | null | undefined) : null;
    const id = raised?.orderId ?? (ORDER_EVENTS.has(e.type) ? (e.payload.orderId as string | null | undefined) : null);
    return id ? loadersOf(ctx, this.repo).order.load(id) : Promise.resolve(null);
  }

  @ResolveField(() => LeaderInstructionModel, {
    nullable: true,
    description: 'On an instruction or its acknowledgement: the instruction',
  })
  instruction(@Parent() e: IssueEventRecord, @Context() ctx: RequestContext): Promise<InstructionRecord | null> {
    const id =
      e.type === 'instruct' || e.type === 'acknowledgeInstruction'
        ? (e.payload.instructionId as string | undefined)
        : undefined;
    return id ? loadersOf(ctx, this.repo).instruction.load(id) : Promise.resolve(null);
  }
}

/** Events that name an order (the instruction's own, when written on one). */
const ORDER_EVENTS: ReadonlySet<string> = new Set(['superviseOrder', 'replyToOrder', 'decideOrderReply', 'instruct']);
