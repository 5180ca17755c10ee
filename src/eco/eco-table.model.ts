import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import { EcoStatusEnum, EcoUnitRoleEnum } from './eco-enums.js';
import { EcoIndicatorModel } from './eco-indicator.model.js';
import type { EcoIndicatorRecord } from './eco.records.js';
import type { EcoStatus, EcoUnitRole } from './eco.types.js';

@ObjectType('EcoCell', { description: "One indicator in one period, from one unit's side" })
export class EcoCellModel {
  @Field({ description: 'The period asked for' }) period: string;
  @Field({ description: "The indicator's own period that answers it (a yearly indicator answers 2026-Q3 with 2026)" })
  reportPeriod: string;
  @Field(() => Float, { nullable: true, description: '本期值: the confirmed value in force' }) value: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      "The year's target in force (thresholds: the final target when the year has none; a contributor: its share)",
  })
  yearTarget: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'The straight path from baseline to final target at the end of the period (trajectories)',
  })
  path: number | null;
  @Field(() => EcoStatusEnum, { description: 'Its status (状态): the confirmed value judged, or why there is none' })
  status: EcoStatus;
  @Field(() => DateTimeScalar, { description: 'Report deadline: the end of the n-th working day after the period' })
  dueAt: Date;
  @Field(() => ID, { nullable: true, description: 'The confirmed report whose value is in force' })
  confirmedReportId: string | null;
  @Field(() => ID, { nullable: true, description: 'A report waiting for the office' }) submittedReportId: string | null;
  @Field(() => Float, { nullable: true, description: 'The value of the report waiting for the office' })
  submittedValue: number | null;
}

@ObjectType('EcoTableRow', { description: "An indicator from a unit's side: the lead's is the district's figure" })
export class EcoTableRowModel {
  @Field(() => EcoIndicatorModel, { description: 'The indicator' }) indicator: EcoIndicatorRecord;
  @Field(() => UnitModel, { description: 'The unit whose side it is (the lead’s for the district’s figure)' })
  unit: UnitRecord;
  @Field(() => EcoUnitRoleEnum, { description: 'The unit’s part: lead (牵头单位) or contributor (配合单位)' })
  role: EcoUnitRole;
  @Field(() => Float, { nullable: true, description: 'Its own part of a split target; null = the district’s result' })
  targetShare: number | null;
  @Field(() => [EcoCellModel], { description: 'One per period asked for, in that order' }) cells: EcoCellModel[];
}

@ObjectType('EcoTable', { description: '生态报表: indicators × periods' })
export class EcoTableModel {
  @Field(() => [String], { description: 'The periods asked for, the columns, each once' }) periods: string[];
  @Field(() => DateTimeScalar, { description: 'When it was drawn up: statuses are as of then' }) asOf: Date;
  @Field(() => [EcoTableRowModel], { description: 'One per indicator (the district’s side), or per side of the unit' })
  rows: EcoTableRowModel[];
}

@ObjectType('UnitScore', {
  description: "一单一表: one unit's score from the list (问题清单) and the table (生态报表) for a period",
})
export class UnitScoreModel {
  @Field(() => UnitModel, { description: 'The unit' }) unit: UnitRecord;
  @Field({ description: "The period, e.g. '2026-Q3'" }) period: string;
  @Field(() => Int, { nullable: true, description: '排名 by score (ties share a rank); null without a score' }) rank:
    number | null;
  @Field(() => Int, {
    description: 'How many units have a rank (a score) in the period: a unit reading only its own row sees its place',
  })
  rankedUnits: number;
  @Field(() => Float, {
    nullable: true,
    description:
      '综合得分 0..100: the parts mixed, less accountabilityDeduction, floored at 0; null when neither part applies',
  })
  score: number | null;
  @Field(() => Float, { nullable: true, description: '问题清单得分 0..100; null when the unit leads no problem' })
  listScore: number | null;
  @Field(() => Float, {
    nullable: true,
    description: '生态报表得分 0..100; null when none of its indicators is judged',
  })
  tableScore: number | null;
  @Field(() => Int, { description: '问题总数 (led)' }) problems: number;
  @Field(() => Int, { description: 'Problems it leads that are closed (已销号)' }) closed: number;
  @Field(() => Float, { description: 'Closure rate (销号率): closed ÷ problems, 0–1' }) closureRate: number;
  @Field(() => Float, { description: 'On-time rate (按时率): closed on time ÷ closed, 0–1' }) onTimeRate: number;
  @Field(() => Int, { description: 'Problems it leads that are overdue (逾期)' }) overdue: number;
  @Field(() => Int, { description: 'Rebounds (反弹) of the problems it leads' }) rebounds: number;
  @Field(() => Int, { description: 'Indicators it leads or contributes to' }) indicators: number;
  @Field(() => Int, { description: 'Indicators counted in the table part' }) judgedIndicators: number;
  @Field(() => Int, { description: 'Indicators on track (达标) in the period' }) onTrackIndicators: number;
  @Field(() => Float, {
    description:
      '问责扣分: points its accountability records decided in the period take off the score (before the floor at 0), ' +
      'as ecoSettings weighs each kind; revoked records count for nothing',
  })
  accountabilityDeduction: number;
  @Field(() => Int, { description: 'Interviews (约谈) of the unit decided in the period' }) interviews: number;
  @Field(() => Int, { description: 'Public criticisms (通报批评) of the unit decided in the period' })
  publicCriticisms: number;
  @Field(() => Int, { description: 'Accountability decisions (问责) against the unit in the period' })
  accountabilityActions: number;
}

@ObjectType('EcoSettings', { description: "The report deadline and the score's weights (office-configured)" })
export class EcoSettingsModel {
  @Field(() => Int, { description: "A period's report is due at the end of this many working days after it ends" })
  reportDueWorkingDays: number;
  @Field(() => Float, { description: 'Weight of the list part (问题清单) in the score' }) listWeight: number;
  @Field(() => Float, { description: 'Weight of the table part (生态报表) in the score' }) tableWeight: number;
  @Field(() => Float, { description: 'Weight of the closure rate (销号率) in the list part' })
  closureRateWeight: number;
  @Field(() => Float, { description: 'Weight of the on-time rate (按时率) in the list part' }) onTimeRateWeight: number;
  @Field(() => Float, { description: 'Points off the list part per overdue problem' }) overduePenalty: number;
  @Field(() => Float, { description: 'Points off the list part per rebound' }) reboundPenalty: number;
  @Field(() => Float, { description: 'Weight of a binding indicator (约束性) in the table part' })
  bindingWeight: number;
  @Field(() => Float, { description: 'Weight of an expected indicator (预期性) in the table part' })
  expectedWeight: number;
  @Field(() => Float, { description: 'Credit of an AT_RISK indicator, 0..1' }) atRiskCredit: number;
  @Field(() => Float, { description: 'Points off the score per interview (约谈) decided in the period' })
  interviewPenalty: number;
  @Field(() => Float, { description: 'Points off the score per public criticism (通报批评) decided in the period' })
  publicCriticismPenalty: number;
  @Field(() => Float, { description: 'Points off the score per accountability (问责) decided in the period' })
  accountabilityPenalty: number;
  @Field(() => String, { nullable: true, description: 'Who last changed them; null while the defaults stand' })
  updatedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When they were last changed' }) updatedAt: Date | null;
}
