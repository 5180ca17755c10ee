import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import { EcoAttributeEnum, EcoCategoryEnum, EcoDirectionEnum, EcoUnitRoleEnum, PeriodKindEnum } from './eco-enums.js';
import type { EcoIndicatorUnitRecord, EcoYearTargetRecord } from './eco.records.js';
import type { EcoAttribute, EcoCategory, EcoDirection, EcoUnitRole, PeriodKind } from './eco.types.js';

@ObjectType('EcoYearTarget', { description: "A year's own target; value null = pending (由市级下达)" })
export class EcoYearTargetModel {
  @Field(() => Int) year: number;
  @Field(() => Float, { nullable: true }) value: number | null;
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType('EcoIndicatorUnit', { description: 'A unit responsible for an indicator: the lead (牵头) or a contributor (配合)' })
export class EcoIndicatorUnitModel {
  @Field(() => UnitModel) unit: UnitRecord;
  @Field(() => EcoUnitRoleEnum) role: EcoUnitRole;
  @Field(() => Float, { nullable: true, description: "The unit's own part of a split target (e.g. one town's); null = shares the district's result" })
  targetShare: number | null;
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType('EcoIndicator', { description: '生态报表 indicator, as in the plan\'s table (专栏2)' })
export class EcoIndicatorModel {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field(() => Int, { description: '序号' }) seq: number;
  @Field({ description: '指标名称' }) name: string;
  @Field(() => EcoCategoryEnum, { description: '指标类别' }) category: EcoCategory;
  @Field(() => EcoAttributeEnum, { description: '指标属性' }) attribute: EcoAttribute;
  @Field({ description: 'Measurement unit, e.g. 天, 微克/立方米, %' }) measureUnit: string;
  @Field(() => EcoDirectionEnum) direction: EcoDirection;
  @Field(() => PeriodKindEnum, { description: 'How often units report it' }) frequency: PeriodKind;
  @Field(() => Int) baselineYear: number;
  @Field(() => Float, { nullable: true, description: 'The path starts here; null = no baseline (－)' }) baselineValue: number | null;
  @Field(() => String, { nullable: true, description: "Printed instead of the number, e.g. '354*', '【21.6】'" }) baselineLabel: string | null;
  @Field(() => Int) finalTargetYear: number;
  @Field(() => Float, { nullable: true, description: 'null = pending (由市级下达)' }) finalTargetValue: number | null;
  @Field(() => String, { nullable: true, description: 'Shown while the final target is pending, e.g. 以国务院最终审批面积为准' })
  finalTargetNote: string | null;
  @Field(() => Float, { description: 'A miss within this margin (in the measurement unit) is AT_RISK, beyond it OFF_TRACK' })
  atRiskMargin: number;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => [EcoYearTargetModel]) yearlyTargets: EcoYearTargetRecord[];
  @Field(() => [EcoIndicatorUnitModel], { description: 'The lead first, then the contributors' }) units: EcoIndicatorUnitRecord[];
  @Field(() => DateTimeScalar) createdAt: Date;
  @Field(() => DateTimeScalar) updatedAt: Date;
  // leadUnit, baselineText and targetText are resolved by EcoIndicatorFieldsResolver.
}
