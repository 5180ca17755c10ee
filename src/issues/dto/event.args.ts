// Arguments of the event mutations: flat GraphQL arguments, validated as classes.
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { COMPLAINT_FINDINGS, type ComplaintFinding, SATISFACTIONS, type Satisfaction } from '../../../workflows/issue.types.js';
import { ComplaintFindingEnum, SatisfactionEnum } from '../../common/graphql-enums.js';
import { DateTimeScalar } from '../../common/scalars.js';
import { Trim } from '../../common/validation.js';

@ArgsType()
export class IssueRefArgs {
  @Field(() => ID) @IsUUID() issueId: string;
}

@ArgsType()
export class VersionedArgs extends IssueRefArgs {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}

/** Events that may carry evidence: uploads (POST /issues/:id/evidence) by the same token, not yet attached. */
@ArgsType()
export class WithEvidenceArgs extends VersionedArgs {
  @Field(() => [ID], { nullable: true, description: 'Evidence uploaded by this token for this problem, attached to this event' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) evidenceIds?: string[];
}

@ArgsType()
export class AcceptArgs extends VersionedArgs {
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
}

@ArgsType()
export class ReturnArgs extends VersionedArgs {
  @Field() @Trim() @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

@ArgsType()
export class ReportProgressArgs extends WithEvidenceArgs {
  @Field(() => Int) @IsInt() @Min(0) @Max(100) progressPercent: number;
  @Field() @Trim() @IsString() @IsNotEmpty() @MaxLength(2000) comment: string;
}

@ArgsType()
export class RequestExtensionArgs extends VersionedArgs {
  @Field(() => DateTimeScalar) @IsDate() newDueAt: Date;
  @Field() @Trim() @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

@ArgsType()
export class DecideExtensionArgs extends VersionedArgs {
  @Field() @IsBoolean() approve: boolean;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
}

@ArgsType()
export class SubmitArgs extends WithEvidenceArgs {
  @Field() @Trim() @IsString() @IsNotEmpty() @MaxLength(2000) summary: string;
  @Field(() => ComplaintFindingEnum, { nullable: true }) @IsOptional() @IsIn(COMPLAINT_FINDINGS) finding?: ComplaintFinding;
}

@ArgsType()
export class VerifyArgs extends WithEvidenceArgs {
  @Field() @IsBoolean() passed: boolean;
  @Field({ nullable: true, description: 'Required when the verification fails' })
  @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
}

@ArgsType()
export class CloseArgs extends VersionedArgs {
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
  @Field(() => SatisfactionEnum, { nullable: true }) @IsOptional() @IsIn(SATISFACTIONS) satisfaction?: Satisfaction;
}

@ArgsType()
export class RevisitArgs extends VersionedArgs {
  @Field() @IsBoolean() rebounded: boolean;
  @Field({ nullable: true, description: 'Required on a rebound' })
  @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The new deadline, required on a rebound' })
  @IsOptional() @IsDate() newDueAt?: Date;
}

@ArgsType()
export class PublishArgs extends IssueRefArgs {
  @Field() @IsBoolean() published: boolean;
  @Field({ nullable: true, description: 'What the public reads instead of the internal description (kept when omitted)' })
  @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(5000) publicSummary?: string;
}

@ArgsType()
export class MarkDuplicateArgs extends IssueRefArgs {
  @Field(() => ID, { description: 'The original this problem repeats' }) @IsUUID() ofId: string;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
}
