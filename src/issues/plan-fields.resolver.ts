// The rectification plan on a problem (整改方案) and how the work stands against it (序时推进); the cooperating units' parts.
import { Context, Field, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { partPending } from '../../workflows/issue.rules.js';
import type { RequestContext } from '../common/request-context.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import type { EscalationLevel, Milestone, PlanPerson, RectificationPlan } from '../../workflows/issue.types.js';
import { EscalationLevelEnum } from '../common/graphql-enums.js';
import { Clock } from '../common/clock.js';
import { describedEnum } from '../common/described-enum.js';
import { DateTimeScalar } from '../common/scalars.js';
import { deadlineDay } from '../common/shanghai-time.js';
import { IssueModel } from './issue.model.js';
import type { IssueRecord } from './issue.record.js';
import { expectedProgress, overdueMilestones } from './plan-progress.js';

const PlanStatusEnum = describedEnum<RectificationPlan['status']>('PlanStatus', 'Whether a plan is the schedule now', {
  IN_FORCE: '执行中: the schedule the work is judged against',
  RETURNED: '已退回: sent back by the office; the unit sets it again',
});

@ObjectType('PlanPerson', { description: 'A person the plan names' })
class PlanPersonModel {
  @Field({ description: 'Name' }) name: string;
  @Field({ description: 'Post (职务)' }) post: string;
}

@ObjectType('Milestone', { description: 'A dated stage of the plan (节点)' })
class MilestoneModel {
  @Field({ description: 'What is done by then' }) title: string;
  @Field(() => DateTimeScalar, { description: 'When' }) dueAt: Date;
  @Field({ description: 'Its calendar day (Asia/Shanghai, YYYY-MM-DD), as pages and messages show it' }) dueDay: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the unit reported it done; null: not yet' })
  doneAt: Date | null;
  @Field({ description: 'Past its date while not done (节点逾期), in a plan in force' }) overdue: boolean;
  @Field(() => EscalationLevelEnum, {
    description:
      '预警 → 督办 → 挂牌督办 as its date nears and passes while not done (the deadline sweep), like a deadline',
  })
  escalationLevel: EscalationLevel;
}

@ObjectType('RectificationPlan', { description: '整改方案: the lead unit’s plan for the work' })
class RectificationPlanModel {
  @Field({ description: '整改目标' }) goal: string;
  @Field({ description: '整改措施' }) measures: string;
  @Field(() => PlanPersonModel, { description: '责任领导' }) leader: PlanPerson;
  @Field(() => PlanPersonModel, { description: '责任人' }) responsible: PlanPerson;
  @Field(() => [MilestoneModel], { description: 'The milestones, by date' }) milestones: MilestoneModel[];
  @Field(() => PlanStatusEnum, { description: 'In force, or sent back by the office' })
  status: RectificationPlan['status'];
  @Field(() => DateTimeScalar, { description: 'When the unit last set it' }) setAt: Date;
  @Field(() => Int, {
    description: '序时进度: the share of milestones due by now, as a percentage, to read beside progressPercent',
  })
  expectedProgressPercent: number;
  @Field({ description: 'Behind schedule (未按序时推进): a milestone past its date and not done, in a plan in force' })
  behindSchedule: boolean;
}

@ObjectType('CooperationPart', { description: '配合任务: a cooperating unit’s part of the work' })
class CooperationPartModel {
  @Field(() => UnitModel, { nullable: true, description: 'The cooperating unit' }) unit: UnitRecord | null;
  @Field(() => Int, { description: 'Its reported progress, 0–100' }) progressPercent: number;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it reported the part done; null: not yet' })
  doneAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the office waived it (免除理由); null: not waived' })
  waivedReason: string | null;
  @Field({ description: 'Neither done nor waived: it holds up the lead’s submission' }) pending: boolean;
}

@Resolver(() => IssueModel)
export class PlanFieldsResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => [CooperationPartModel], {
    description: '配合任务: each cooperating unit’s part (assignments from machine version 6 on; empty before)',
  })
  async parts(@Parent() issue: IssueRecord, @Context() ctx: RequestContext): Promise<CooperationPartModel[]> {
    const units = await ctx.loaders.unit.loadMany(issue.parts.map((p) => p.unitId));
    return issue.parts.map((p, k) => {
      const unit = units[k];
      return {
        unit: unit instanceof Error ? null : unit,
        progressPercent: p.progressPercent,
        doneAt: p.doneAt ? new Date(p.doneAt) : null,
        waivedReason: p.waivedReason,
        pending: partPending(p),
      };
    });
  }

  @ResolveField(() => RectificationPlanModel, {
    nullable: true,
    description: '整改方案 of the lead unit; null before it sets one (the public view never shows it)',
  })
  plan(@Parent() issue: IssueRecord): RectificationPlanModel | null {
    const plan = issue.plan;
    if (!plan || issue.publicView) return null;
    const now = this.clock.now();
    const overdue = new Set(overdueMilestones(plan, now).map((m) => m.title));
    const milestone = (m: Milestone): MilestoneModel => ({
      title: m.title,
      dueAt: new Date(m.dueAt),
      dueDay: deadlineDay(new Date(m.dueAt)),
      doneAt: m.doneAt ? new Date(m.doneAt) : null,
      overdue: overdue.has(m.title),
      escalationLevel: m.escalationLevel ?? 'NONE',
    });
    return {
      goal: plan.goal,
      measures: plan.measures,
      leader: plan.leader,
      responsible: plan.responsible,
      milestones: plan.milestones.map(milestone),
      status: plan.status,
      setAt: new Date(plan.setAt),
      expectedProgressPercent: expectedProgress(plan, now),
      behindSchedule: overdue.size > 0,
    };
  }
}
