// Arguments of the event mutations: flat GraphQL arguments, validated as classes.
import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
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
  ValidateNested,
} from 'class-validator';
import { ENFORCEMENT_MAX } from '../../../workflows/issue.rules.js';
import {
  COMPLAINT_FINDINGS,
  type ComplaintFinding,
  SATISFACTIONS,
  type Satisfaction,
  SIGN_OFF_STEPS,
  type SignOffStep,
} from '../../../workflows/issue.types.js';
import { ComplaintFindingEnum, SatisfactionEnum, SignOffStepEnum } from '../../common/graphql-enums.js';
import { DateTimeScalar } from '../../common/scalars.js';
import { Trim } from '../../common/validation.js';

/** What every event's expectedVersion means (AssignInput's too). */
export const EXPECTED_VERSION =
  'Optimistic concurrency: the version (Issue.version) the caller last read; a stale one is refused (VERSION_CONFLICT)';
/** An optional comment of an event. */
const NOTE = 'An optional note, up to 2000 characters, kept in the audit log';

@ArgsType()
export class IssueRefArgs {
  @Field(() => ID, { description: 'The problem’s id' }) @IsUUID() issueId: string;
}

@ArgsType()
export class VersionedArgs extends IssueRefArgs {
  @Field(() => Int, { nullable: true, description: EXPECTED_VERSION })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

/** Events that may carry evidence: uploads (POST /issues/:id/evidence) by the same token, not yet attached. */
@ArgsType()
export class WithEvidenceArgs extends VersionedArgs {
  @Field(() => [ID], {
    nullable: true,
    description: 'Evidence uploaded by this token for this problem, attached to this event',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];
}

@ArgsType()
export class AcceptArgs extends VersionedArgs {
  @Field({ nullable: true, description: NOTE }) @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
}

@ArgsType()
export class ReturnArgs extends VersionedArgs {
  @Field({ description: 'Why the problem is not the unit’s (退回理由), up to 2000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

@ArgsType()
export class ReportProgressArgs extends WithEvidenceArgs {
  @Field(() => Int, { description: 'Progress so far (整改进度), a percentage 0–100' })
  @IsInt()
  @Min(0)
  @Max(100)
  progressPercent: number;
  @Field({ description: 'What has been done (进展情况), up to 2000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  comment: string;
}

@ArgsType()
export class RequestExtensionArgs extends VersionedArgs {
  @Field(() => DateTimeScalar, { description: 'The deadline asked for, later than the one in force' })
  @IsDate()
  newDueAt: Date;
  @Field({ description: 'Why more time is needed (延期理由), up to 2000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

@ArgsType()
export class DecideExtensionArgs extends VersionedArgs {
  @Field({ description: 'true moves the deadline to the one asked for; false refuses the request' })
  @IsBoolean()
  approve: boolean;
  @Field({ nullable: true, description: NOTE }) @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
}

@InputType('EnforcementInput', { description: '执法成果 a unit reports with its submission' })
export class EnforcementInput {
  @Field(() => Int, { description: 'Orders to correct (责令改正), 0–10000' })
  @IsInt()
  @Min(0)
  @Max(ENFORCEMENT_MAX.count)
  ordersToCorrect: number;
  @Field(() => Int, { description: 'Cases opened (立案), 0–10000' })
  @IsInt()
  @Min(0)
  @Max(ENFORCEMENT_MAX.count)
  casesOpened: number;
  @Field(() => Float, { description: 'Fines (罚款) in yuan, to the fen' })
  // (to the fen is the machine's check: class-validator's maxDecimalPlaces throws on 1e-7)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(ENFORCEMENT_MAX.fineYuan)
  fineYuan: number;
}

@ArgsType()
export class SubmitArgs extends WithEvidenceArgs {
  @Field({ description: 'What was done (整改情况), up to 2000 characters, for the office to verify' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  summary: string;
  @Field(() => ComplaintFindingEnum, {
    nullable: true,
    description: 'Complaints only: whether it proved true (是否属实)',
  })
  @IsOptional()
  @IsIn(COMPLAINT_FINDINGS)
  finding?: ComplaintFinding;
  @Field(() => EnforcementInput, {
    nullable: true,
    description:
      'What enforcement came of it (执法成果): orders to correct, cases opened, fines; absent: as last reported',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => EnforcementInput)
  enforcement?: EnforcementInput;
}

@ArgsType()
export class VerifyArgs extends WithEvidenceArgs {
  @Field({ description: 'true accepts the rectification (验收通过); false sends it back to the unit' })
  @IsBoolean()
  passed: boolean;
  @Field({ nullable: true, description: 'Required when the verification fails' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

@ArgsType()
export class CloseArgs extends VersionedArgs {
  @Field({ nullable: true, description: NOTE }) @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
  @Field(() => SatisfactionEnum, {
    nullable: true,
    description: 'Complaints only: the complainant’s satisfaction on follow-up (回访满意度)',
  })
  @IsOptional()
  @IsIn(SATISFACTIONS)
  satisfaction?: Satisfaction;
}

@ArgsType()
export class RevisitArgs extends VersionedArgs {
  @Field({ description: 'true: the problem is back (反弹) and reopens with a new deadline; false: it stays closed' })
  @IsBoolean()
  rebounded: boolean;
  @Field({ nullable: true, description: 'Required on a rebound' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  comment?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The new deadline, required on a rebound' })
  @IsOptional()
  @IsDate()
  newDueAt?: Date;
}

@ArgsType()
export class PublishArgs extends IssueRefArgs {
  @Field({ description: 'true shows it on the public view (信息公开); false hides it' })
  @IsBoolean()
  published: boolean;
  @Field({
    nullable: true,
    description: 'What the public reads instead of the internal description (kept when omitted)',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  publicSummary?: string;
}

@ArgsType()
export class MarkDuplicateArgs extends IssueRefArgs {
  @Field(() => ID, { description: 'The original this problem repeats' }) @IsUUID() ofId: string;
  @Field({ nullable: true, description: NOTE }) @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
  @Field(() => Int, { nullable: true, description: EXPECTED_VERSION })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

@ArgsType()
export class SignOffArgs extends WithEvidenceArgs {
  @Field(() => SignOffStepEnum, { description: 'The step signed: the one the problem is at (refused otherwise)' })
  @IsIn(SIGN_OFF_STEPS)
  step: SignOffStep;
  @Field({
    nullable: true,
    description: 'The document the sign-off is recorded in (文号), up to 100 characters; required for CITY_REVIEW',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  documentNumber?: string;
  @Field({ nullable: true, description: NOTE }) @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
}

@ArgsType()
export class SendBackArgs extends VersionedArgs {
  @Field(() => SignOffStepEnum, { description: 'The step the work is sent back from: the one the problem is at' })
  @IsIn(SIGN_OFF_STEPS)
  step: SignOffStep;
  @Field({ description: 'Why (退回理由), up to 2000 characters: the unit reads it' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  comment: string;
}

@ArgsType()
export class ObjectionArgs extends VersionedArgs {
  @Field({ description: 'The objection (异议) and who raised it, up to 2000 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  comment: string;
}
