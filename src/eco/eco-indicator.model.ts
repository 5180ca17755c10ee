import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import { EcoAttributeEnum, EcoCategoryEnum, EcoDirectionEnum, EcoUnitRoleEnum, PeriodKindEnum } from './eco-enums.js';
import type { EcoIndicatorUnitRecord, EcoYearTargetRecord } from './eco.records.js';
import type { EcoAttribute, EcoCategory, EcoDirection, EcoUnitRole, PeriodKind } from './eco.types.js';

@ObjectType('EcoYearTarget', { description: "A year's own target; value null = pending (由市级下达)" })
export class EcoYearTargetModel {
  @Field(() => Int, { description: 'The year it is for' }) year: number;
  @Field(() => Float, {
    nullable: true,
    description: 'The target in the measurement unit; null = pending (由市级下达)',
  })
  value: number | null;
  @Field(() => String, { nullable: true, description: 'A note on the target' }) note: string | null;
}

@ObjectType('EcoIndicatorUnit', {
  description: 'A unit responsible for an indicator: the lead (牵头) or a contributor (配合)',
})
export class EcoIndicatorUnitModel {
  @Field(() => UnitModel, { description: 'The unit' }) unit: UnitRecord;
  @Field(() => EcoUnitRoleEnum, { description: 'The lead (牵头单位) or a contributor (配合单位)' }) role: EcoUnitRole;
  @Field(() => Float, {
    nullable: true,
    description: "The unit's own part of a split target (e.g. one town's); null = shares the district's result",
  })
  targetShare: number | null;
  @Field(() => String, { nullable: true, description: 'What the unit’s part is, e.g. 施工扬尘' }) note: string | null;
}

@ObjectType('EcoIndicator', { description: "生态报表 indicator, as in the plan's table (专栏2)" })
export class EcoIndicatorModel {
  @Field(() => ID, { description: 'The indicator’s id' }) id: string;
  @Field({ description: 'Its unique code, e.g. ZL2-01' }) code: string;
  @Field(() => Int, { description: '序号' }) seq: number;
  @Field({ description: '指标名称' }) name: string;
  @Field(() => EcoCategoryEnum, { description: '指标类别' }) category: EcoCategory;
  @Field(() => EcoAttributeEnum, { description: '指标属性' }) attribute: EcoAttribute;
  @Field({ description: 'Measurement unit, e.g. 天, 微克/立方米, %' }) measureUnit: string;
  @Field(() => EcoDirectionEnum, { description: 'How a value is judged against the targets' }) direction: EcoDirection;
  @Field(() => PeriodKindEnum, { description: 'How often units report it' }) frequency: PeriodKind;
  @Field(() => Int, { description: 'The baseline’s year (基期), e.g. 2020' }) baselineYear: number;
  @Field(() => Float, { nullable: true, description: 'The path starts here; null = no baseline (－)' }) baselineValue:
    number | null;
  @Field(() => String, { nullable: true, description: "Printed instead of the number, e.g. '354*', '【21.6】'" })
  baselineLabel: string | null;
  @Field(() => Int, { description: 'The final target’s year, e.g. 2025' }) finalTargetYear: number;
  @Field(() => Float, { nullable: true, description: 'null = pending (由市级下达)' }) finalTargetValue: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Shown while the final target is pending, e.g. 以国务院最终审批面积为准',
  })
  finalTargetNote: string | null;
  @Field(() => Float, {
    description: 'A miss within this margin (in the measurement unit) is AT_RISK, beyond it OFF_TRACK',
  })
  atRiskMargin: number;
  @Field(() => String, { nullable: true, description: 'A note (备注), e.g. the plan’s footnote' }) note: string | null;
  @Field(() => [EcoYearTargetModel], { description: 'Targets of single years (年度目标), by year' })
  yearlyTargets: EcoYearTargetRecord[];
  @Field(() => [EcoIndicatorUnitModel], { description: 'The lead first, then the contributors' })
  units: EcoIndicatorUnitRecord[];
  @Field(() => DateTimeScalar, { description: 'When it was created' }) createdAt: Date;
  @Field(() => DateTimeScalar, { description: 'When it was last changed' }) updatedAt: Date;
  // leadUnit, baselineText and targetText are resolved by EcoIndicatorFieldsResolver.
}
