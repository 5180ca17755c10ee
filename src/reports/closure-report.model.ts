import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars.js';
import { describedEnum } from '../common/described-enum.js';
import { CLOSURE_STAGE_LABELS } from '../common/labels.js';
import { UnitModel } from '../units/unit.model.js';
import type { ClosureStage } from './closure-stages.query.js';
import type { UnitRecord } from '../units/unit.record.js';

@ObjectType('ClosureRow', { description: '周通报 one row: a lead unit, or the total' })
export class ClosureRowModel {
  @Field(() => UnitModel, { nullable: true, description: 'null on the total row' }) unit: UnitRecord | null;
  @Field(() => Int, { description: '问题总数' }) total: number;
  @Field(() => Int, { description: '已销号' }) closed: number;
  @Field(() => Float, { description: '销号率 0..1' }) closureRate: number;
  @Field(() => Int, { description: '按时完成' }) completedOnTime: number;
  @Field(() => Float, { description: '按时率 0..1' }) onTimeRate: number;
  @Field(() => Int, { description: '未完成' }) open: number;
  @Field(() => Int, { description: '逾期' }) overdue: number;
  @Field(() => Int, { description: '即将到期' }) dueSoon: number;
  @Field(() => Int, { description: '反弹' }) rebounds: number;
  @Field(() => Int, { description: '本期新增' }) filedInPeriod: number;
  @Field(() => Int, { description: '本期销号' }) closedInPeriod: number;
  @Field(() => Int, { description: '群众投诉件数' }) complaints: number;
  @Field(() => Int, { description: 'Complaints answered, or whose reply deadline has passed' }) replyDue: number;
  @Field(() => Int, { description: '按时回复: first submission no later than the reply deadline' })
  repliedOnTime: number;
  @Field(() => Float, { description: '按时回复率 = repliedOnTime / replyDue' }) replyOnTimeRate: number;
  @Field(() => Int, { description: 'Closed complaints with a satisfaction answer' }) rated: number;
  @Field(() => Int, { description: '满意 or 基本满意' }) satisfied: number;
  @Field(() => Float, { description: '回访满意度 = satisfied / rated' }) satisfactionRate: number;
  @Field(() => Int, { nullable: true, description: '排名 by closureRate, then onTimeRate; null on the total row' })
  rank: number | null;
  @Field({
    description:
      '后进: ranked in the last three places of the whole table (ties with the last of them included), as the weekly ' +
      'bulletin names them; false on the total row and while no more than three units are ranked',
  })
  lagging: boolean;
}

export const ClosureStageEnum = describedEnum<ClosureStage>(
  'ClosureStage',
  'A stage of the road to 销号 a submission waits in (src/reports/closure-stages.query.ts)',
  CLOSURE_STAGE_LABELS,
);

@ObjectType('ClosureStageFigures', { description: 'One stage of the road to 销号 in a row of the table' })
export class ClosureStageFiguresModel {
  @Field(() => ClosureStageEnum, { description: 'The stage' }) stage: ClosureStage;
  @Field(() => Int, { description: 'Problems waiting at it as of the table’s moment (在办)' }) waiting: number;
  @Field(() => Int, { description: 'Stage visits that ended in the period (signed on, sent back or stopped)' })
  completed: number;
  @Field(() => Float, {
    nullable: true,
    description: 'The median of their days (中位用时, calendar days with fractions); null when none ended',
  })
  medianDays: number | null;
}

@ObjectType('ClosurePartFigures', { description: '配合单位分工 in a row of a COOPERATING table' })
export class ClosurePartFiguresModel {
  @Field(() => Int, { description: 'Parts still to do now (neither done nor waived)' }) pending: number;
  @Field(() => Int, { description: 'Parts reported done in the period' }) done: number;
  @Field(() => Float, {
    nullable: true,
    description: 'The median days those took, from the assignment that gave the part (calendar days with fractions)',
  })
  medianDays: number | null;
}

@ObjectType('ClosureReport', { description: 'The table (报表): figures per unit and in total, as of a moment' })
export class ClosureReportModel {
  @Field(() => DateTimeScalar, { description: 'The moment the figures are as of' }) asOf: Date;
  @Field(() => DateTimeScalar, { description: 'The start of the period filedInPeriod and closedInPeriod count from' })
  periodStart: Date;
  @Field(() => [ClosureRowModel], { description: 'One per unit that leads at least one problem' })
  rows: ClosureRowModel[];
  @Field(() => ClosureRowModel, { description: 'The total row (合计) of every problem in scope; unit and rank null' })
  total: ClosureRowModel;
  @Field(() => Int, {
    description: 'How many units the table ranks (rows of every unit, whoever reads): a unit sees its rank among them',
  })
  rankedUnits: number;
}
