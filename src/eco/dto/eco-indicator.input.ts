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
import { Trim } from '../../common/validation.js';
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

@InputType('EcoYearTargetInput')
export class EcoYearTargetInput {
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) year: number;
  @Field(() => Float, { nullable: true, description: 'null = pending (由市级下达)' }) @IsOptional() @IsNumber(FINITE) value?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(200) note?: string | null;
}

@InputType('EcoContributorInput')
export class EcoContributorInput {
  @Field(() => ID) @IsUUID() unitId: string;
  @Field(() => Float, { nullable: true, description: "The unit's own part of a split target; null = it shares the district's result" })
  @IsOptional() @IsNumber(FINITE) targetShare?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(200) note?: string | null;
}

@InputType('EcoIndicatorInput')
export class EcoIndicatorInput {
  @Field() @Trim() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$/) code: string;
  @Field(() => Int, { description: '序号' }) @IsInt() @Min(1) @Max(9999) seq: number;
  @Field() @Trim() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @Field(() => EcoCategoryEnum) @IsIn(ECO_CATEGORIES) category: EcoCategory;
  @Field(() => EcoAttributeEnum) @IsIn(ECO_ATTRIBUTES) attribute: EcoAttribute;
  @Field() @Trim() @IsString() @IsNotEmpty() @MaxLength(50) measureUnit: string;
  @Field(() => EcoDirectionEnum) @IsIn(ECO_DIRECTIONS) direction: EcoDirection;
  @Field(() => PeriodKindEnum, { nullable: true, description: 'Default YEAR' }) @IsOptional() @IsIn(PERIOD_KINDS) frequency?: PeriodKind;
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) baselineYear: number;
  @Field(() => Float, { nullable: true, description: 'Required for HIGHER_BETTER and LOWER_BETTER' })
  @IsOptional() @IsNumber(FINITE) baselineValue?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(50) baselineLabel?: string | null;
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) finalTargetYear: number;
  @Field(() => Float, { nullable: true, description: 'null = pending (由市级下达)' }) @IsOptional() @IsNumber(FINITE) finalTargetValue?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(200) finalTargetNote?: string | null;
  @Field(() => Float, { nullable: true, description: 'Default 0' }) @IsOptional() @IsNumber(FINITE) @Min(0) atRiskMargin?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(2000) note?: string | null;
  @Field(() => [EcoYearTargetInput], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true })
  @Type(() => EcoYearTargetInput) yearlyTargets?: EcoYearTargetInput[];
  @Field(() => ID, { description: '牵头单位' }) @IsUUID() leadUnitId: string;
  @Field(() => [EcoContributorInput], { nullable: true, description: '配合单位, with their shares where the target is split' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => EcoContributorInput)
  contributors?: EcoContributorInput[];
}

@InputType('EcoIndicatorPatch', { description: 'Absent fields stay as they are; null clears a field that may be empty (a target becomes pending)' })
export class EcoIndicatorPatch {
  @Field({ nullable: true }) @IfPresent() @Trim() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$/) code?: string;
  @Field(() => Int, { nullable: true }) @IfPresent() @IsInt() @Min(1) @Max(9999) seq?: number;
  @Field({ nullable: true }) @IfPresent() @Trim() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @Field(() => EcoCategoryEnum, { nullable: true }) @IfPresent() @IsIn(ECO_CATEGORIES) category?: EcoCategory;
  @Field(() => EcoAttributeEnum, { nullable: true }) @IfPresent() @IsIn(ECO_ATTRIBUTES) attribute?: EcoAttribute;
  @Field({ nullable: true }) @IfPresent() @Trim() @IsString() @IsNotEmpty() @MaxLength(50) measureUnit?: string;
  @Field(() => EcoDirectionEnum, { nullable: true }) @IfPresent() @IsIn(ECO_DIRECTIONS) direction?: EcoDirection;
  @Field(() => PeriodKindEnum, { nullable: true }) @IfPresent() @IsIn(PERIOD_KINDS) frequency?: PeriodKind;
  @Field(() => Int, { nullable: true }) @IfPresent() @IsInt() @Min(2000) @Max(2100) baselineYear?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber(FINITE) baselineValue?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(50) baselineLabel?: string | null;
  @Field(() => Int, { nullable: true }) @IfPresent() @IsInt() @Min(2000) @Max(2100) finalTargetYear?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber(FINITE) finalTargetValue?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(200) finalTargetNote?: string | null;
  @Field(() => Float, { nullable: true }) @IfPresent() @IsNumber(FINITE) @Min(0) atRiskMargin?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(2000) note?: string | null;
  @Field(() => [EcoYearTargetInput], { nullable: true, description: 'Replaces all yearly targets when given' })
  @IfPresent() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => EcoYearTargetInput) yearlyTargets?: EcoYearTargetInput[];
  @Field(() => ID, { nullable: true }) @IfPresent() @IsUUID() leadUnitId?: string;
  @Field(() => [EcoContributorInput], { nullable: true, description: 'Replaces all contributors when given' })
  @IfPresent() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => EcoContributorInput) contributors?: EcoContributorInput[];
}
