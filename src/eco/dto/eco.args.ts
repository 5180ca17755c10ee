import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Trim } from '../../common/validation.js';
import { EcoAttributeEnum, EcoCategoryEnum, EcoReportStateEnum } from '../eco-enums.js';
import { parsePeriod } from '../eco-period.js';
import {
  ECO_ATTRIBUTES,
  ECO_CATEGORIES,
  ECO_REPORT_STATES,
  type EcoAttribute,
  type EcoCategory,
  type EcoReportState,
} from '../eco.types.js';

/** '2026', '2026-Q3' or '2026-09'. */
export const IsPeriodKey = (each = false) =>
  ValidateBy(
    {
      name: 'isPeriodKey',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && parsePeriod(v) !== null,
        defaultMessage: () => "must be a period like '2026', '2026-Q3' or '2026-09'",
      },
    },
    { each },
  );

const FINITE = { allowNaN: false, allowInfinity: false };

@ArgsType()
export class IdArgs {
  @Field(() => ID, { description: 'The indicator’s id' }) @IsUUID() id: string;
}

@ArgsType()
export class IndicatorsArgs {
  @Field(() => EcoCategoryEnum, { nullable: true, description: 'Only indicators of this category (指标类别)' })
  @IsOptional()
  @IsIn(ECO_CATEGORIES)
  category?: EcoCategory;
  @Field(() => EcoAttributeEnum, {
    nullable: true,
    description: 'Only binding (约束性) or expected (预期性) indicators',
  })
  @IsOptional()
  @IsIn(ECO_ATTRIBUTES)
  attribute?: EcoAttribute;
  @Field(() => ID, { nullable: true, description: 'Indicators this unit leads or contributes to' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

@ArgsType()
export class EcoTableArgs extends IndicatorsArgs {
  @Field(() => [String], { description: "Periods as columns, e.g. ['2025', '2026-Q1', '2026-Q2']" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @IsPeriodKey(true)
  periods: string[];
}

@ArgsType()
export class PeriodArgs {
  @Field({ description: "'2026', '2026-Q3' or '2026-09'" }) @IsPeriodKey() period: string;
}

@ArgsType()
export class ReportsArgs {
  @Field(() => ID, { nullable: true, description: 'Only reports on this indicator' })
  @IsOptional()
  @IsUUID()
  indicatorId?: string;
  @Field(() => ID, { nullable: true, description: 'Only reports for this unit (a unit may name only itself)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
  @Field({ nullable: true, description: "Only reports for this period: '2026', '2026-Q3' or '2026-09'" })
  @IsOptional()
  @IsPeriodKey()
  period?: string;
  @Field(() => [EcoReportStateEnum], { nullable: true, description: 'Only reports in one of these states (报送状态)' })
  @IsOptional()
  @IsArray()
  @IsIn(ECO_REPORT_STATES, { each: true })
  states?: EcoReportState[];
}

@ArgsType()
export class AuditArgs {
  @Field(() => ID, { nullable: true, description: 'Only rows about this indicator' })
  @IsOptional()
  @IsUUID()
  indicatorId?: string;
  @Field(() => ID, { nullable: true, description: 'Only rows about this report' })
  @IsOptional()
  @IsUUID()
  reportId?: string;
  @Field(() => ID, { nullable: true, description: 'Only rows about reports for this unit' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

@InputType('EcoReportInput', { description: 'A value reported (报送) for one indicator and period' })
export class EcoReportInput {
  @Field(() => ID, { description: 'The indicator reported on' }) @IsUUID() indicatorId: string;
  @Field(() => ID, {
    nullable: true,
    description: 'A unit reports for itself; the office names the unit it reports for',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;
  @Field({ description: "The indicator's period: '2026' (YEAR), '2026-Q3' (QUARTER) or '2026-09' (MONTH)" })
  @IsPeriodKey()
  period: string;
  @Field(() => Float, { description: 'The value (本期值), in the indicator’s measurement unit' })
  @IsNumber(FINITE)
  value: number;
  @Field({ description: '数据来源, e.g. 区生态环境监测站 月报' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  sourceNote: string;
  @Field(() => [String], { nullable: true, description: 'Evidence ids (plain strings for now)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  evidenceIds?: string[];
  @Field({ nullable: true, description: 'Required when a confirmed value exists: why this one supersedes it' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;
}

@ArgsType()
export class DecideArgs {
  @Field(() => ID, { description: 'The report’s id' }) @IsUUID() id: string;
  @Field({ nullable: true, description: 'An optional note on the confirmation, up to 2000 characters' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

@ArgsType()
export class ReturnArgs {
  @Field(() => ID, { description: 'The report’s id' }) @IsUUID() id: string;
  @Field({ description: 'Why the report goes back to the unit' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  comment: string;
}

@InputType('EcoSettingsInput', { description: 'Absent fields stay as they are' })
export class EcoSettingsInput {
  @Field(() => Int, { nullable: true, description: 'Working days after a period’s end until its report is due, 0–60' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  reportDueWorkingDays?: number;
  @Field(() => Float, { nullable: true, description: 'Weight of the list part (问题清单) in the score, 0–1000' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1000)
  listWeight?: number;
  @Field(() => Float, { nullable: true, description: 'Weight of the table part (生态报表) in the score, 0–1000' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1000)
  tableWeight?: number;
  @Field(() => Float, { nullable: true, description: 'Weight of the closure rate (销号率) in the list part, 0–1000' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1000)
  closureRateWeight?: number;
  @Field(() => Float, { nullable: true, description: 'Weight of the on-time rate (按时率) in the list part, 0–1000' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1000)
  onTimeRateWeight?: number;
  @Field(() => Float, { nullable: true, description: 'Points off the list part per overdue problem (逾期), 0–100' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(100)
  overduePenalty?: number;
  @Field(() => Float, { nullable: true, description: 'Points off the list part per rebound (反弹), 0–100' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(100)
  reboundPenalty?: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Weight of binding indicators (约束性) in the table part, 0–1000',
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1000)
  bindingWeight?: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Weight of expected indicators (预期性) in the table part, 0–1000',
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1000)
  expectedWeight?: number;
  @Field(() => Float, { nullable: true, description: 'Credit of an AT_RISK indicator (预警), 0–1' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  atRiskCredit?: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Points off the score per interview (约谈) of the unit decided in the period, 0–100',
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(100)
  interviewPenalty?: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Points off the score per public criticism (通报批评) of the unit decided in the period, 0–100',
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(100)
  publicCriticismPenalty?: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Points off the score per accountability (问责) of the unit decided in the period, 0–100',
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(100)
  accountabilityPenalty?: number;
}
