import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { CODE_PATTERN, Trim } from '../../common/validation.js';
import { EcoAttributeEnum, EcoCategoryEnum, EcoDirectionEnum, PeriodKindEnum } from '../eco-enums.js';
import {
  ECO_ATTRIBUTES,
  ECO_CATEGORIES,
  ECO_DIRECTIONS,
  PERIOD_KINDS,
  type EcoAttribute,
  type EcoCategory,
  type EcoDirection,
  type PeriodKind,
} from '../eco.types.js';

const FINITE = { allowNaN: false, allowInfinity: false };
/** In a patch: absent leaves the field as it is; null is refused for fields that cannot be empty. */
const IfPresent = () => ValidateIf((_: object, v: unknown) => v !== undefined);

@InputType('EcoYearTargetInput', { description: 'A year’s own target (年度目标)' })
export class EcoYearTargetInput {
  @Field(() => Int, { description: 'The year, after the baseline year (2000–2100)' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
  @Field(() => Float, { nullable: true, description: 'null = pending (由市级下达)' })
  @IsOptional()
  @IsNumber(FINITE)
  value?: number | null;
  @Field(() => String, { nullable: true, description: 'A note on the target, up to 200 characters' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  note?: string | null;
}

@InputType('EcoContributorInput', { description: 'A contributing unit (配合单位) of an indicator' })
export class EcoContributorInput {
  @Field(() => ID, { description: 'The contributing unit: not the lead, each unit once' }) @IsUUID() unitId: string;
  @Field(() => Float, {
    nullable: true,
    description: "The unit's own part of a split target; null = it shares the district's result",
  })
  @IsOptional()
  @IsNumber(FINITE)
  targetShare?: number | null;
  @Field(() => String, { nullable: true, description: 'What its part is, e.g. 施工扬尘; up to 200 characters' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  note?: string | null;
}

@InputType('EcoIndicatorInput', { description: 'A new indicator of the eco-report (生态报表)' })
export class EcoIndicatorInput {
  @Field({ description: 'A unique code, e.g. ZL2-01: a letter or digit, then up to 63 letters, digits, _, . or -' })
  @Trim()
  @Matches(CODE_PATTERN)
  code: string;
  @Field(() => Int, { description: '序号' }) @IsInt() @Min(1) @Max(9999) seq: number;
  @Field({ description: 'Its name (指标名称), up to 200 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
  @Field(() => EcoCategoryEnum, { description: 'Its category (指标类别)' }) @IsIn(ECO_CATEGORIES) category: EcoCategory;
  @Field(() => EcoAttributeEnum, { description: 'Binding (约束性) or expected (预期性)' })
  @IsIn(ECO_ATTRIBUTES)
  attribute: EcoAttribute;
  @Field({ description: 'Measurement unit, e.g. 天, 微克/立方米, %; up to 50 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  measureUnit: string;
  @Field(() => EcoDirectionEnum, { description: 'How a value is judged against the targets' })
  @IsIn(ECO_DIRECTIONS)
  direction: EcoDirection;
  @Field(() => PeriodKindEnum, { nullable: true, description: 'Default YEAR' })
  @IsOptional()
  @IsIn(PERIOD_KINDS)
  frequency?: PeriodKind;
  @Field(() => Int, { description: 'The baseline’s year (基期), 2000–2100' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  baselineYear: number;
  @Field(() => Float, { nullable: true, description: 'Required for HIGHER_BETTER and LOWER_BETTER' })
  @IsOptional()
  @IsNumber(FINITE)
  baselineValue?: number | null;
  @Field(() => String, {
    nullable: true,
    description: "Printed instead of the baseline number, e.g. '354*', '【21.6】'",
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  baselineLabel?: string | null;
  @Field(() => Int, { description: 'The final target’s year, after the baseline year' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  finalTargetYear: number;
  @Field(() => Float, { nullable: true, description: 'null = pending (由市级下达)' })
  @IsOptional()
  @IsNumber(FINITE)
  finalTargetValue?: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Shown while the final target is pending, e.g. 以国务院最终审批面积为准',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  finalTargetNote?: string | null;
  @Field(() => Float, { nullable: true, description: 'Default 0' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  atRiskMargin?: number;
  @Field(() => String, { nullable: true, description: 'A note (备注), up to 2000 characters' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
  @Field(() => [EcoYearTargetInput], {
    nullable: true,
    description: 'Targets of single years (年度目标), one per year',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EcoYearTargetInput)
  yearlyTargets?: EcoYearTargetInput[];
  @Field(() => ID, { description: '牵头单位' }) @IsUUID() leadUnitId: string;
  @Field(() => [EcoContributorInput], {
    nullable: true,
    description: '配合单位, with their shares where the target is split',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EcoContributorInput)
  contributors?: EcoContributorInput[];
}

@InputType('EcoIndicatorPatch', {
  description: 'Absent fields stay as they are; null clears a field that may be empty (a target becomes pending)',
})
export class EcoIndicatorPatch {
  @Field({ nullable: true, description: 'A new unique code' })
  @IfPresent()
  @Trim()
  @Matches(CODE_PATTERN)
  code?: string;
  @Field(() => Int, { nullable: true, description: 'A new place in the plan (序号)' })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(9999)
  seq?: number;
  @Field({ nullable: true, description: 'A new name (指标名称)' })
  @IfPresent()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
  @Field(() => EcoCategoryEnum, { nullable: true, description: 'A new category (指标类别)' })
  @IfPresent()
  @IsIn(ECO_CATEGORIES)
  category?: EcoCategory;
  @Field(() => EcoAttributeEnum, { nullable: true, description: 'A new attribute (指标属性)' })
  @IfPresent()
  @IsIn(ECO_ATTRIBUTES)
  attribute?: EcoAttribute;
  @Field({ nullable: true, description: 'A new measurement unit' })
  @IfPresent()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  measureUnit?: string;
  @Field(() => EcoDirectionEnum, { nullable: true, description: 'A new direction: how a value is judged' })
  @IfPresent()
  @IsIn(ECO_DIRECTIONS)
  direction?: EcoDirection;
  @Field(() => PeriodKindEnum, { nullable: true, description: 'A new reporting frequency' })
  @IfPresent()
  @IsIn(PERIOD_KINDS)
  frequency?: PeriodKind;
  @Field(() => Int, { nullable: true, description: 'A new baseline year (基期)' })
  @IfPresent()
  @IsInt()
  @Min(2000)
  @Max(2100)
  baselineYear?: number;
  @Field(() => Float, { nullable: true, description: 'A new baseline value; null clears it (not for trajectories)' })
  @IsOptional()
  @IsNumber(FINITE)
  baselineValue?: number | null;
  @Field(() => String, { nullable: true, description: 'A new printed baseline; null prints the number' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  baselineLabel?: string | null;
  @Field(() => Int, { nullable: true, description: 'A new final target year' })
  @IfPresent()
  @IsInt()
  @Min(2000)
  @Max(2100)
  finalTargetYear?: number;
  @Field(() => Float, { nullable: true, description: 'A new final target; null makes it pending (由市级下达)' })
  @IsOptional()
  @IsNumber(FINITE)
  finalTargetValue?: number | null;
  @Field(() => String, { nullable: true, description: 'A new note for a pending final target; null clears it' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  finalTargetNote?: string | null;
  @Field(() => Float, { nullable: true, description: 'A new at-risk margin, in the measurement unit' })
  @IfPresent()
  @IsNumber(FINITE)
  @Min(0)
  atRiskMargin?: number;
  @Field(() => String, { nullable: true, description: 'A new note (备注); null clears it' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
  @Field(() => [EcoYearTargetInput], { nullable: true, description: 'Replaces all yearly targets when given' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EcoYearTargetInput)
  yearlyTargets?: EcoYearTargetInput[];
  @Field(() => ID, { nullable: true, description: 'A new lead unit (牵头单位)' })
  @IfPresent()
  @IsUUID()
  leadUnitId?: string;
  @Field(() => [EcoContributorInput], { nullable: true, description: 'Replaces all contributors when given' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EcoContributorInput)
  contributors?: EcoContributorInput[];
}
