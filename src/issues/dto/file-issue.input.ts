import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ISSUE_SOURCES, type IssueSource } from '../../../workflows/issue.types.js';
import { IssueCategoryEnum, IssueSourceEnum } from '../../common/graphql-enums.js';
import { DateTimeScalar } from '../../common/scalars.js';
import { Trim } from '../../common/validation.js';
import { ISSUE_CATEGORIES, type IssueCategory } from '../issue.record.js';

@InputType('FileIssueInput')
export class FileIssueInput {
  @Field(() => IssueSourceEnum) @IsIn(ISSUE_SOURCES) source: IssueSource;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(200) batch?: string;
  @Field({ nullable: true, description: 'Generated when absent, e.g. ZY-2026-00042' })
  @IsOptional() @Trim() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$/) code?: string;
  @Field() @Trim() @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @Field() @Trim() @IsString() @IsNotEmpty() @MaxLength(5000) description: string;
  @Field(() => IssueCategoryEnum) @IsIn(ISSUE_CATEGORIES) category: IssueCategory;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(500) location?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() parentId?: string;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(100) complainantName?: string;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(50) complainantPhone?: string;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxLength(50) complaintChannel?: string;
  @Field(() => DateTimeScalar, { nullable: true }) @IsOptional() @IsDate() replyDueAt?: Date;
}
