import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import { EcoStatusEnum, EcoUnitRoleEnum } from './eco-enums.js';
import { EcoIndicatorModel } from './eco-indicator.model.js';
import type { EcoIndicatorRecord } from './eco.records.js';
import type { EcoStatus, EcoUnitRole } from './eco.types.js';

@ObjectType('EcoCell', { description: 'One indicator in one period, from one unit\'s side' })
export class EcoCellModel {
  @Field({ description: 'The period asked for' }) period: string;
  @Field({ description: "The indicator's own period that answers it (a yearly indicator answers 2026-Q3 with 2026)" })
  reportPeriod: string;
  @Field(() => Float, { nullable: true, description: '本期值: the confirmed value in force' }) value: number | null;
  @Field(() => Float, { nullable: true, description: "The year's target in force (thresholds: the final target when the year has none; a contributor: its share)" })
  yearTarget: number | null;
  @Field(() => Float, { nullable: true, description: 'The straight path from baseline to final target at the end of the period (trajectories)' })
  path: number | null;
  @Field(() => EcoStatusEnum) status: EcoStatus;
  @Field(() => DateTimeScalar, { description: 'Report deadline: the end of the n-th working day after the period' }) dueAt: Date;
  @Field(() => ID, { nullable: true }) confirmedReportId: string | null;
  @Field(() => ID, { nullable: true, description: 'A report waiting for the office' }) submittedReportId: string | null;
  @Field(() => Float, { nullable: true }) submittedValue: number | null;
}

@ObjectType('EcoTableRow', { description: "An indicator from a unit's side: the lead's is the district's figure" })
export class EcoTableRowModel {
  @Field(() => EcoIndicatorModel) indicator: EcoIndicatorRecord;
  @Field(() => UnitModel) unit: UnitRecord;
  @Field(() => EcoUnitRoleEnum) role: EcoUnitRole;
  @Field(() => Float, { nullable: true }) targetShare: number | null;
  @Field(() => [EcoCellModel], { description: 'One per period asked for, in that order' }) cells: EcoCellModel[];
}

@ObjectType('EcoTable', { description: '生态报表: indicators × periods' })
export class EcoTableModel {
  @Field(() => [String]) periods: string[];
  @Field(() => DateTimeScalar) asOf: Date;
  @Field(() => [EcoTableRowModel]) rows: EcoTableRowModel[];
}

@ObjectType('UnitScore', { description: '一单一表: one unit\'s score from the list (问题清单) and the table (生态报表) for a period' })
export class UnitScoreModel {
  @Field(() => UnitModel) unit: UnitRecord;
  @Field() period: string;
  @Field(() => Int, { nullable: true, description: '排名 by score (ties share a rank); null without a score' }) rank: number | null;
  @Field(() => Float, { nullable: true, description: '综合得分 0..100' }) score: number | null;
  @Field(() => Float, { nullable: true, description: '问题清单得分 0..100; null when the unit leads no problem' }) listScore: number | null;
  @Field(() => Float, { nullable: true, description: '生态报表得分 0..100; null when none of its indicators is judged' })
  tableScore: number | null;
  @Field(() => Int, { description: '问题总数 (led)' }) problems: number;
  @Field(() => Int) closed: number;
  @Field(() => Float) closureRate: number;
  @Field(() => Float) onTimeRate: number;
  @Field(() => Int) overdue: number;
  @Field(() => Int) rebounds: number;
  @Field(() => Int, { description: 'Indicators it leads or contributes to' }) indicators: number;
  @Field(() => Int, { description: 'Indicators counted in the table part' }) judgedIndicators: number;
  @Field(() => Int) onTrackIndicators: number;
}

@ObjectType('EcoSettings', { description: "The report deadline and the score's weights (office-configured)" })
export class EcoSettingsModel {
  @Field(() => Int, { description: 'A period\'s report is due at the end of this many working days after it ends' }) reportDueWorkingDays: number;
  @Field(() => Float) listWeight: number;
  @Field(() => Float) tableWeight: number;
  @Field(() => Float) closureRateWeight: number;
  @Field(() => Float) onTimeRateWeight: number;
  @Field(() => Float, { description: 'Points off the list part per overdue problem' }) overduePenalty: number;
  @Field(() => Float, { description: 'Points off the list part per rebound' }) reboundPenalty: number;
  @Field(() => Float) bindingWeight: number;
  @Field(() => Float) expectedWeight: number;
  @Field(() => Float, { description: 'Credit of an AT_RISK indicator, 0..1' }) atRiskCredit: number;
  @Field(() => String, { nullable: true }) updatedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedAt: Date | null;
}
