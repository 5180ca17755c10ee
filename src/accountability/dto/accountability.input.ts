import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AccountabilityKindEnum } from '../../common/graphql-enums.js';
import { DateScalar } from '../../common/scalars.js';
import { IsCalendarDay, Trim } from '../../common/validation.js';
import { ACCOUNTABILITY_KINDS, type AccountabilityKind } from '../accountability.record.js';

@InputType('RecordAccountabilityInput', { description: 'An interview, public criticism or accountability to record' })
export class RecordAccountabilityInput {
  @Field(() => AccountabilityKindEnum, { description: 'What was decided: 约谈, 通报批评 or 问责' })
  @IsIn(ACCOUNTABILITY_KINDS)
  kind: AccountabilityKind;

  @Field(() => ID, { description: 'The unit it is against' })
  @IsUUID()
  unitId: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The person interviewed or held to account, up to 50 characters (personal data: OFFICE and LEADER read it)',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  personName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Their post, up to 100 characters, e.g. 水江镇主要负责人 (personal data, as the name)',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  personPost?: string | null;

  @Field({
    description: 'The document that records the decision (文号), up to 100 characters, e.g. 区整改办〔2026〕7号',
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  documentNumber: string;

  @Field(() => DateScalar, { description: 'The day it was decided (Asia/Shanghai), today or earlier' })
  @IsCalendarDay()
  decidedOn: string;

  @Field({ description: 'What it was for (事由), up to 2000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @Field(() => [ID], {
    description: 'The problems it concerns, 1–100: each one the unit leads, cooperates on, or once did',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID(undefined, { each: true })
  problemIds: string[];
}

@ArgsType()
export class RevokeAccountabilityArgs {
  @Field(() => ID, { description: 'The record' }) @IsUUID() id: string;

  @Field({
    description:
      'Why it is revoked (e.g. the decision was withdrawn or recorded against the wrong unit), up to 2000 characters',
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

@ArgsType()
export class AccountabilityRecordsArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'One unit’s records; without it every unit’s (a unit: its own, always)',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Decided on or after this day (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDay()
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Decided on or before this day (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDay()
  to?: string | null;

  @Field({ nullable: true, defaultValue: false, description: 'Revoked records too (they are kept, with why)' })
  @IsOptional()
  @IsBoolean()
  includeRevoked: boolean = false;

  @Field(() => Int, { nullable: true, defaultValue: 100, description: 'How many, newest decision first (at most 500)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  first: number = 100;
}
