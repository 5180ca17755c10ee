import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDate, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { ESCALATION_LEVELS, ISSUE_SOURCES, ISSUE_STATES, type EscalationLevel, type IssueSource, type IssueState } from '../../../workflows/issue.types.js';
import { EscalationLevelEnum, IssueSourceEnum, IssueStateEnum } from '../../common/graphql-enums.js';
import { DateTimeScalar } from '../../common/scalars.js';
import { Trim } from '../../common/validation.js';

@InputType('IssueFilter')
export class IssueFilter {
  @Field(() => [IssueStateEnum], { nullable: true }) @IsOptional() @IsArray() @IsIn(ISSUE_STATES, { each: true })
  states?: IssueState[];
  @Field(() => [IssueSourceEnum], { nullable: true }) @IsOptional() @IsArray() @IsIn(ISSUE_SOURCES, { each: true })
  sources?: IssueSource[];
  @Field(() => ID, { nullable: true, description: 'Lead or cooperating unit' }) @IsOptional() @IsUUID() unitId?: string;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() overdue?: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) @IsOptional() @IsDate() dueBefore?: Date;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(200) batch?: string;
  @Field(() => [EscalationLevelEnum], { nullable: true }) @IsOptional() @IsArray() @IsIn(ESCALATION_LEVELS, { each: true })
  escalationLevels?: EscalationLevel[];
  @Field({ nullable: true, description: 'In title, description or code' })
  @IsOptional() @Trim() @IsString() @MaxLength(200) search?: string;
}

@ArgsType()
export class IssuesArgs {
  @Field(() => IssueFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => IssueFilter) filter?: IssueFilter;
  @Field(() => Int, { nullable: true, defaultValue: 50 }) @IsOptional() @IsInt() @Min(0) first: number = 50;
  @Field({ nullable: true }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) after?: string;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50 }) @IsOptional() @IsInt() @Min(0) first: number = 50;
  @Field({ nullable: true }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) after?: string;
}

@ArgsType()
export class IssueIdArgs {
  @Field(() => ID) @IsUUID() id: string;
}

@ArgsType()
export class IssueCodeArgs {
  @Field() @Trim() @IsString() @IsNotEmpty() @MaxLength(64) code: string;
}
